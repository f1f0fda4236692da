import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FADE_MS, SHOW_DONE_MS } from '../lib/sync-progress';
import { applySyncEvent, resetSyncProgress } from '../lib/sync-store';
import { SyncBar } from './SyncStatus';

afterEach(() => {
  resetSyncProgress();
  vi.useRealTimers();
});

describe('app-wide sync bar', () => {
  it('shows progress while syncing, then "History synced", then fades away', async () => {
    vi.useFakeTimers();
    resetSyncProgress();
    render(<SyncBar />);
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    act(() => {
      applySyncEvent({ id: '1', event_type: 'history.sync', timestamp: '', data: { sync_type: 'INITIAL_BOOTSTRAP', chunk_order: 1, progress: 12, messages: 300, new_messages: 250 } });
      applySyncEvent({ id: '2', event_type: 'history.sync', timestamp: '', data: { sync_type: 'RECENT', chunk_order: 2, progress: 37.6, messages: 50, new_messages: 50 } });
    });
    const bar = screen.getByTestId('sync-progress');
    expect(bar.getAttribute('data-phase')).toBe('active');
    expect(bar.textContent).toContain('Syncing history');
    expect(bar.textContent).toContain('recent');
    expect(bar.textContent).toContain('38%');
    expect(bar.textContent).toContain('2 chunks');
    expect(bar.textContent).toContain('300 messages received');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('37.6');

    act(() => {
      applySyncEvent({ id: '3', event_type: 'history.sync_complete', timestamp: '', data: { sync_type: 'INITIAL', request_id: null, status: 'complete', received: 1234, chunks: 2, chats: [] } });
    });
    expect(screen.getByTestId('sync-progress').textContent).toContain('History synced: 1,234 messages');
    expect(screen.getByTestId('sync-progress').getAttribute('data-phase')).toBe('done');
    await act(async () => {
      vi.advanceTimersByTime(SHOW_DONE_MS + 100);
    });
    expect(screen.getByTestId('sync-progress').getAttribute('data-phase')).toBe('fading');
    await act(async () => {
      vi.advanceTimersByTime(FADE_MS);
    });
    expect(screen.queryByTestId('sync-progress')).toBeNull();
  });
});
