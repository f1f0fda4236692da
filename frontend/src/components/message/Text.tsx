import { formatWhatsApp } from '../../lib/wa-format';

interface TextProps {
  text: string;
  /** JIDs the text mentions */
  mentions?: string[] | null;
  /** shown name of each mentioned JID; a JID without one shows as its number */
  names?: Record<string, string> | null;
}

/** A message text with WhatsApp's formatting, links and mentions shown by name. */
export function Text({ text, mentions, names }: TextProps) {
  if (!text) return null;
  return (
    <div className="msg-text" data-testid="message-text">
      {formatWhatsApp(text, { mentions, names: names ?? undefined })}
    </div>
  );
}
