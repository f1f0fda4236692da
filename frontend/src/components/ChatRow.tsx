import { formatChatTime, jidUser } from '../lib/format';
import { chatHref } from '../lib/router';
import type { Chat } from '../lib/types';

/** One chat in the list; name and last message are text from strangers, rendered as text. */
export function ChatRow({ chat: c, now }: { chat: Chat; now: Date }) {
  const name = c.name || jidUser(c.jid);
  return (
    <a className="chat-row" href={chatHref(c.jid)} data-testid="chat-row" data-jid={c.jid}>
      <span className={`avatar${c.is_group ? ' avatar-group' : ''}`} aria-hidden="true">
        {(name.trim()[0] ?? '?').toUpperCase()}
      </span>
      <span className="chat-row-main">
        <span className="chat-row-top">
          <span className="chat-name">{name}</span>
          <time className="chat-time" dateTime={c.last_message_at}>
            {formatChatTime(c.last_message_at, now)}
          </time>
        </span>
        <span className="chat-row-bottom">
          <span className="chat-last">
            {c.pinned ? <span className="tag">pinned</span> : null}
            {c.archived ? <span className="tag">archived</span> : null}
            {c.last_message_text}
          </span>
          {c.unread > 0 ? (
            <span className={`badge${c.muted ? ' badge-muted' : ''}`} aria-label={`${c.unread} unread`}>
              {c.unread > 999 ? '999+' : c.unread}
            </span>
          ) : null}
        </span>
      </span>
    </a>
  );
}
