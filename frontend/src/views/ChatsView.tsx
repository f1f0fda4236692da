import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ChatRow } from '../components/ChatRow';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { ScreenHeader } from '../components/ScreenHeader';
import { toApiError, type ApiError } from '../lib/api-error';
import { rememberChats } from '../lib/chat-cache';
import { useBackend } from '../lib/context';
import { useDebounced, useDebouncedCallback, useEvents } from '../lib/hooks';
import { keepRowInPlace } from '../lib/scroll-anchor';
import type { Chat } from '../lib/types';

const PAGE = 100;
const ROW_HEIGHT = 68;

/** A fresh first page in front of what was loaded, without duplicates. */
function mergeFirstPage(fresh: Chat[], old: Chat[]): Chat[] {
  const seen = new Set(fresh.map((c) => c.jid));
  return [...fresh, ...old.filter((c) => !seen.has(c.jid))];
}

export function ChatsView() {
  const backend = useBackend();
  const [filter, setFilter] = useState('');
  const q = useDebounced(filter.trim(), 250);
  const [chats, setChats] = useState<Chat[]>([]);
  const [cursor, setCursor] = useState('');
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const gen = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** the list before a live refresh, to keep the top visible row where it was */
  const beforeRefresh = useRef<Chat[] | null>(null);

  const loadFirst = useCallback(
    (merge: boolean) => {
      const g = ++gen.current;
      if (!merge) setLoading(true);
      backend.listChats({ limit: PAGE, q: q || undefined }).then(
        (r) => {
          if (g !== gen.current) return;
          rememberChats(r.chats);
          setChats((old) => {
            if (!merge) return r.chats;
            beforeRefresh.current = old;
            return mergeFirstPage(r.chats, old);
          });
          if (!merge) setCursor(r.next_cursor);
          setError(null);
          setLoading(false);
        },
        (err) => {
          if (g !== gen.current) return;
          setError(toApiError(err));
          setLoading(false);
        },
      );
    },
    [backend, q],
  );

  useEffect(() => {
    loadFirst(false);
  }, [loadFirst]);

  // Live: refetch the first page while history arrives (at least every 3 s during a stream of events).
  const refresh = useDebouncedCallback(() => loadFirst(true), 800, 3000);
  useEvents(['history.sync', 'history.sync_complete', 'message.received'], refresh);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const g = gen.current;
    setLoadingMore(true);
    backend.listChats({ limit: PAGE, cursor, q: q || undefined }).then(
      (r) => {
        setLoadingMore(false);
        if (g !== gen.current) return;
        rememberChats(r.chats);
        setChats((old) => mergeFirstPage(old, r.chats));
        setCursor(r.next_cursor);
      },
      (err) => {
        setLoadingMore(false);
        setError(toApiError(err));
      },
    );
  }, [backend, cursor, loadingMore, q]);

  const virtualizer = useVirtualizer({
    count: chats.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const old = beforeRefresh.current;
    beforeRefresh.current = null;
    if (!el || !old) return;
    const top = keepRowInPlace(
      old.map((c) => c.jid),
      chats.map((c) => c.jid),
      el.scrollTop,
      ROW_HEIGHT,
    );
    if (top !== el.scrollTop) el.scrollTop = top;
  }, [chats]);

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (lastIndex >= chats.length - 20 && cursor) loadMore();
  }, [lastIndex, chats.length, cursor, loadMore]);

  const now = new Date();
  const empty = !loading && !error && chats.length === 0;

  return (
    <div className="screen screen-fill" data-testid="screen-chats">
      <ScreenHeader title="Chats" />
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Filter chats"
          aria-label="Filter chats"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="chats-filter"
        />
      </div>
      <ErrorText error={error} prefix="Could not load chats" />
      {loading && chats.length === 0 ? <p className="muted pad">Loading chats…</p> : null}
      {empty ? (
        q ? (
          <EmptyState title={`No chats match “${q}”`} />
        ) : (
          <EmptyState title="No chats yet — link a phone and your history appears here while it syncs">
            <a className="btn btn-primary" href="#/link">
              Link a phone
            </a>
          </EmptyState>
        )
      ) : null}
      <div className="chat-list" ref={scrollRef} data-testid="chat-list" hidden={chats.length === 0}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((it) => (
            <div
              key={chats[it.index].jid}
              className="chat-list-item"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: it.size, transform: `translateY(${it.start}px)` }}
            >
              <ChatRow chat={chats[it.index]} now={now} />
            </div>
          ))}
        </div>
        {loadingMore ? <p className="muted pad">Loading more…</p> : null}
      </div>
    </div>
  );
}
