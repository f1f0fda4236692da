// This session's history syncs, fed by every event at app level (App's Shell subscribes once),
// so the bar and the Sync screen show a sync even if they mounted after it began.
import { useSyncExternalStore } from 'react';
import { EMPTY_SYNC, syncReducer, type SyncState } from './sync-progress';
import type { AppEvent } from './types';

let state: SyncState = EMPTY_SYNC;
const subs = new Set<() => void>();

export function applySyncEvent(ev: AppEvent, now = Date.now()): void {
  const next = syncReducer(state, ev, now);
  if (next === state) return;
  state = next;
  for (const s of [...subs]) s();
}

export function resetSyncProgress(): void {
  state = EMPTY_SYNC;
  for (const s of [...subs]) s();
}

export function getSyncState(): SyncState {
  return state;
}

export function useSyncState(): SyncState {
  return useSyncExternalStore(
    (cb) => {
      subs.add(cb);
      return () => subs.delete(cb);
    },
    () => state,
  );
}
