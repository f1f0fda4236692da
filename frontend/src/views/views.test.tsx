import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api-error';
import { BackendContext, SettingsContext } from '../lib/context';
import type { Backend } from '../lib/backend';
import { fakeBackend, SETTINGS } from '../test/fake-backend';
import { ChatView } from './ChatView';
import { ChatsView } from './ChatsView';
import { LinkView } from './LinkView';
import { SearchView } from './SearchView';
import { SettingsView } from './SettingsView';
import { SyncView } from './SyncView';
import { WebhooksView } from './WebhooksView';

function wrap(backend: Backend, node: ReactNode) {
  return render(
    <BackendContext.Provider value={backend}>
      <SettingsContext.Provider value={{ settings: SETTINGS, setSettings: () => {} }}>{node}</SettingsContext.Provider>
    </BackendContext.Provider>,
  );
}

describe('failing backend calls are shown inline', () => {
  it('Link, Sync and Webhooks show the server words', async () => {
    const { backend } = fakeBackend();
    wrap(backend, <LinkView />);
    expect((await screen.findByRole('alert')).textContent).toContain('not implemented yet');
    wrap(backend, <SyncView />);
    wrap(backend, <WebhooksView />);
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(3));
  });
});

describe('empty states', () => {
  it('chats', async () => {
    const { backend } = fakeBackend();
    wrap(backend, <ChatsView />);
    await screen.findByText('No chats yet — link a phone and your history appears here while it syncs');
    expect(screen.getByRole('link', { name: 'Link a phone' }).getAttribute('href')).toBe('#/link');
  });
  it('webhooks, sync, chat, search', async () => {
    const { backend } = fakeBackend({
      listWebhooks: vi.fn(() => Promise.resolve({ webhooks: [] })),
      listHistoryRequests: vi.fn(() => Promise.resolve({ requests: [] })),
    });
    wrap(backend, <WebhooksView />);
    await screen.findByText('No webhooks — register one to receive history.sync_complete and other events');
    wrap(backend, <SyncView />);
    await screen.findByText('No history syncs yet');
    wrap(backend, <ChatView jid="1@s.whatsapp.net" />);
    await screen.findByText('No messages stored for this chat');
    wrap(backend, <SearchView initialQuery="" />);
    await screen.findByText('Type to search your history');
  });
});

describe('link a phone', () => {
  it('shows the QR with a countdown, then an expired state with New code', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const now = Date.now();
    const { backend, emit } = fakeBackend({
      session: vi.fn(() =>
        Promise.resolve({
          state: 'waiting_qr' as const,
          qr: { code: '2@abc', png: 'data:image/png;base64,AAAA', expires_at: new Date(now + 20_000).toISOString() },
        }),
      ),
      refreshQR: vi.fn(() => Promise.resolve()),
    });
    wrap(backend, <LinkView />);
    expect((await screen.findByTestId('qr-countdown')).textContent).toMatch(/Valid for 0:(20|19)/);
    await act(async () => {
      vi.advanceTimersByTime(21_000);
    });
    expect(screen.getByTestId('qr-countdown').textContent).toBe('Expired');
    fireEvent.click(screen.getByRole('button', { name: 'New code' }));
    await waitFor(() => expect(backend.refreshQR).toHaveBeenCalled());

    // a connection.state event carries the new session directly
    act(() =>
      emit({
        id: 'e1',
        event_type: 'connection.state',
        timestamp: '',
        data: { state: 'connected', jid: '1555@s.whatsapp.net', push_name: '<b>Ann</b>' },
      }),
    );
    expect((await screen.findByTestId('account')).textContent).toContain('<b>Ann</b>');
    vi.useRealTimers();
  });

  it('validates the phone number and shows the pair code big', async () => {
    const { backend } = fakeBackend({
      session: vi.fn(() => Promise.resolve({ state: 'logged_out' as const, previous_account: 'old@s.whatsapp.net', reason: 'Client outdated' })),
      pairPhone: vi.fn(() => Promise.resolve({ pair_code: 'ABCD1234' })),
    });
    wrap(backend, <LinkView />);
    await screen.findByTestId('pair-phone');
    expect(screen.getByTestId('previous-account').textContent).toContain('previously linked account');
    expect(screen.getByTestId('session-reason').textContent).toBe('Client outdated');
    fireEvent.change(screen.getByTestId('pair-phone'), { target: { value: 'call me' } });
    fireEvent.click(screen.getByTestId('pair-submit'));
    expect(await screen.findByText('Use digits only (for example 15551234567)')).toBeTruthy();
    expect(backend.pairPhone).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId('pair-phone'), { target: { value: '+1 555-123-4567' } });
    fireEvent.click(screen.getByTestId('pair-submit'));
    expect((await screen.findByTestId('pair-code')).textContent).toBe('ABCD-1234');
    expect(backend.pairPhone).toHaveBeenCalledWith('15551234567');
  });
});

