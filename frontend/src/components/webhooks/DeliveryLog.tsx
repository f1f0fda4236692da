import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorText } from '../ErrorText';
import { toApiError, type ApiError } from '../../lib/api-error';
import { useBackend } from '../../lib/context';
import { useAction } from '../../lib/hooks';
import type { DeliveryPage, DeliveryStatus, WebhookDelivery } from '../../lib/types';
import { DELIVERY_FILTERS, DELIVERY_POLL_MS } from '../../lib/webhooks';
import { DeliveryRow } from './DeliveryRow';

const PAGE = 50;

/** A webhook's delivery log, newest first, refreshed every few seconds while shown. */
export function DeliveryLog({ webhookId, onPoll }: { webhookId: string; onPoll?: () => void }) {
  const backend = useBackend();
  const act = useAction();
  const [status, setStatus] = useState<'' | DeliveryStatus>('');
  const [page, setPage] = useState<DeliveryPage | null>(null);
  const [older, setOlder] = useState<{ rows: WebhookDelivery[]; cursor: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState('');
  const seq = useRef(0);
  const onPollRef = useRef(onPoll);
  onPollRef.current = onPoll;

  const load = useCallback(async () => {
    const my = ++seq.current;
    try {
      const p = await backend.listDeliveries({ webhook_id: webhookId, status, limit: PAGE });
      if (my === seq.current) {
        setPage(p);
        setError(null);
      }
    } catch (err) {
      if (my === seq.current) setError(toApiError(err));
    }
  }, [backend, webhookId, status]);

  useEffect(() => {
    setPage(null);
    setOlder(null);
    void load();
    const t = setInterval(() => {
      void load();
      onPollRef.current?.();
    }, DELIVERY_POLL_MS);
    return () => {
      clearInterval(t);
      seq.current++;
    };
  }, [load]);

  async function loadOlder() {
    const cursor = older ? older.cursor : page?.next_cursor;
    if (!cursor) return;
    const p = await act.run(() => backend.listDeliveries({ webhook_id: webhookId, status, limit: PAGE, cursor }));
    if (p) setOlder({ rows: [...(older?.rows ?? []), ...p.deliveries], cursor: p.next_cursor });
  }

  async function redeliver(d: WebhookDelivery) {
    if (await act.run(() => backend.redeliver(webhookId, d.delivery_id))) setNotice('Delivery queued again');
    void load();
  }

  async function redeliverFailed() {
    const r = await act.run(() => backend.redeliverFailed(webhookId));
    if (r) setNotice(r.queued ? `${r.queued} failed ${r.queued === 1 ? 'delivery' : 'deliveries'} queued again` : 'No failed deliveries to send again');
    void load();
  }

  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const first = page?.deliveries ?? [];
  const seen = new Set(first.map((d) => d.delivery_id));
  const rows = [...first, ...(older?.rows ?? []).filter((d) => !seen.has(d.delivery_id))];
  const more = older ? older.cursor : page?.next_cursor;

  return (
    <div className="delivery-log" data-testid="webhook-deliveries">
      <div className="row wrap">
        <strong>Deliveries</strong>
        <div className="segmented" role="group" aria-label="Filter by status">
          {DELIVERY_FILTERS.map((f) => (
            <button
              key={f || 'all'}
              type="button"
              className="btn btn-small"
              aria-pressed={status === f}
              onClick={() => setStatus(f)}
              data-testid={`deliveries-filter-${f || 'all'}`}
            >
              {f || 'all'}
            </button>
          ))}
        </div>
        <button type="button" className="btn btn-small" onClick={redeliverFailed} disabled={act.busy} data-testid="deliveries-redeliver-failed">
          Redeliver all failed
        </button>
        {notice ? (
          <span className="muted small" role="status" data-testid="deliveries-notice">
            {notice}
          </span>
        ) : null}
      </div>
      <ErrorText error={error} prefix="Could not load deliveries" testId="webhook-error" />
      <ErrorText error={act.error} testId="webhook-error" />
      {page && rows.length === 0 ? (
        <p className="muted small">{status ? `No ${status} deliveries` : 'No deliveries yet — send a test to see one here'}</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="table deliveries">
          <thead>
            <tr>
              <th>Event</th>
              <th>Status</th>
              <th className="num">Attempts</th>
              <th className="num">Response</th>
              <th className="num">Duration</th>
              <th>Time</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <DeliveryRow
                key={d.delivery_id}
                d={d}
                expanded={open.has(d.delivery_id)}
                onToggle={() => toggle(d.delivery_id)}
                onRedeliver={() => redeliver(d)}
                busy={act.busy}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      {more ? (
        <button type="button" className="btn btn-small" onClick={loadOlder} disabled={act.busy} data-testid="deliveries-more">
          Load older
        </button>
      ) : null}
    </div>
  );
}
