import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { ExportMenu } from '../components/ExportMenu';
import { MessageBubble } from '../components/MessageBubble';
import { MoreOnPhone } from '../components/MoreOnPhone';
import { cachedChat, rememberChats } from '../lib/chat-cache';
import { useBackend, useSettings } from '../lib/context';
import { formatDayLabel, jidUser } from '../lib/format';
import { useEvents } from '../lib/hooks';
import { withDaySeparators } from '../lib/messages';
import { captureAnchor, isNearBottom, restoreAnchor, type Anchor } from '../lib/scroll-anchor';
import type { Chat, Message } from '../lib/types';
import { useChatMessages } from '../lib/use-chat-messages';

/** How many older pages to fetch looking for a message opened from search. */
const MAX_SEEK_PAGES = 10;
/** Start loading older messages this close to the top, in px. */
const TOP_SLACK = 120;

/** The chat's header data: the list's copy at once, then the server's. */
function useChat(jid: string): Chat | undefined {
  const backend = useBackend();
  const [chat, setChat] = useState<Chat | undefined>(() => cachedChat(jid));
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    backend.getChat(jid).then(
      (c) => {
        if (!live) return;
        rememberChats([c]);
        setChat(c);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [backend, jid, tick]);
  // more_on_phone changes when a sync finishes.
  useEvents(['history.sync_complete'], () => setTick((t) => t + 1));
  return chat;
}

export function ChatView({ jid, focusId }: { jid: string; focusId?: string }) {
  const chat = useChat(jid);
  const backend = useBackend();
  const { settings } = useSettings();
  const loadVersions = useCallback((id: string) => backend.messageVersions(jid, id), [backend, jid]);
  const { messages, cursor, loading, loadingOlder, error, loadOlder } = useChatMessages(jid);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** first visible message while an older page is loading, to keep the view still */
  const anchor = useRef<Anchor | null>(null);
  const stickBottom = useRef(true);
  const seekPages = useRef(0);
  const focused = useRef('');
  const newestId = useRef('');
  const [unseen, setUnseen] = useState(false);

  function older() {
    const el = scrollRef.current;
    const a = el ? captureAnchor(el) : null;
    if (loadOlder()) anchor.current = a;
  }

  // Scroll: keep the anchor still while older pages arrive; follow the bottom otherwise.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const newest = messages.length ? messages[messages.length - 1].id : '';
    const grewAtBottom = newest !== newestId.current && newestId.current !== '';
    newestId.current = newest;
    if (anchor.current) {
      restoreAnchor(el, anchor.current);
      if (!loadingOlder) anchor.current = null;
    } else if (stickBottom.current && !focusId) {
      el.scrollTop = el.scrollHeight;
    } else if (grewAtBottom) {
      setUnseen(true);
    }
    // A first page shorter than the pane cannot be scrolled: fetch more right away.
    if (!loading && !loadingOlder && el.clientHeight > 0 && el.scrollHeight <= el.clientHeight && cursor) older();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [messages, loadingOlder, loading, focusId]);

  // Opened from search (or a quote): scroll to and highlight the message once it is loaded.
  useEffect(() => {
    if (!focusId || loading || focused.current === focusId) return;
    if (messages.some((m) => m.id === focusId)) {
      focused.current = focusId;
      const el = document.getElementById(`msg-${focusId}`);
      el?.scrollIntoView?.({ block: 'center' });
      stickBottom.current = false;
    } else if (cursor && !loadingOlder && seekPages.current < MAX_SEEK_PAGES) {
      seekPages.current++;
      loadOlder();
    }
  }, [focusId, messages, loading, cursor, loadingOlder, loadOlder]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    // The user moved while an older page loads: keep what they look at now.
    if (anchor.current) anchor.current = captureAnchor(el) ?? anchor.current;
    stickBottom.current = isNearBottom(el.scrollTop, el.scrollHeight, el.clientHeight);
    if (stickBottom.current && unseen) setUnseen(false);
    if (el.scrollTop < TOP_SLACK) older();
  }

  function toBottom() {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
    stickBottom.current = true;
    setUnseen(false);
  }

  const name = chat?.name || jidUser(jid);
  const isGroup = chat?.is_group ?? jid.endsWith('@g.us');
  const items = useMemo(() => withDaySeparators(messages), [messages]);
  const byId = useMemo(() => new Map<string, Message>(messages.map((m) => [m.id, m])), [messages]);
  const now = new Date();
  const atOldest = !loading && !cursor;

  return (
    <div className="screen screen-fill" data-testid="screen-chat">
      <header className="screen-header chat-header">
        <a className="back" href="#/chats" aria-label="Back to chats">
          ‹
        </a>
        <div className="screen-header-text">
          <h1 data-testid="chat-name">{name}</h1>
          <div className="screen-subtitle mono" data-testid="chat-jid">
            {jid}
          </div>
        </div>
        <div className="chat-header-actions">
          <ExportMenu jid={jid} />
        </div>
      </header>
      <ErrorText error={error} prefix="Could not load messages" />
      <div className="messages" ref={scrollRef} onScroll={onScroll} data-testid="messages">
        {atOldest && chat?.more_on_phone ? <MoreOnPhone jid={jid} /> : null}
        {loadingOlder ? <p className="muted center">Loading older messages…</p> : null}
        {loading ? <p className="muted center">Loading messages…</p> : null}
        {!loading && !error && messages.length === 0 ? <EmptyState title="No messages stored for this chat" /> : null}
        {items.map((it) =>
          it.kind === 'day' ? (
            <div key={it.key} className="day-separator" role="separator">
              <span>{formatDayLabel(it.timestamp, now)}</span>
            </div>
          ) : (
            <MessageBubble
              key={it.key}
              message={it.message}
              showSender={isGroup}
              highlighted={!!focusId && it.message.id === focusId}
              quoted={it.message.quoted_id ? byId.get(it.message.quoted_id) : undefined}
              loadVersions={loadVersions}
              hideDeleted={!!settings?.hide_deleted_content}
            />
          ),
        )}
        {unseen ? (
          <button type="button" className="btn btn-small new-below" onClick={toBottom} data-testid="new-messages">
            New messages ↓
          </button>
        ) : null}
      </div>
    </div>
  );
}
