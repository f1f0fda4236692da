import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { MessageBubble } from '../components/MessageBubble';
import { toApiError, errorText, type ApiError } from '../lib/api-error';
import { cachedChat, rememberChats } from '../lib/chat-cache';
import { useBackend } from '../lib/context';
import { formatDayLabel, jidUser } from '../lib/format';
import { useDebouncedCallback, useEvents } from '../lib/hooks';
import { mergeMessages, withDaySeparators } from '../lib/messages';
import type { Chat, Message } from '../lib/types';

const PAGE = 50;
/** How many older pages to fetch looking for a message opened from search. */
const MAX_SEEK_PAGES = 10;

export function ChatView({ jid, focusId }: { jid: string; focusId?: string }) {
  const backend = useBackend();
  const [chat, setChat] = useState<Chat | undefined>(() => cachedChat(jid));
  const [messages, setMessages] = useState<Message[]>([]);
  const [cursor, setCursor] = useState('');
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [syncNote, setSyncNote] = useState('');
  const [syncBusy, setSyncBusy] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** scrollHeight before prepending older messages, to keep the view still */
  const anchor = useRef<number | null>(null);
  const stickBottom = useRef(true);
  const seekPages = useRef(0);
  const focused = useRef('');

  // Chat header data: from the list cache, else ask the list for it.
  useEffect(() => {
    const c = cachedChat(jid);
    setChat(c);
    if (c) return;
    let live = true;
    backend.listChats({ q: jid, limit: 20 }).then(
      (r) => {
        rememberChats(r.chats);
        if (live) setChat(r.chats.find((x) => x.jid === jid));
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [backend, jid]);

  // First page.
  useEffect(() => {
    let live = true;
    setMessages([]);
    setCursor('');
    setError(null);
    setLoading(true);
    stickBottom.current = true;
    seekPages.current = 0;
    focused.current = '';
    backend.listMessages({ chat_jid: jid, limit: PAGE }).then(
      (r) => {
        if (!live) return;
        setMessages(mergeMessages([], r.messages));
        setCursor(r.next_cursor);
        setLoading(false);
      },
      (err) => {
        if (!live) return;
        setError(toApiError(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [backend, jid]);

  const loadOlder = useCallback(() => {
    if (!cursor || loadingOlder) return;
    setLoadingOlder(true);
    anchor.current = scrollRef.current?.scrollHeight ?? null;
    backend.listMessages({ chat_jid: jid, before: cursor, limit: PAGE }).then(
      (r) => {
        setMessages((old) => mergeMessages(old, r.messages));
        setCursor(r.next_cursor);
        setLoadingOlder(false);
      },
      (err) => {
        anchor.current = null;
        setError(toApiError(err));
        setLoadingOlder(false);
      },
    );
  }, [backend, jid, cursor, loadingOlder]);

  // Live: newest page again when something arrives for this chat.
  const refreshNewest = useDebouncedCallback(() => {
    backend.listMessages({ chat_jid: jid, limit: PAGE }).then(
      (r) => setMessages((old) => mergeMessages(old, r.messages)),
      () => {},
    );
  }, 600);
  useEvents(['message.received', 'history.sync', 'history.sync_complete'], (ev) => {
    const d = ev.data as { chat_jid?: string } | null;
    if (ev.event_type === 'message.received' && d?.chat_jid && d.chat_jid !== jid) return;
    refreshNewest();
  });

  // Scroll: keep position when older messages are prepended, stay at the bottom otherwise.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (anchor.current !== null) {
      el.scrollTop += el.scrollHeight - anchor.current;
      anchor.current = null;
    } else if (stickBottom.current && !focusId) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages, focusId]);

  // Opened from search: scroll to and highlight the message once it is loaded.
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
    stickBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 120) loadOlder();
  }

  async function askPhone() {
    setSyncBusy(true);
    setSyncNote('');
    try {
      const r = await backend.requestHistorySync({ chat_jid: jid, count: 50 });
      setSyncNote(r.note || 'Asked the phone for older messages. They appear here when it answers.');
    } catch (err) {
      setSyncNote(errorText(err));
    } finally {
      setSyncBusy(false);
    }
  }

  const name = chat?.name || jidUser(jid);
  const isGroup = chat?.is_group ?? jid.endsWith('@g.us');
  const items = withDaySeparators(messages);
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
      </header>
      <ErrorText error={error} prefix="Could not load messages" />
      <div className="messages" ref={scrollRef} onScroll={onScroll} data-testid="messages">
        {atOldest && chat?.more_on_phone ? (
          <div className="more-on-phone" data-testid="more-on-phone">
            <p>More history is on the phone.</p>
            <button type="button" className="btn" onClick={askPhone} disabled={syncBusy} data-testid="load-from-phone">
              Load older messages from the phone
            </button>
            {syncNote ? <p className="muted">{syncNote}</p> : null}
          </div>
        ) : null}
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
            />
          ),
        )}
      </div>
    </div>
  );
}
