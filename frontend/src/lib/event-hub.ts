import type { AppEvent } from './types';

type Listener = (ev: AppEvent) => void;

/**
 * Fans one upstream subscription out to many listeners. The upstream is opened on the
 * first listener and closed after the last one leaves. Events seen recently (same id)
 * are dropped so a reconnect that replays does not show anything twice.
 */
export class EventHub {
  private listeners = new Set<Listener>();
  private stop: (() => void) | null = null;
  private seen: string[] = [];
  private seenSet = new Set<string>();

  constructor(private readonly open: (emit: (ev: AppEvent) => void) => () => void) {}

  subscribe(cb: Listener): () => void {
    this.listeners.add(cb);
    if (!this.stop) this.stop = this.open((ev) => this.emit(ev));
    return () => {
      this.listeners.delete(cb);
      if (this.listeners.size === 0 && this.stop) {
        const s = this.stop;
        this.stop = null;
        s();
      }
    };
  }

  emit(ev: AppEvent): void {
    if (ev.id) {
      if (this.seenSet.has(ev.id)) return;
      this.seenSet.add(ev.id);
      this.seen.push(ev.id);
      if (this.seen.length > 500) this.seenSet.delete(this.seen.shift()!);
    }
    for (const l of [...this.listeners]) {
      try {
        l(ev);
      } catch (err) {
        console.error('event listener failed', err);
      }
    }
  }
}

/** Accepts an event as an object or a JSON string; returns null for anything unusable. */
export function parseEvent(raw: unknown): AppEvent | null {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (typeof o.event_type !== 'string') return null;
  return {
    id: typeof o.id === 'string' ? o.id : '',
    event_type: o.event_type,
    timestamp: typeof o.timestamp === 'string' ? o.timestamp : '',
    data: o.data ?? null,
  };
}
