import { formatClock, formatDateTime, jidUser, mediaPlaceholder, parseTime } from '../lib/format';
import { groupReactions, quoteText } from '../lib/messages';
import { chatHref } from '../lib/router';
import type { Message } from '../lib/types';

interface Props {
  message: Message;
  /** show the sender's name (group chats) */
  showSender: boolean;
  highlighted?: boolean;
  /** the message this one replies to, when it is loaded */
  quoted?: Message | null;
}

function senderName(m: Message): string {
  return m.from_me ? 'You' : m.sender_name || jidUser(m.sender || '');
}

/** The quoted message of a reply; a link that scrolls to it when it is loaded. */
function Quote({ m, quoted }: { m: Message; quoted?: Message | null }) {
  if (!quoted) {
    return (
      <div className="msg-quote msg-muted" data-testid="message-quote">
        Reply to a message
      </div>
    );
  }
  return (
    <a className="msg-quote" href={chatHref(m.chat_jid, quoted.id)} data-testid="message-quote">
      <span className="msg-quote-sender">{senderName(quoted)}</span>
      <span className="msg-quote-text">{quoteText(quoted)}</span>
    </a>
  );
}

/** One message. Everything from the sender is rendered as React text — never as HTML. */
export function MessageBubble({ message: m, showSender, highlighted, quoted }: Props) {
  const d = parseTime(m.timestamp);
  const cls = ['msg', m.from_me ? 'msg-out' : 'msg-in', highlighted ? 'msg-highlight' : '', m.deleted ? 'msg-deleted' : '']
    .filter(Boolean)
    .join(' ');
  const chips = groupReactions(m.reactions);
  return (
    <div className={cls} data-testid="message" data-message-id={m.id} id={`msg-${m.id}`}>
      <div className="msg-bubble">
        {showSender && !m.from_me ? <div className="msg-sender">{senderName(m)}</div> : null}
        {m.deleted ? (
          <div className="msg-text msg-muted">This message was deleted</div>
        ) : (
          <>
            {m.quoted_id ? <Quote m={m} quoted={quoted} /> : null}
            {m.media ? <div className="msg-media">{mediaPlaceholder(m.media)}</div> : null}
            {m.text ? <div className="msg-text">{m.text}</div> : null}
            {!m.media && !m.text ? <div className="msg-text msg-muted">[{m.type || 'message'}]</div> : null}
          </>
        )}
        <div className="msg-meta">
          {m.edited && !m.deleted ? <span className="msg-edited">edited</span> : null}
          <time dateTime={m.timestamp} title={formatDateTime(m.timestamp)}>
            {d ? formatClock(d) : ''}
          </time>
        </div>
        {chips.length ? (
          <div className="msg-reactions" aria-label="Reactions">
            {chips.map((c) => (
              <span key={c.emoji} className="reaction-chip" data-testid="reaction" title={c.senders.join(', ')}>
                {c.emoji}
                {c.count > 1 ? ` ${c.count}` : ''}
              </span>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
}
