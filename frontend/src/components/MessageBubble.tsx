import { useState } from 'react';
import { formatClock, formatDateTime, jidUser, parseTime } from '../lib/format';
import { groupReactions } from '../lib/messages';
import type { Message, MessageVersionList } from '../lib/types';
import { KindBody } from './message/Body';
import { Flags } from './message/Flags';
import './message/message.css';
import { Quote } from './message/Quote';
import { StatusTicks } from './message/StatusTicks';
import { SystemChip } from './message/SystemChip';
import { EditedVersions } from './MessageVersions';

interface Props {
  message: Message;
  /** show the sender's name (group chats) */
  showSender: boolean;
  highlighted?: boolean;
  /** the message this one replies to, when it is loaded */
  quoted?: Message | null;
  /** loads the kept versions of an edited message; without it "edited" is a plain marker */
  loadVersions?: (id: string) => Promise<MessageVersionList>;
  /** the hide-deleted-content setting: no way to reveal what a deleted message said */
  hideDeleted?: boolean;
}

function senderName(m: Message): string {
  return m.from_me ? 'You' : m.sender_name || jidUser(m.sender || '');
}

/** What the message says: flags, reply quote, then the kind's own body. */
function Content({ m, quoted }: { m: Message; quoted?: Message | null }) {
  return (
    <>
      <Flags c={m.content} />
      {m.quoted_id || m.content?.quoted?.text ? <Quote m={m} quoted={quoted} /> : null}
      <KindBody m={m} />
    </>
  );
}

/** A message deleted for everyone: its content is kept, shown only on request (never with hideDeleted). */
function Deleted({ m, quoted, hideDeleted }: { m: Message; quoted?: Message | null; hideDeleted?: boolean }) {
  const [revealed, setRevealed] = useState(false);
  const canReveal = !hideDeleted && (!!m.text || !!m.media);
  return (
    <>
      <div className="msg-text msg-muted" data-testid="message-deleted">
        This message was deleted
        {canReveal ? (
          <>
            {' '}
            <button
              type="button"
              className="link-button small"
              onClick={() => setRevealed((v) => !v)}
              aria-expanded={revealed}
              data-testid="message-reveal"
            >
              {revealed ? 'Hide' : 'Show what it said'}
            </button>
          </>
        ) : null}
      </div>
      {canReveal && revealed ? (
        <div className="msg-revealed" data-testid="message-revealed">
          <Content m={m} quoted={quoted} />
        </div>
      ) : null}
    </>
  );
}

/** The row's body by type: placeholders and unsupported kinds say what they are. */
function Body({ m, quoted, hideDeleted }: { m: Message; quoted?: Message | null; hideDeleted?: boolean }) {
  if (m.type === 'waiting') {
    return (
      <div className="msg-text msg-muted" data-testid="message-waiting">
        Waiting for this message. This may take a while.
      </div>
    );
  }
  if (m.deleted) return <Deleted m={m} quoted={quoted} hideDeleted={hideDeleted} />;
  return <Content m={m} quoted={quoted} />;
}

/** One message. Everything from the sender is rendered as React text — never as HTML. */
export function MessageBubble({ message: m, showSender, highlighted, quoted, loadVersions, hideDeleted }: Props) {
  if (m.type === 'system' && !m.deleted) return <SystemChip m={m} />;
  const d = parseTime(m.timestamp);
  const cls = ['msg', m.from_me ? 'msg-out' : 'msg-in', highlighted ? 'msg-highlight' : '', m.deleted ? 'msg-deleted' : '']
    .filter(Boolean)
    .join(' ');
  const chips = groupReactions(m.reactions);
  return (
    <div className={cls} data-testid="message" data-message-id={m.id} id={`msg-${m.id}`}>
      <div className="msg-bubble">
        {showSender && !m.from_me ? <div className="msg-sender">{senderName(m)}</div> : null}
        <Body m={m} quoted={quoted} hideDeleted={hideDeleted} />
        <div className="msg-meta">
          {m.starred ? (
            <span className="msg-starred" title="Starred" aria-label="Starred">
              ★
            </span>
          ) : null}
          {m.deleted_for_me ? <span className="msg-muted small">deleted on your phone</span> : null}
          {m.edited && !m.deleted ? (
            loadVersions ? (
              <EditedVersions messageId={m.id} load={loadVersions} />
            ) : (
              <span className="msg-edited">edited</span>
            )
          ) : null}
          <time dateTime={m.timestamp} title={formatDateTime(m.timestamp)}>
            {d ? formatClock(d) : ''}
          </time>
          {m.from_me ? <StatusTicks status={m.content?.status} /> : null}
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
