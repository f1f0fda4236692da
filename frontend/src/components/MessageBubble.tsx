import { formatClock, formatDateTime, jidUser, mediaPlaceholder, parseTime } from '../lib/format';
import type { Message } from '../lib/types';

interface Props {
  message: Message;
  /** show the sender's name (group chats) */
  showSender: boolean;
  highlighted?: boolean;
}

/** One message. Everything from the sender is rendered as React text — never as HTML. */
export function MessageBubble({ message: m, showSender, highlighted }: Props) {
  const d = parseTime(m.timestamp);
  const cls = ['msg', m.from_me ? 'msg-out' : 'msg-in', highlighted ? 'msg-highlight' : '', m.deleted ? 'msg-deleted' : '']
    .filter(Boolean)
    .join(' ');
  const reactions = (m.reactions ?? []).map((r) => r.emoji || r.text || '').filter(Boolean);
  return (
    <div className={cls} data-testid="message" data-message-id={m.id} id={`msg-${m.id}`}>
      <div className="msg-bubble">
        {showSender && !m.from_me ? (
          <div className="msg-sender">{m.sender_name || jidUser(m.sender || '')}</div>
        ) : null}
        {m.deleted ? (
          <div className="msg-text msg-muted">This message was deleted</div>
        ) : (
          <>
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
        {reactions.length ? <div className="msg-reactions">{reactions.join(' ')}</div> : null}
      </div>
    </div>
  );
}
