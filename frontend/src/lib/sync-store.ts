// Live progress of the current history sync, fed by history.sync events at app level so the
// Sync screen shows it even if it was opened after the sync began.
import { useSyncExternalStore } from 'react';
import type { AppEvent, HistorySyncEventData } from './types';

export interface SyncProgress {
  active: boolean;
  sync_type: string;
  /** 0..100, or null when WhatsApp did not say */
  progress: number | null;
  chunks: number;
  last_chunk_order: number;
  conversations: number;
  messages: number;
  updated_at: number;
}

let state: SyncProgress | null = null;
const subs = new Set<() => void>();

function set(next: SyncProgress | null) {
  state = next;
  for (const s of [...subs]) s();
}

export function applySyncEvent(ev: AppEvent, now = Date.now()): void {
  if (ev.event_type === 'history.sync') {
    const d = (ev.data ?? {}) as HistorySyncEventData;
    const prev = state && state.active && state.sync_type === (d.sync_type ?? '') ? state : null;
    const p = typeof d.progress === 'number' && Number.isFinite(d.progress) ? Math.max(0, Math.min(100, d.progress)) : null;
    set({
      active: p === null || p < 100,
      sync_type: d.sync_type ?? '',
      progress: p ?? prev?.progress ?? null,
      chunks: (prev?.chunks ?? 0) + 1,
      last_chunk_order: d.chunk_order ?? 0,
      conversations: (prev?.conversations ?? 0) + (d.conversations ?? 0),
      messages: (prev?.messages ?? 0) + (d.messages ?? 0),
      updated_at: now,
    });
  } else if (ev.event_type === 'history.sync_complete' && state) {
    set({ ...state, active: false, progress: state.progress === null ? null : 100, updated_at: now });
  }
}

export function resetSyncProgress(): void {
  set(null);
}

export function getSyncProgress(): SyncProgress | null {
  return state;
}

export function useSyncProgress(): SyncProgress | null {
  return useSyncExternalStore(
    (cb) => {
      subs.add(cb);
      return () => subs.delete(cb);
    },
    () => state,
  );
}
