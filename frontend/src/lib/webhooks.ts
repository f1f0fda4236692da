// Webhook screen helpers (no JSX): labels, pretty payloads, which deliveries can be sent again.
import type { DeliveryStatus, WebhookDelivery } from './types';

export const DELIVERY_FILTERS: readonly ('' | DeliveryStatus)[] = ['', 'pending', 'delivered', 'failed'];

/** How often an open delivery log refreshes, in ms. */
export const DELIVERY_POLL_MS = 3000;

export function eventsLabel(events: string[] | null | undefined): string {
  return events && events.length ? events.join(', ') : 'all events';
}

/** A payload as indented JSON text (a JSON string is parsed first; anything else is shown as is). */
export function prettyJson(v: unknown): string {
  if (v === undefined || v === null) return '';
  let val = v;
  if (typeof v === 'string') {
    try {
      val = JSON.parse(v);
    } catch {
      return v;
    }
  }
  try {
    return JSON.stringify(val, null, 2) ?? '';
  } catch {
    return String(v);
  }
}

/** Only finished deliveries (delivered or failed) can be queued again. */
export function canRedeliver(d: Pick<WebhookDelivery, 'status'>): boolean {
  return d.status === 'delivered' || d.status === 'failed';
}

export function formatMs(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The set of events as sent to the server: [] means every event. */
export function toggleEvent(events: string[], name: string, on: boolean): string[] {
  const set = new Set(events);
  if (on) set.add(name);
  else set.delete(name);
  return [...set];
}
