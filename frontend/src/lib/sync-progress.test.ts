import { describe, expect, it } from 'vitest';
import {
  barPhase,
  currentRun,
  EMPTY_SYNC,
  FADE_MS,
  MAX_RUNS,
  SHOW_DONE_MS,
  STALE_MS,
  syncedMessages,
  syncReducer,
  type SyncState,
} from './sync-progress';
import type { AppEvent } from './types';

let n = 0;
const ev = (event_type: string, data: unknown): AppEvent => ({ id: `e${++n}`, event_type, timestamp: '', data });
const chunk = (data: Record<string, unknown>) => ev('history.sync', data);
const complete = (data: Record<string, unknown>) => ev('history.sync_complete', data);

function run(events: AppEvent[], start = 1000): SyncState {
  return events.reduce((s, e, i) => syncReducer(s, e, start + i * 100), EMPTY_SYNC);
}

describe('sync progress reducer', () => {
  it('accumulates the chunks of the initial sync across sync types', () => {
    const s = run([
      chunk({ sync_type: 'INITIAL_BOOTSTRAP', chunk_order: 1, progress: 10, conversations: 5, messages: 100, new_messages: 90 }),
      chunk({ sync_type: 'RECENT', chunk_order: 2, progress: 55, conversations: 3, messages: 40, new_messages: 40 }),
      chunk({ sync_type: 'PUSH_NAME', chunk_order: 3, progress: null }),
    ]);
    expect(s.runs).toHaveLength(1);
    expect(currentRun(s)).toMatchObject({
      kind: 'initial',
      active: true,
      sync_type: 'PUSH_NAME',
      progress: 55, // a chunk without progress keeps the last one
      chunks: 3,
      last_chunk_order: 3,
      conversations: 8,
      messages: 140,
      new_messages: 130,
      errors: 0,
      started_at: 1000,
      updated_at: 1200,
    });
  });

  it('counts failed chunks apart', () => {
    const s = run([
      chunk({ sync_type: 'RECENT', chunk_order: 1, progress: 20, new_messages: 10 }),
      chunk({ sync_type: 'RECENT', chunk_order: 2, error: 'blob download failed: 404' }),
    ]);
    expect(currentRun(s)).toMatchObject({ chunks: 1, errors: 1, last_error: 'blob download failed: 404', last_chunk_order: 2, progress: 20 });
  });

  it('finishes the run on history.sync_complete with the server totals', () => {
    const s = run([
      chunk({ sync_type: 'RECENT', progress: 98, new_messages: 40 }),
      complete({
        sync_type: 'INITIAL', request_id: null, status: 'complete', requested: null, received: 42, chunks: 2,
        chats: [{ chat_jid: '1@s.whatsapp.net', received: 42, oldest_timestamp: '2024-01-01T00:00:00Z', more_on_phone: true }],
        started_at: '1970-01-01T00:00:00.500Z', completed_at: '1970-01-01T00:00:02Z',
      }),
    ]);
    const r = currentRun(s)!;
    expect(r).toMatchObject({ active: false, status: 'complete', sync_type: 'INITIAL', progress: 100, chunks: 2, received: 42, started_at: 500, completed_at: 2000 });
    expect(r.chats).toHaveLength(1);
    expect(syncedMessages(r)).toBe(42);
  });

  it('keeps on-demand syncs apart from the initial one and lists them newest first', () => {
    const s = run([
      chunk({ sync_type: 'FULL', progress: 30, new_messages: 5 }),
      chunk({ sync_type: 'ON_DEMAND', new_messages: 7 }),
      complete({ sync_type: 'ON_DEMAND', request_id: 'r1', status: 'no_more_history', requested: 50, received: 7 }),
      chunk({ sync_type: 'FULL', progress: 60, new_messages: 5 }),
    ]);
    expect(s.runs.map((r) => [r.kind, r.active, r.new_messages])).toEqual([
      ['initial', true, 10],
      ['on_demand', false, 7],
    ]);
    expect(s.runs[1]).toMatchObject({ request_id: 'r1', status: 'no_more_history', requested: 50 });
  });

  it('records a completion it saw no chunks for, and a second sync as a new run', () => {
    let s = run([complete({ sync_type: 'ON_DEMAND', request_id: 'r9', status: 'timeout', received: 0 })]);
    expect(currentRun(s)).toMatchObject({ active: false, status: 'timeout', chunks: 0, request_id: 'r9' });
    s = syncReducer(s, chunk({ sync_type: 'ON_DEMAND', new_messages: 3 }), 5000);
    expect(s.runs).toHaveLength(2);
    expect(currentRun(s)).toMatchObject({ active: true, new_messages: 3 });
    expect(syncedMessages({ ...currentRun(s)!, received: null })).toBe(3);
  });

  it('ignores other events and keeps at most MAX_RUNS', () => {
    expect(syncReducer(EMPTY_SYNC, ev('message.received', {}))).toBe(EMPTY_SYNC);
    let s = EMPTY_SYNC;
    for (let i = 0; i < MAX_RUNS + 5; i++) s = syncReducer(s, complete({ request_id: `r${i}`, status: 'complete' }), i);
    expect(s.runs).toHaveLength(MAX_RUNS);
    expect(s.runs[0].request_id).toBe(`r${MAX_RUNS + 4}`);
  });
});

describe('app-wide bar phase', () => {
  it('shows a running sync, then the result, then fades and hides', () => {
    const active = currentRun(run([chunk({ progress: 10 })], 0))!;
    expect(barPhase(null, 0)).toBe('hidden');
    expect(barPhase(active, 1000)).toBe('active');
    expect(barPhase(active, STALE_MS + 1)).toBe('hidden');
    const done = currentRun(syncReducer({ runs: [active] }, complete({ status: 'complete' }), 10_000))!;
    expect(barPhase(done, 10_000)).toBe('done');
    expect(barPhase(done, 10_000 + SHOW_DONE_MS)).toBe('fading');
    expect(barPhase(done, 10_000 + SHOW_DONE_MS + FADE_MS)).toBe('hidden');
  });
});
