import { formatBytes, formatDuration, mediaLabel } from '../../lib/format';
import type { Media as MediaRow, MediaInfo } from '../../lib/types';
import { Icon } from './Icon';

const ICONS: Record<string, string> = {
  image: 'image',
  photo: 'image',
  video: 'video',
  video_note: 'round',
  gif: 'video',
  audio: 'audio',
  voice: 'mic',
  ptt: 'mic',
  document: 'document',
  sticker: 'sticker',
  sticker_pack: 'sticker',
  album: 'image',
};

const LABELS: Record<string, string> = {
  video_note: 'video message',
  sticker_pack: 'sticker pack',
  album: 'album',
};

/** What a media message is, as WhatsApp's placeholder shows it before download: kind, name, length, size. */
export function Media({ type, media, info }: { type: string; media?: MediaRow | null; info?: MediaInfo | null }) {
  let kind = media?.kind || type;
  if (info?.round_video) kind = 'video_note';
  else if (info?.animated && kind === 'video') kind = 'gif';
  const label = LABELS[kind] ?? mediaLabel(kind);
  const details = [
    info?.items ? `${info.items} items` : '',
    info?.pages ? `${info.pages} ${info.pages === 1 ? 'page' : 'pages'}` : '',
    formatDuration(media?.duration),
    formatBytes(media?.size),
    info?.width && info?.height ? `${info.width}×${info.height}` : '',
  ].filter(Boolean);
  return (
    <div className={`msg-media-card media-${kind}`} data-testid="message-media">
      <span className="msg-media-icon">
        <Icon name={ICONS[kind] ?? 'document'} />
      </span>
      <span className="msg-media-body">
        <span className="msg-media-name">{media?.file_name || info?.title || label}</span>
        <span className="msg-media-details">{[label, ...details].join(' · ')}</span>
      </span>
    </div>
  );
}
