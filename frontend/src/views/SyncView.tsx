import { useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { ScreenHeader } from '../components/ScreenHeader';
import { SyncRunSummary } from '../components/SyncStatus';
import { errorText } from '../lib/api-error';
import { useBackend } from '../lib/context';
import { formatCount, formatDateTime, jidUser } from '../lib/format';
import { useEvents, useLoad } from '../lib/hooks';
import { chatHref } from '../lib/router';
import { currentRun, SYNC_STATUS_LABELS as STATUS_LABELS } from '../lib/sync-progress';
import { useSyncState } from '../lib/sync-store';
import { HistoryQueue } from './HistoryQueue';
import { RecentSyncs } from './RecentSyncs';

export function SyncView() {
  const backend = useBackend();
  const syncs = useSyncState();
  const progress = currentRun(syncs);
  const reqs = useLoad(() => backend.listHistoryRequests(), []);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [noteIsError, setNoteIsError] = useState(false);

  useEvents(['history.sync_complete'], () => reqs.reload());

  async function syncMore() {
    setBusy(true);
    setNote('');
    try {
      const r = await backend.requestHistorySync({});
      setNoteIsError(false);
      setNote(
        r.note ||
          `Asked the phone for ${r.count} more messages${r.chats?.length ? ` in ${r.chats.length} chats` : ''}.`,
      );
      reqs.reload();
    } catch (err) {
      setNoteIsError(true);
      setNote(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const requests = reqs.data?.requests ?? [];
  const nothing = !progress && !reqs.loading && requests.length === 0;

  return (
    <div className="screen" data-testid="screen-sync">
      <ScreenHeader
        title="Sync activity"
        actions={
          <button type="button" className="btn btn-primary" onClick={syncMore} disabled={busy} data-testid="sync-more">
            {busy ? 'Asking the phone…' : 'Sync more history'}
          </button>
        }
      />
      <div className="screen-body">
        {note ? (
          <p className={noteIsError ? 'error-text' : 'note'} role={noteIsError ? 'alert' : 'status'}>
            {note}
          </p>
        ) : null}

        {progress ? (
          <section className="card" data-testid="sync-progress">
            <SyncRunSummary run={progress} />
          </section>
        ) : null}

        <HistoryQueue />

        {syncs.runs.length > 0 ? <RecentSyncs runs={syncs.runs} /> : null}

        <h2 className="section-title">History requests</h2>
        <ErrorText error={reqs.error} prefix="Could not load history requests" />
        {reqs.loading && !reqs.data ? <p className="muted">Loading…</p> : null}
        {nothing && !reqs.error ? <EmptyState title="No history syncs yet" /> : null}
        {requests.length > 0 ? (
          <table className="table" data-testid="history-requests">
            <thead>
              <tr>
                <th>Requested</th>
                <th>Status</th>
                <th className="num">Messages</th>
                <th>Chats</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.request_id}>
                  <td>
                    {formatDateTime(r.created_at)}
                    <div className="muted small mono">{r.request_id}</div>
                  </td>
                  <td>
                    <span className={`status status-${r.status}`}>{STATUS_LABELS[r.status] ?? r.status}</span>
                    {r.completed_at ? <div className="muted small">{formatDateTime(r.completed_at)}</div> : null}
                  </td>
                  <td className="num">
                    {formatCount(r.received)} / {formatCount(r.requested)}
                  </td>
                  <td>
                    {(r.chats ?? []).length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="plain">
                        {(r.chats ?? []).map((c) => (
                          <li key={c.chat_jid}>
                            <a href={chatHref(c.chat_jid)}>{jidUser(c.chat_jid)}</a>{' '}
                            <span className="muted small">
                              {formatCount(c.received)} · {STATUS_LABELS[c.status] ?? c.status}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </div>
  );
}
