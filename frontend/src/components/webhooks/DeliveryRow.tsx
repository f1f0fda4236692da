import { formatDateTime } from '../../lib/format';
import type { WebhookDelivery } from '../../lib/types';
import { canRedeliver, formatMs, prettyJson } from '../../lib/webhooks';

const statusClass: Record<string, string> = { delivered: 'status-complete', failed: 'status-failed' };

/** One delivery in the log; expanded, its payload and the receiver's answer, as text. */
export function DeliveryRow({
  d,
  expanded,
  onToggle,
  onRedeliver,
  busy,
}: {
  d: WebhookDelivery;
  expanded: boolean;
  onToggle: () => void;
  onRedeliver: () => void;
  busy: boolean;
}) {
  const when = d.last_attempt_at || d.created_at;
  return (
    <>
      <tr data-testid="delivery-row" data-delivery-id={d.delivery_id} data-status={d.status} className="delivery-row" onClick={onToggle}>
        <td>
          <button
            type="button"
            className="link-btn mono"
            aria-expanded={expanded}
            onClick={(e) => {
              e.stopPropagation();
              onToggle();
            }}
            data-testid="delivery-expand"
          >
            {expanded ? '▾' : '▸'} {d.event_type}
          </button>
        </td>
        <td className={`status ${statusClass[d.status] ?? ''}`}>{d.status}</td>
        <td className="num">{d.attempts}</td>
        <td className="num">{d.response_status || '—'}</td>
        <td className="num">{formatMs(d.duration_ms)}</td>
        <td title={when}>{formatDateTime(when)}</td>
        <td>
          {canRedeliver(d) ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={(e) => {
                e.stopPropagation();
                onRedeliver();
              }}
              data-testid="delivery-redeliver"
            >
              Redeliver
            </button>
          ) : null}
        </td>
      </tr>
      {expanded ? (
        <tr className="delivery-detail" data-testid="delivery-detail" data-delivery-id={d.delivery_id}>
          <td colSpan={7}>
            {d.error ? <p className="error-text">{d.error}</p> : null}
            <p className="muted small">
              Created {formatDateTime(d.created_at)}
              {d.finished_at ? ` · finished ${formatDateTime(d.finished_at)}` : ''}
              {d.next_attempt_at ? ` · next try ${formatDateTime(d.next_attempt_at)}` : ''}
              {` · event ${d.event_id}`}
            </p>
            <div className="section-label">Payload</div>
            <pre className="pre" data-testid="delivery-payload">
              {prettyJson(d.payload)}
            </pre>
            <div className="section-label">Response body</div>
            {d.response_body ? (
              <pre className="pre" data-testid="delivery-response">
                {d.response_body}
              </pre>
            ) : (
              <p className="muted small">No response body</p>
            )}
          </td>
        </tr>
      ) : null}
    </>
  );
}
