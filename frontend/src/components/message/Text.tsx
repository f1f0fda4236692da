import { formatWhatsApp } from '../../lib/wa-format';

/** A message text with WhatsApp's formatting, links and mentions. */
export function Text({ text, mentions }: { text: string; mentions?: string[] | null }) {
  if (!text) return null;
  return (
    <div className="msg-text" data-testid="message-text">
      {formatWhatsApp(text, { mentions })}
    </div>
  );
}
