import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { errorText } from '../lib/api-error';
import { useBackend } from '../lib/context';
import { formatCount, formatDateTime } from '../lib/format';
import { useEvents, useLoad } from '../lib/hooks';
import { syncTypeLabel } from '../lib/sync-progress';
import type { HistoryNotification } from '../lib/types';

/**
 * The history syncs that could not be stored yet: failed ones with their
 * reason and a Retry action, and those waiting to be tried again. Reloads
 * whenever a history.sync event (a chunk stored or a notification failed)
 * arrives.
 */
export function HistoryQueue() {
  const backend = useBackend();
  const failed = useLoad(() => backend.listHistoryNotifications({ status: 'failed' }), []);
  const pending = useLoad(() => backend.listHistoryNotifications({ status: 'pending' }), []);
  const [busy, setBusy] = useState<number | 'all' | null>(null);
  const [note, setNote] = useState('');
  const [noteIsError, setNoteIsError] = useState(false);

  function reload() {
    failed.reload();
    pending.reload();
  }
  useEvents(['history.sync'], reload);

  async function retry(id: number | 'all') {
    setBusy(id);
    setNote('');
    try {
      if (id === 'all') {
        const r = await backend.retryFailedHistoryNotifications();
        setNote(`Queued ${formatCount(r.retried)} history syncs again.`);
      } else {
        await backend.retryHistoryNotification(id);
        setNote('Queued again.');
      }
      setNoteIsError(false);
      reload();
    } catch (err) {
      setNoteIsError(true);
      setNote(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  // Only pending ones that already failed an attempt are waiting; the rest
  // are simply next in line.
  const waiting = (pending.data?.notifications ?? []).filter((n) => n.attempts > 0);
  const rows = [...(failed.data?.notifications ?? []), ...waiting];
  const error = failed.error ?? pending.error;
  if (rows.length === 0 && !error && !note) return null;

  return (
    <section data-testid="history-queue">
      <h2 className="section-title">History syncs not stored</h2>
      <ErrorText error={error} prefix="Could not load the history queue" />
      {note ? (
        <p className={noteIsError ? 'error-text' : 'note'} role={noteIsError ? 'alert' : 'status'}>
          {note}
        </p>
      ) : null}
      {(failed.data?.notifications.length ?? 0) > 0 ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => retry('all')}
          disabled={busy !== null}
          data-testid="retry-all-failed"
        >
          {busy === 'all' ? 'Retrying…' : 'Retry all failed'}
        </button>
      ) : null}
      {rows.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Received</th>
              <th>Sync</th>
              <th>Status</th>
              <th>Reason</th>
              <th className="num">Attempts</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((n) => (
              <QueueRow key={n.id} n={n} busy={busy} onRetry={() => retry(n.id)} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function QueueRow({ n, busy, onRetry }: { n: HistoryNotification; busy: number | 'all' | null; onRetry: () => void }) {
  const isFailed = n.status === 'failed';
  return (
    <tr data-testid="queue-row">
      <td>{formatDateTime(n.received_at)}</td>
      <td>
        {syncTypeLabel(n.sync_type) || '—'}
        <div className="muted small">chunk {n.chunk_order}</div>
      </td>
      <td>
        <span className={`status status-${isFailed ? 'failed' : 'pending'}`}>{isFailed ? 'Failed' : 'Waiting to retry'}</span>
        {!isFailed && n.next_attempt_at ? <div className="muted small">next try {formatDateTime(n.next_attempt_at)}</div> : null}
      </td>
      <td className="small" data-testid="queue-reason">
        {isFailed ? n.error || n.last_error : n.last_error}
      </td>
      <td className="num">{formatCount(n.attempts)}</td>
      <td>
        {n.retryable ? (
          <button type="button" className="btn btn-small" onClick={onRetry} disabled={busy !== null} data-testid="queue-retry">
            {busy === n.id ? 'Retrying…' : isFailed ? 'Retry' : 'Retry now'}
          </button>
        ) : null}
      </td>
    </tr>
  );
}
