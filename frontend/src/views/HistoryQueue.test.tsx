import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api-error';
import { BackendContext, SettingsContext } from '../lib/context';
import type { Backend } from '../lib/backend';
import type { HistoryNotification, NotificationQuery } from '../lib/types';
import { fakeBackend, SETTINGS } from '../test/fake-backend';
import { SyncView } from './SyncView';

function wrap(backend: Backend) {
  return render(
    <BackendContext.Provider value={backend}>
      <SettingsContext.Provider value={{ settings: SETTINGS, setSettings: () => {} }}>
        <SyncView />
      </SettingsContext.Provider>
    </BackendContext.Provider>,
  );
}

const base: HistoryNotification = {
  id: 0,
  sync_type: 'FULL',
  chunk_order: 1,
  progress: 10,
  status: 'failed',
  error: '',
  last_error: '',
  attempts: 0,
  next_attempt_at: '',
  received_at: '2025-01-10T12:00:00Z',
  done_at: '',
  retryable: true,
};

function queue(failed: HistoryNotification[], pending: HistoryNotification[]) {
  return vi.fn((q: NotificationQuery) =>
    Promise.resolve({ notifications: q.status === 'failed' ? failed : q.status === 'pending' ? pending : [], next_cursor: '' }),
  );
}

describe('history queue on the sync screen', () => {
  it('lists failed and waiting syncs with reason and attempts, and retries one', async () => {
    let failed = [{ ...base, id: 7, error: 'gone: <b>zlib</b>: invalid header', attempts: 1 }];
    const pending = [
      { ...base, id: 8, status: 'pending', chunk_order: 2, attempts: 2, last_error: 'retry later: 503', next_attempt_at: '2025-01-10T12:05:00Z' },
      { ...base, id: 9, status: 'pending', chunk_order: 3 }, // next in line, not waiting
    ];
    const list = vi.fn((q: NotificationQuery) =>
      Promise.resolve({ notifications: q.status === 'failed' ? failed : pending, next_cursor: '' }),
    );
    const retry = vi.fn((id: number) => {
      failed = [];
      return Promise.resolve({ ...base, id, status: 'pending' });
    });
    const { backend } = fakeBackend({ listHistoryNotifications: list, retryHistoryNotification: retry });
    wrap(backend);
    const rows = await screen.findAllByTestId('queue-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Failed');
    expect(rows[1].textContent).toContain('Waiting to retry');
    const reasons = screen.getAllByTestId('queue-reason');
    // The reason is text, never markup.
    expect(reasons[0].textContent).toBe('gone: <b>zlib</b>: invalid header');
    expect(reasons[0].querySelector('b')).toBeNull();
    expect(reasons[1].textContent).toBe('retry later: 503');
    expect(rows[1].querySelector('td.num')?.textContent).toBe('2');

    fireEvent.click(screen.getAllByTestId('queue-retry')[0]);
    await waitFor(() => expect(retry).toHaveBeenCalledWith(7));
    await screen.findByText('Queued again.');
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(1));
  });

  it('retries every failed one and says how many', async () => {
    const list = queue([{ ...base, id: 1, error: 'gone: 404' }, { ...base, id: 2, error: 'gone: 410' }], []);
    const all = vi.fn(() => Promise.resolve({ retried: 2 }));
    const { backend } = fakeBackend({ listHistoryNotifications: list, retryFailedHistoryNotifications: all });
    wrap(backend);
    fireEvent.click(await screen.findByTestId('retry-all-failed'));
    await screen.findByText('Queued 2 history syncs again.');
    expect(all).toHaveBeenCalledTimes(1);
  });

  it('shows a refused retry and reloads when a sync fails live', async () => {
    const list = queue([{ ...base, id: 3, error: 'gone: bad protobuf' }], []);
    const { backend, emit } = fakeBackend({
      listHistoryNotifications: list,
      retryHistoryNotification: vi.fn(() => Promise.reject(new ApiError(409, 'history notification 3 is done: nothing to retry'))),
    });
    wrap(backend);
    fireEvent.click(await screen.findByTestId('queue-retry'));
    expect((await screen.findByText('history notification 3 is done: nothing to retry')).getAttribute('role')).toBe('alert');
    const calls = list.mock.calls.length;
    act(() => emit({ id: 'e', event_type: 'history.sync', timestamp: '', data: { error: 'gone: 404', notification_id: 4 } }));
    await waitFor(() => expect(list.mock.calls.length).toBeGreaterThan(calls));
  });

  it('shows nothing when every sync was stored', async () => {
    const { backend } = fakeBackend({ listHistoryRequests: vi.fn(() => Promise.resolve({ requests: [] })) });
    wrap(backend);
    await screen.findByText('No history syncs yet');
    expect(screen.queryByTestId('history-queue')).toBeNull();
  });
});
