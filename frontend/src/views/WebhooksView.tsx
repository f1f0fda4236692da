import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { ScreenHeader } from '../components/ScreenHeader';
import { useBackend } from '../lib/context';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/hooks';

export function WebhooksView() {
  const backend = useBackend();
  const list = useLoad(() => backend.listWebhooks(), []);
  const hooks = list.data?.webhooks ?? [];
  return (
    <div className="screen" data-testid="screen-webhooks">
      <ScreenHeader title="Webhooks" subtitle="wasync posts events to these URLs, signed with each webhook's secret." />
      <div className="screen-body">
        <ErrorText error={list.error} prefix="Could not load webhooks" />
        {list.loading && !list.data ? <p className="muted">Loading…</p> : null}
        {!list.loading && !list.error && hooks.length === 0 ? (
          <EmptyState title="No webhooks — register one to receive history.sync_complete and other events">
            <p className="muted">
              For now, register with the API: <code>POST /webhooks {'{"url": "…", "events": ["history.sync_complete"]}'}</code>
            </p>
          </EmptyState>
        ) : null}
        {hooks.length > 0 ? (
          <table className="table" data-testid="webhooks-list">
            <thead>
              <tr>
                <th>URL</th>
                <th>Events</th>
                <th>State</th>
                <th>Secret</th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((h) => (
                <tr key={h.webhook_id}>
                  <td>
                    <span className="mono break">{h.url}</span>
                    <div className="muted small">Added {formatDateTime(h.created_at)}</div>
                  </td>
                  <td>{h.events && h.events.length ? h.events.join(', ') : <span className="muted">all events</span>}</td>
                  <td>
                    <span className={`status ${h.enabled ? 'status-complete' : 'status-failed'}`}>
                      {h.enabled ? 'Enabled' : 'Disabled'}
                    </span>
                    {h.disabled_reason ? <div className="muted small">{h.disabled_reason}</div> : null}
                  </td>
                  <td className="mono">{h.secret}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </div>
  );
}
