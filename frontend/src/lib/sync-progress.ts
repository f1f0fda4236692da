// Pure reducer: history.sync / history.sync_complete events → the state of this session's syncs.
import type { AppEvent, HistorySyncCompleteData, HistorySyncEventData, SyncCompleteChat } from './types';

/** The initial sync spans several sync types (bootstrap, recent, full, push names…); on-demand is its own. */
export type SyncKind = 'initial' | 'on_demand';

export interface SyncRun {
  /** stable key for lists */
  key: string;
  kind: SyncKind;
  /** latest sync type seen (chunk) or reported (completion) */
  sync_type: string;
  request_id: string | null;
  /** still receiving chunks (no history.sync_complete yet) */
  active: boolean;
  /** 0..100 from the latest chunk, or null when WhatsApp did not say */
  progress: number | null;
  /** chunks stored */
  chunks: number;
  last_chunk_order: number;
  conversations: number;
  /** messages in stored chunks (including ones already known) */
  messages: number;
  /** messages that were new to the store (sum of new_messages) */
  new_messages: number;
  /** chunks that failed to download or decode */
  errors: number;
  last_error: string;
  /** from history.sync_complete */
  status: string;
  requested: number | null;
  received: number | null;
  chats: SyncCompleteChat[];
  started_at: number;
  updated_at: number;
  completed_at: number;
}

export interface SyncState {
  /** newest (most recently updated) first */
  runs: SyncRun[];
}

export const MAX_RUNS = 20;
export const EMPTY_SYNC: SyncState = { runs: [] };

function kindOfType(syncType: string | undefined): SyncKind {
  return syncType === 'ON_DEMAND' ? 'on_demand' : 'initial';
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

function clampProgress(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(100, v)) : null;
}

function newRun(kind: SyncKind, syncType: string, now: number, seq: number): SyncRun {
  return {
    key: `${kind}-${now}-${seq}`,
    kind,
    sync_type: syncType,
    request_id: null,
    active: true,
    progress: null,
    chunks: 0,
    last_chunk_order: 0,
    conversations: 0,
    messages: 0,
    new_messages: 0,
    errors: 0,
    last_error: '',
    status: '',
    requested: null,
    received: null,
    chats: [],
    started_at: now,
    updated_at: now,
    completed_at: 0,
  };
}

/** Puts run first, replacing the entry with the same key, keeping at most MAX_RUNS. */
function upsert(runs: SyncRun[], run: SyncRun): SyncRun[] {
  return [run, ...runs.filter((r) => r.key !== run.key)].slice(0, MAX_RUNS);
}

function onChunk(state: SyncState, d: HistorySyncEventData, now: number): SyncState {
  const syncType = d.sync_type ?? '';
  const kind = kindOfType(syncType);
  const prev = state.runs.find((r) => r.active && r.kind === kind) ?? newRun(kind, syncType, now, state.runs.length);
  const run: SyncRun = { ...prev, sync_type: syncType || prev.sync_type, updated_at: now };
  if (typeof d.chunk_order === 'number') run.last_chunk_order = d.chunk_order;
  if (d.error) {
    run.errors += 1;
    run.last_error = String(d.error);
  } else {
    run.chunks += 1;
    run.progress = clampProgress(d.progress) ?? prev.progress;
    run.conversations += count(d.conversations);
    run.messages += count(d.messages);
    run.new_messages += count(d.new_messages);
  }
  return { runs: upsert(state.runs, run) };
}

function onComplete(state: SyncState, d: HistorySyncCompleteData, now: number): SyncState {
  const requestId = typeof d.request_id === 'string' && d.request_id ? d.request_id : null;
  const kind: SyncKind = requestId || d.sync_type === 'ON_DEMAND' ? 'on_demand' : 'initial';
  const prev = state.runs.find((r) => r.active && r.kind === kind) ?? newRun(kind, d.sync_type ?? '', now, state.runs.length);
  const started = Date.parse(d.started_at ?? '');
  const completed = Date.parse(d.completed_at ?? '');
  const run: SyncRun = {
    ...prev,
    active: false,
    sync_type: d.sync_type || prev.sync_type,
    request_id: requestId,
    status: d.status ?? 'complete',
    requested: typeof d.requested === 'number' ? d.requested : null,
    received: typeof d.received === 'number' ? d.received : null,
    chunks: Math.max(prev.chunks, count(d.chunks)),
    chats: Array.isArray(d.chats) ? d.chats : [],
    progress: d.status === 'complete' && prev.progress !== null ? 100 : prev.progress,
    started_at: Number.isFinite(started) ? Math.min(started, prev.started_at) : prev.started_at,
    completed_at: Number.isFinite(completed) ? completed : now,
    updated_at: now,
  };
  return { runs: upsert(state.runs, run) };
}

export function syncReducer(state: SyncState, ev: AppEvent, now = Date.now()): SyncState {
  if (ev.event_type === 'history.sync') return onChunk(state, (ev.data ?? {}) as HistorySyncEventData, now);
  if (ev.event_type === 'history.sync_complete') return onComplete(state, (ev.data ?? {}) as HistorySyncCompleteData, now);
  return state;
}

/** Messages a finished run brought in: what the server counted, else the chunks' new messages. */
export function syncedMessages(run: SyncRun): number {
  return run.received ?? run.new_messages;
}

/** The run the app-wide bar shows: the latest one. */
export function currentRun(state: SyncState): SyncRun | null {
  return state.runs[0] ?? null;
}

export const STALE_MS = 10 * 60_000;
export const SHOW_DONE_MS = 8_000;
export const FADE_MS = 1_000;

export type BarPhase = 'hidden' | 'active' | 'done' | 'fading';

/**
 * What the app-wide bar does at `now`: shows a running sync (unless no chunk came for STALE_MS),
 * shows "History synced" for SHOW_DONE_MS after completion, then fades out for FADE_MS.
 */
export function barPhase(run: SyncRun | null, now: number): BarPhase {
  if (!run) return 'hidden';
  if (run.active) return now - run.updated_at < STALE_MS ? 'active' : 'hidden';
  const since = now - run.updated_at;
  if (since < SHOW_DONE_MS) return 'done';
  if (since < SHOW_DONE_MS + FADE_MS) return 'fading';
  return 'hidden';
}

export const SYNC_STATUS_LABELS: Record<string, string> = {
  pending: 'Waiting for the phone',
  complete: 'Complete',
  no_more_history: 'No more history on the phone',
  timeout: 'Timed out — the phone did not answer',
  failed: 'Failed',
};

export function syncTypeLabel(t: string): string {
  if (!t) return '';
  if (t === 'INITIAL') return 'initial sync';
  if (t === 'ON_DEMAND') return 'on demand';
  return t.toLowerCase().replace(/_/g, ' ');
}
