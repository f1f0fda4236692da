import { jidUser } from '../../lib/format';
import { quoteText } from '../../lib/messages';
import { chatHref } from '../../lib/router';
import type { Message } from '../../lib/types';
import { formatWhatsApp } from '../../lib/wa-format';

function senderName(m: Message): string {
  return m.from_me ? 'You' : m.sender_name || jidUser(m.sender || '');
}

/**
 * The message a reply answers: the loaded original (a link that scrolls to it), else what the reply
 * itself carries (content.quoted), else a bare marker.
 */
export function Quote({ m, quoted }: { m: Message; quoted?: Message | null }) {
  if (quoted) {
    return (
      <a className="msg-quote" href={chatHref(m.chat_jid, quoted.id)} data-testid="message-quote">
        <span className="msg-quote-sender">{senderName(quoted)}</span>
        <span className="msg-quote-text">{formatWhatsApp(quoteText(quoted))}</span>
      </a>
    );
  }
  const q = m.content?.quoted;
  if (q && (q.text || q.sender || q.type)) {
    const who = q.type === 'status' ? 'Status' : q.sender ? jidUser(q.sender) : '';
    return (
      <div className="msg-quote" data-testid="message-quote">
        {who ? <span className="msg-quote-sender">{who}</span> : null}
        <span className="msg-quote-text">{q.text ? formatWhatsApp(q.text) : q.type ? `[${q.type}]` : 'Message'}</span>
      </div>
    );
  }
  return (
    <div className="msg-quote msg-muted" data-testid="message-quote">
      Reply to a message
    </div>
  );
}
