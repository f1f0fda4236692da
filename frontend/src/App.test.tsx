import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { ApiError } from './lib/api-error';
import { fakeBackend, SETTINGS } from './test/fake-backend';

describe('login vs app', () => {
  it('shows the login page when settings answer 401, then the app after login', async () => {
    const { backend } = fakeBackend();
    let authed = false;
    backend.settings = vi.fn(() =>
      authed ? Promise.resolve(SETTINGS) : Promise.reject(new ApiError(401, 'missing or invalid key')),
    );
    backend.login = vi.fn(async (key: string) => {
      if (key !== 'good') throw new ApiError(401, 'invalid key');
      authed = true;
    });
    render(<App backend={backend} />);
    await screen.findByTestId('screen-login');

    fireEvent.change(screen.getByTestId('login-key'), { target: { value: 'bad' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('login-error')).textContent).toBe('That key is not valid');

    fireEvent.change(screen.getByTestId('login-key'), { target: { value: 'good' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await screen.findByTestId('nav-chats');
    expect(backend.login).toHaveBeenLastCalledWith('good');
    expect(screen.queryByTestId('screen-login')).toBeNull();
  });

  it('goes back to login when any later call answers 401', async () => {
    const { backend, fireUnauthorized } = fakeBackend();
    render(<App backend={backend} />);
    await screen.findByTestId('nav-settings');
    act(() => fireUnauthorized());
    await screen.findByTestId('screen-login');
  });

  it('never shows login in the window, even if a call fails', async () => {
    const { backend } = fakeBackend({ needsLogin: false, transport: 'wails' });
    backend.settings = vi.fn(() => Promise.reject(new ApiError(401, 'weird')));
    render(<App backend={backend} />);
    await screen.findByTestId('nav-chats');
    expect(screen.queryByTestId('screen-login')).toBeNull();
  });

  it('reports frontendReady once and shows the test endpoint banner', async () => {
    const { backend } = fakeBackend();
    backend.settings = vi.fn(() => Promise.resolve({ ...SETTINGS, test_endpoint: true }));
    window.location.hash = '#/settings';
    render(<App backend={backend} />);
    await screen.findByTestId('screen-settings');
    expect((await screen.findByTestId('test-endpoint-banner')).textContent).toContain(
      'Connected to a test WhatsApp endpoint (WASYNC_WA_*)',
    );
    await waitFor(() => expect(backend.frontendReady).toHaveBeenCalledWith('settings'));
    expect(backend.frontendReady).toHaveBeenCalledTimes(1);
  });
});

describe('routing', () => {
  it('renders each screen for its hash and follows hash changes', async () => {
    const { backend } = fakeBackend();
    window.location.hash = '#/sync';
    render(<App backend={backend} />);
    await screen.findByTestId('screen-sync');
    for (const [hash, id] of [
      ['#/link', 'screen-link'],
      ['#/chats', 'screen-chats'],
      ['#/chats/123-456@g.us', 'screen-chat'],
      ['#/search', 'screen-search'],
      ['#/webhooks', 'screen-webhooks'],
      ['#/settings', 'screen-settings'],
    ]) {
      act(() => {
        window.location.hash = hash;
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      });
      await screen.findByTestId(id);
    }
    expect(screen.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page');
  });

  it('starts on Link a phone when no screen is given and no account is linked', async () => {
    const { backend } = fakeBackend();
    backend.session = vi.fn(() => Promise.resolve({ state: 'logged_out' as const }));
    render(<App backend={backend} />);
    await screen.findByTestId('screen-link');
    expect(window.location.hash).toBe('#/link');
  });
});

describe('history sync bar', () => {
  it('appears app-wide from history.sync events, once on the Sync screen too', async () => {
    const { resetSyncProgress } = await import('./lib/sync-store');
    resetSyncProgress();
    const { backend, emit } = fakeBackend();
    window.location.hash = '#/chats';
    render(<App backend={backend} />);
    await screen.findByTestId('screen-chats');
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    act(() => emit({ id: 's1', event_type: 'history.sync', timestamp: '', data: { sync_type: 'RECENT', chunk_order: 1, progress: 25, new_messages: 40 } }));
    expect((await screen.findByTestId('sync-progress')).textContent).toContain('25%');
    act(() => {
      window.location.hash = '#/sync';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await screen.findByTestId('screen-sync');
    expect(screen.getAllByTestId('sync-progress')).toHaveLength(1);
    expect(screen.getAllByTestId('recent-sync')).toHaveLength(1);
    resetSyncProgress();
  });
});