describe('search', () => {
  it('highlights snippets and links to the message', async () => {
    const { backend } = fakeBackend({
      search: vi.fn(() =>
        Promise.resolve({
          results: [
            {
              chat_jid: '123-456@g.us',
              chat_name: 'Family',
              message_id: 'MID1',
              timestamp: '2025-01-10T12:00:00Z',
              sender_name: 'Bob',
              snippet: 'see \u0002<img src=x onerror=alert(1)>\u0003 ok',
            },
          ],
        }),
      ),
    });
    wrap(backend, <SearchView initialQuery="img" />);
    const link = await screen.findByTestId('search-result');
    expect(link.getAttribute('href')).toBe('#/chats/123-456@g.us?m=MID1');
    expect(link.querySelector('img')).toBeNull();
    expect(link.querySelector('mark')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('says when nothing matches', async () => {
    const { backend } = fakeBackend();
    wrap(backend, <SearchView initialQuery="zzz" />);
    await screen.findByText('No messages match “zzz”');
  });
});

describe('chat', () => {
  it('shows messages oldest first with day separators and the phone marker', async () => {
    const { backend } = fakeBackend({
      getChat: vi.fn(() =>
        Promise.resolve({
          jid: '123-456@g.us', name: 'Family', is_group: true, last_message_at: '', last_message_text: '',
          unread: 0, archived: false, pinned: false, muted: false, more_on_phone: true,
        }),
      ),
      listMessages: vi.fn(() =>
        Promise.resolve({
          messages: [
            { id: 'b', chat_jid: '123-456@g.us', sender: 's', sender_name: 'Bob', from_me: false, timestamp: '2025-01-11T10:00:00Z', text: 'second', type: 'text', edited: false, deleted: false },
            { id: 'a', chat_jid: '123-456@g.us', sender: 's', sender_name: 'Bob', from_me: false, timestamp: '2025-01-09T10:00:00Z', text: 'first', type: 'text', edited: false, deleted: false },
          ],
          next_cursor: '',
        }),
      ),
      requestHistorySync: vi.fn(() => Promise.resolve({ requested: true, count: 50, note: 'History will be delivered via history.sync_complete webhook event' })),
    });
    wrap(backend, <ChatView jid="123-456@g.us" focusId="a" />);
    await screen.findByText('second');
    await waitFor(() => expect(screen.getByTestId('chat-name').textContent).toBe('Family'));
    expect(backend.getChat).toHaveBeenCalledWith('123-456@g.us');
    expect(backend.listChats).not.toHaveBeenCalled();
    const texts = screen.getAllByTestId('message').map((m) => m.querySelector('.msg-text')?.textContent);
    expect(texts).toEqual(['first', 'second']);
    expect(screen.getAllByRole('separator')).toHaveLength(2);
    expect(screen.getByTestId('chat-name').textContent).toBe('Family');
    expect(screen.getAllByText('Bob')).toHaveLength(2);
    expect(document.querySelector('[data-message-id="a"]')?.className).toContain('msg-highlight');
    fireEvent.click(await screen.findByTestId('load-from-phone'));
    await waitFor(() => expect(backend.requestHistorySync).toHaveBeenCalledWith({ chat_jid: '123-456@g.us', count: 50 }));
    await screen.findByText('History will be delivered via history.sync_complete webhook event');
  });
});

describe('settings', () => {
  it('masks the key, shows it on demand and rotates after a confirm', async () => {
    const { backend } = fakeBackend({
      rotateApiKey: vi.fn(() => Promise.resolve({ ...SETTINGS, api_key: 'k_new_key_999999999999' })),
    });
    wrap(backend, <SettingsView />);
    const key = await screen.findByTestId('settings-api-key');
    expect(key.textContent).not.toContain('k_secret');
    expect(key.textContent?.endsWith('abcd')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(key.textContent).toBe(SETTINGS.api_key);
    expect(screen.getByTestId('settings-api-addr').textContent).toBe('127.0.0.1:7001');
    expect(screen.getByTestId('settings-data-dir').textContent).toBe(SETTINGS.data_dir);
    expect(screen.getByTestId('settings-version').textContent).toBe('0.1.0-test');
    fireEvent.click(screen.getByTestId('settings-rotate'));
    expect(screen.getByText(/Scripts using the old key will stop working/)).toBeTruthy();
    expect(backend.rotateApiKey).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('settings-rotate-confirm'));
    await waitFor(() => expect(screen.getByTestId('settings-api-key').textContent).toBe('k_new_key_999999999999'));
  });

  it('toggles hiding deleted content and tells the app', async () => {
    const setSettings = vi.fn();
    const { backend } = fakeBackend({
      updateSettings: vi.fn((p) => Promise.resolve({ ...SETTINGS, hide_deleted_content: !!p.hide_deleted_content })),
    });
    render(
      <BackendContext.Provider value={backend}>
        <SettingsContext.Provider value={{ settings: SETTINGS, setSettings }}>
          <SettingsView />
        </SettingsContext.Provider>
      </BackendContext.Provider>,
    );
    const box = (await screen.findByTestId('settings-hide-deleted')) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(backend.updateSettings).toHaveBeenCalledWith({ hide_deleted_content: true });
    expect(setSettings).toHaveBeenCalledWith(expect.objectContaining({ hide_deleted_content: true }));
  });

  it('disables rotation when the key comes from the environment', async () => {
    const { backend } = fakeBackend({ settings: vi.fn(() => Promise.resolve({ ...SETTINGS, api_key_from_env: true })) });
    wrap(backend, <SettingsView />);
    const btn = (await screen.findByTestId('settings-rotate')) as HTMLButtonElement;
    expect(btn.disabled).toBe(true);
    expect(screen.getByTestId('settings-key-from-env').textContent).toContain('environment variable');
  });

  it('copies with the clipboard API or a fallback', async () => {
    const { backend } = fakeBackend();
    const writeText = vi.fn(() => Promise.reject(new Error('denied')));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const exec = vi.fn(() => true);
    (document as unknown as { execCommand: unknown }).execCommand = exec;
    wrap(backend, <SettingsView />);
    fireEvent.click(await screen.findByTestId('settings-copy'));
    await screen.findByText('Copied');
    expect(writeText).toHaveBeenCalledWith(SETTINGS.api_key);
    expect(exec).toHaveBeenCalledWith('copy');
  });
});

describe('sync activity', () => {
  it('shows live progress from history.sync events and the requests list', async () => {
    const { backend, emit } = fakeBackend({
      listHistoryRequests: vi.fn(() =>
        Promise.resolve({
          requests: [
            { request_id: 'r1', status: 'complete', requested: 50, received: 42, created_at: '2025-01-10T12:00:00Z', completed_at: '2025-01-10T12:01:00Z', chats: [{ chat_jid: '1@s.whatsapp.net', status: 'complete', received: 42 }] },
          ],
        }),
      ),
      requestHistorySync: vi.fn(() => Promise.reject(new ApiError(429, 'too many requests, retry in 30 s'))),
    });
    wrap(backend, <SyncView />);
    await screen.findByTestId('history-requests');
    expect(screen.getByText('42 / 50')).toBeTruthy();
    const { applySyncEvent, resetSyncProgress } = await import('../lib/sync-store');
    act(() => {
      resetSyncProgress();
      applySyncEvent({ id: 'x', event_type: 'history.sync', timestamp: '', data: { sync_type: 'RECENT', chunk_order: 1, progress: 40, conversations: 3, messages: 150, new_messages: 120 } });
    });
    const p = await screen.findByTestId('sync-progress');
    expect(p.textContent).toContain('40%');
    expect(p.textContent).toContain('120 messages received');
    expect(p.textContent).toContain('1 chunks');
    expect(p.textContent).toContain('recent');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
    fireEvent.click(screen.getByTestId('sync-more'));
    expect((await screen.findByText('too many requests, retry in 30 s')).getAttribute('role')).toBe('alert');
    const complete = { id: 'c', event_type: 'history.sync_complete', timestamp: '', data: { sync_type: 'INITIAL', request_id: null, status: 'complete', received: 150, chunks: 1, chats: [] } };
    act(() => {
      applySyncEvent(complete);
      emit(complete);
    });
    await waitFor(() => expect(backend.listHistoryRequests).toHaveBeenCalledTimes(2));
    expect(screen.getByTestId('sync-progress').textContent).toContain('History synced: 150 messages');
    expect(screen.getAllByTestId('recent-sync')).toHaveLength(1);
    expect(screen.getByTestId('recent-syncs').textContent).toContain('Complete');
  });
});
