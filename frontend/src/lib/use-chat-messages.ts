// One chat's messages: the newest page first, older pages by keyset (`before`), live additions.
import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from './api-error';
import { useBackend } from './context';
import { useDebouncedCallback, useEvents } from './hooks';
import { mergeMessages, messageFromEvent } from './messages';
import type { Message, MessageReceivedData } from './types';

export const PAGE = 50;

export interface ChatMessages {
  /** oldest first */
  messages: Message[];
  /** cursor for the next older page ("" when the oldest stored message is loaded) */
  cursor: string;
  loading: boolean;
  loadingOlder: boolean;
  error: ApiError | null;
  /** fetches the next older page; returns false when there is none or one is already loading */
  loadOlder: () => boolean;
}

export function useChatMessages(jid: string): ChatMessages {
  const backend = useBackend();
  const [messages, setMessages] = useState<Message[]>([]);
  const [cursor, setCursor] = useState('');
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const busy = useRef(false);

  useEffect(() => {
    let live = true;
    setMessages([]);
    setCursor('');
    setError(null);
    setLoading(true);
    busy.current = false;
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

  const loadOlder = useCallback((): boolean => {
    if (!cursor || busy.current || loading) return false;
    busy.current = true;
    setLoadingOlder(true);
    backend.listMessages({ chat_jid: jid, before: cursor, limit: PAGE }).then(
      (r) => {
        busy.current = false;
        setMessages((old) => mergeMessages(old, r.messages));
        setCursor(r.next_cursor);
        setLoadingOlder(false);
      },
      (err) => {
        busy.current = false;
        setError(toApiError(err));
        setLoadingOlder(false);
      },
    );
    return true;
  }, [backend, jid, cursor, loading]);

  // Live: the newest page again (stored copies carry media, quotes and reactions).
  const refreshNewest = useDebouncedCallback(
    () => {
      backend.listMessages({ chat_jid: jid, limit: PAGE }).then(
        (r) => {
          setMessages((old) => mergeMessages(old, r.messages));
          // History may have arrived for a chat we thought fully loaded: page on from here.
          setCursor((c) => c || r.next_cursor);
        },
        () => {},
      );
    },
    600,
    3000,
  );
  useEvents(['message.received', 'history.sync'], (ev) => {
    if (ev.event_type === 'message.received') {
      const d = ev.data as MessageReceivedData | null;
      if (!d || d.chat_jid !== jid) return;
      if (d.message_id) {
        // Show it at once; keep a stored copy if one is already here.
        setMessages((old) => (old.some((m) => m.id === d.message_id) ? old : mergeMessages(old, [messageFromEvent(d)])));
      }
    }
    refreshNewest();
  });

  return { messages, cursor, loading, loadingOlder, error, loadOlder };
}
