import type { Message } from '../../lib/types';
import { Business } from './Business';
import { Call } from './Call';
import { Contacts } from './Contacts';
import { Event } from './Event';
import { Invite } from './Invite';
import { LinkPreview } from './LinkPreview';
import { Location } from './Location';
import { Media } from './Media';
import { Payment } from './Payment';
import { Poll } from './Poll';
import { Text } from './Text';
import { Unsupported } from './Unsupported';

const MEDIA_TYPES = new Set(['image', 'video', 'video_note', 'gif', 'audio', 'voice', 'document', 'sticker', 'sticker_pack', 'album']);

/** What the message carries, by kind: a card for structured kinds, media placeholder plus caption, or text. */
export function KindBody({ m }: { m: Message }) {
  const c = m.content ?? {};
  if (m.type === 'unsupported') return <Unsupported kind={c.kind} />;
  if (c.poll) return <Poll poll={c.poll} />;
  if (c.event) return <Event event={c.event} scheduledCall={m.type === 'scheduled_call'} />;
  if (c.contacts?.length) return <Contacts cards={c.contacts} />;
  if (c.location) return <Location location={c.location} caption={c.location.live && m.text !== c.location.name ? m.text : ''} />;
  if (c.call) return <Call call={c.call} fromMe={m.from_me} />;
  if (c.invite) return <Invite invite={c.invite} />;
  if (c.payment) return <Payment payment={c.payment} request={c.kind === 'requestPaymentMessage'} />;
  if (c.business) return <Business business={c.business} text={m.text} />;
  const media = m.media || c.media || MEDIA_TYPES.has(m.type);
  return (
    <>
      {media ? <Media type={m.type} media={m.media} info={c.media} /> : null}
      {c.link_preview ? <LinkPreview preview={c.link_preview} /> : null}
      <Text text={m.text} mentions={c.mentions} names={c.mention_names} />
      {!media && !m.text ? <div className="msg-text msg-muted">[{m.type || 'message'}]</div> : null}
    </>
  );
}
