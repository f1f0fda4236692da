import { formatCount, formatDateTime, jidUser } from '../lib/format';
import { chatHref } from '../lib/router';
import { SYNC_STATUS_LABELS, syncedMessages, syncTypeLabel, type SyncRun } from '../lib/sync-progress';

const iso = (ms: number) => (ms ? new Date(ms).toISOString() : '');
const MAX_CHATS = 5;

/** The syncs seen since this window opened, newest first. */
export function RecentSyncs({ runs }: { runs: SyncRun[] }) {
  return (
    <>
      <h2 className="section-title">Recent syncs</h2>
      <p className="muted small">Syncs seen since this window opened.</p>
      <table className="table" data-testid="recent-syncs">
        <thead>
          <tr>
            <th>Started</th>
            <th>Type</th>
            <th>Status</th>
            <th className="num">Chunks</th>
            <th className="num">Messages</th>
            <th>Chats</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.key} data-testid="recent-sync">
              <td>{formatDateTime(iso(r.started_at))}</td>
              <td>
                {syncTypeLabel(r.sync_type) || '—'}
                {r.request_id ? <div className="muted small mono">{r.request_id}</div> : null}
              </td>
              <td>
                <span className={`status status-${r.active ? 'pending' : r.status}`}>
                  {r.active ? `Running${r.progress === null ? '' : ` · ${Math.round(r.progress)}%`}` : SYNC_STATUS_LABELS[r.status] ?? r.status}
                </span>
                {r.completed_at ? <div className="muted small">{formatDateTime(iso(r.completed_at))}</div> : null}
                {r.errors ? (
                  <div className="error-text small" title={r.last_error}>
                    {formatCount(r.errors)} failed chunks
                  </div>
                ) : null}
              </td>
              <td className="num">{formatCount(r.chunks)}</td>
              <td className="num">
                {formatCount(r.active ? r.new_messages : syncedMessages(r))}
                {r.requested ? ` / ${formatCount(r.requested)}` : ''}
              </td>
              <td>
                {r.chats.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="plain">
                    {r.chats.slice(0, MAX_CHATS).map((c) => (
                      <li key={c.chat_jid}>
                        <a href={chatHref(c.chat_jid)}>{jidUser(c.chat_jid)}</a>{' '}
                        <span className="muted small">
                          {formatCount(c.received)}
                          {c.more_on_phone ? ' · more on phone' : ''}
                        </span>
                      </li>
                    ))}
                    {r.chats.length > MAX_CHATS ? (
                      <li className="muted small">and {formatCount(r.chats.length - MAX_CHATS)} more</li>
                    ) : null}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
