import { useEffect, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { Highlight } from '../components/Highlight';
import { ScreenHeader } from '../components/ScreenHeader';
import { toApiError, type ApiError } from '../lib/api-error';
import { useBackend } from '../lib/context';
import { formatChatTime, jidUser } from '../lib/format';
import { useDebounced } from '../lib/hooks';
import { chatHref, navigate } from '../lib/router';
import type { SearchResult } from '../lib/types';

export function SearchView({ initialQuery }: { initialQuery: string }) {
  const backend = useBackend();
  const [input, setInput] = useState(initialQuery);
  const q = useDebounced(input.trim(), 300);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [searched, setSearched] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    // Keep the query in the hash so reload and Back keep it.
    const want = q ? `#/search?q=${encodeURIComponent(q)}` : '#/search';
    if (window.location.hash !== want) navigate(want, true);
    if (!q) {
      setResults(null);
      setError(null);
      return;
    }
    let live = true;
    setLoading(true);
    backend.search({ q, limit: 100 }).then(
      (r) => {
        if (!live) return;
        setResults(r.results);
        setSearched(q);
        setError(null);
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
  }, [backend, q]);

  const now = new Date();
  return (
    <div className="screen screen-fill" data-testid="screen-search">
      <ScreenHeader title="Search" />
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Search all messages"
          aria-label="Search all messages"
          autoFocus
          value={input}
          onChange={(e) => setInput(e.target.value)}
          data-testid="search-input"
        />
      </div>
      <ErrorText error={error} prefix="Search failed" />
      <div className="scroll">
        {!q ? <EmptyState title="Type to search your history" /> : null}
        {q && loading && !results ? <p className="muted pad">Searching…</p> : null}
        {q && results && results.length === 0 && searched === q && !error ? (
          <EmptyState title={`No messages match “${q}”`} />
        ) : null}
        {q && results && results.length > 0 ? (
          <ul className="results" data-testid="search-results">
            {results.map((r) => (
              <li key={`${r.chat_jid}/${r.message_id}`}>
                <a className="result" href={chatHref(r.chat_jid, r.message_id)} data-testid="search-result">
                  <span className="result-top">
                    <span className="chat-name">{r.chat_name || jidUser(r.chat_jid)}</span>
                    <time className="chat-time" dateTime={r.timestamp}>
                      {formatChatTime(r.timestamp, now)}
                    </time>
                  </span>
                  <span className="result-snippet">
                    {r.sender_name ? <span className="result-sender">{r.sender_name}: </span> : null}
                    <Highlight snippet={r.snippet} />
                  </span>
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
