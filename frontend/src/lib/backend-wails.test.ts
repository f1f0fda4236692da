import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';

async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}
import { createBackend } from './backend';
import { createWailsBackend, hasWailsBindings, WAILS_EVENT, type WailsWindow } from './backend-wails';

function fakeWindow(app: Record<string, (...a: unknown[]) => Promise<unknown>>) {
  const handlers = new Map<string, Set<(d: unknown) => void>>();
  const win: WailsWindow = {
    go: { main: { App: app } },
    runtime: {
      EventsOn: vi.fn((name: string, cb: (d: unknown) => void) => {
        if (!handlers.has(name)) handlers.set(name, new Set());
        handlers.get(name)!.add(cb);
        return () => handlers.get(name)!.delete(cb);
      }),
    },
  };
  const emit = (name: string, d: unknown) => handlers.get(name)?.forEach((h) => h(d));
  return { win, emit, handlers };
}

describe('Wails backend', () => {
  it('is chosen when window.go.main.App exists', () => {
    const { win } = fakeWindow({});
    expect(hasWailsBindings(win)).toBe(true);
    expect(createBackend(win as unknown as Window).transport).toBe('wails');
    expect(hasWailsBindings({} as WailsWindow)).toBe(false);
    expect(createBackend({ location: { origin: 'http://x' } } as unknown as Window).transport).toBe('http');
  });

  it('calls bound methods with the same params', async () => {
    const app = {
      Settings: vi.fn(async () => ({ version: '1' })),
      ListChats: vi.fn(async () => ({ chats: [{ jid: 'a' }], next_cursor: 'n' })),
      ListMessages: vi.fn(async () => ({ messages: null, next_cursor: '' })),
      PairPhone: vi.fn(async () => ({ pair_code: 'ABCD1234' })),
      FrontendReady: vi.fn(async () => undefined),
      RequestHistorySync: vi.fn(async () => ({ requested: true, count: 50 })),
    };
    const b = createWailsBackend(fakeWindow(app).win);
    await expect(b.settings()).resolves.toEqual({ version: '1' });
    await expect(b.listChats({ limit: 10, q: 'x' })).resolves.toEqual({ chats: [{ jid: 'a' }], next_cursor: 'n' });
    expect(app.ListChats).toHaveBeenCalledWith({ limit: 10, q: 'x' });
    await expect(b.listMessages({ chat_jid: '1-2@g.us' })).resolves.toEqual({ messages: [], next_cursor: '' });
    expect(app.ListMessages).toHaveBeenCalledWith({ chat_jid: '1-2@g.us' });
    await expect(b.pairPhone('155')).resolves.toEqual({ pair_code: 'ABCD1234' });
    expect(app.PairPhone).toHaveBeenCalledWith('155');
    await b.frontendReady('link');
    expect(app.FrontendReady).toHaveBeenCalledWith('link');
    await b.requestHistorySync({ chat_jid: 'c', count: 50 });
    expect(app.RequestHistorySync).toHaveBeenCalledWith({ chat_jid: 'c', count: 50 });
    expect(b.needsLogin).toBe(false);
  });

  it('calls MessageVersions and UpdateSettings', async () => {
    const app = {
      MessageVersions: vi.fn(async () => ({ chat_jid: 'c', message_id: 'm', deleted: true, versions: null })),
      UpdateSettings: vi.fn(async () => ({ hide_deleted_content: true })),
    };
    const b = createWailsBackend(fakeWindow(app).win);
    await expect(b.messageVersions('c', 'm')).resolves.toEqual({ chat_jid: 'c', message_id: 'm', deleted: true, versions: [] });
    expect(app.MessageVersions).toHaveBeenCalledWith('c', 'm');
    await expect(b.updateSettings({ hide_deleted_content: true })).resolves.toEqual({ hide_deleted_content: true });
    expect(app.UpdateSettings).toHaveBeenCalledWith({ hide_deleted_content: true });
  });

  it('gets one chat and exports through the native dialog', async () => {
    const app = {
      GetChat: vi.fn(async () => ({ jid: '1-2@g.us', name: 'Team', is_group: true })),
      ExportChat: vi.fn(async (_jid: unknown, format: unknown) => (format === 'html' ? '' : '/home/u/Team.jsonl')),
    };
    const b = createWailsBackend(fakeWindow(app).win);
    await expect(b.getChat('1-2@g.us')).resolves.toMatchObject({ jid: '1-2@g.us', name: 'Team', is_group: true, more_on_phone: false });
    expect(app.GetChat).toHaveBeenCalledWith('1-2@g.us');
    await expect(b.exportChat('1-2@g.us', 'jsonl')).resolves.toBe('/home/u/Team.jsonl');
    expect(app.ExportChat).toHaveBeenCalledWith('1-2@g.us', 'jsonl');
    await expect(b.exportChat('1-2@g.us', 'html')).resolves.toBe(''); // cancelled
    expect(app.ExportChat).toHaveBeenLastCalledWith('1-2@g.us', 'html');
  });

  it('backs up through the native dialog (CreateBackup)', async () => {
    const app = { CreateBackup: vi.fn(async () => '/home/u/wasync-20250102-030405.db') };
    const b = createWailsBackend(fakeWindow(app).win);
    await expect(b.createBackup()).resolves.toBe('/home/u/wasync-20250102-030405.db');
    expect(app.CreateBackup).toHaveBeenCalledWith();
  });

  it('reports a failed export as an ApiError with the Go words', async () => {
    const b = createWailsBackend(fakeWindow({ ExportChat: () => Promise.reject('chat not found') }).win);
    const err = await caught(b.exportChat('x@g.us', 'jsonl'));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('chat not found');
  });

  it('normalises a string rejection to ApiError', async () => {
    const b = createWailsBackend(fakeWindow({ Session: () => Promise.reject('not paired yet') }).win);
    const err = await caught(b.session());
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('not paired yet');
  });

  it('reports a method the Go side does not have yet as an ApiError', async () => {
    const b = createWailsBackend(fakeWindow({}).win);
    const err = await caught(b.listWebhooks());
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/ListWebhooks/);
  });

  it('subscribes once to wasync:event and unsubscribes when the last listener leaves', () => {
    const { win, emit, handlers } = fakeWindow({});
    const b = createWailsBackend(win);
    const a: string[] = [];
    const c: string[] = [];
    const offA = b.onEvent((ev) => a.push(ev.event_type));
    const offC = b.onEvent((ev) => c.push(ev.event_type));
    expect(win.runtime!.EventsOn).toHaveBeenCalledTimes(1);
    expect(win.runtime!.EventsOn).toHaveBeenCalledWith(WAILS_EVENT, expect.any(Function));
    emit(WAILS_EVENT, { id: '1', event_type: 'connection.qr', timestamp: '', data: {} });
    emit(WAILS_EVENT, JSON.stringify({ id: '2', event_type: 'test.ping', timestamp: '', data: {} }));
    expect(a).toEqual(['connection.qr', 'test.ping']);
    expect(c).toEqual(['connection.qr', 'test.ping']);
    offA();
    expect(handlers.get(WAILS_EVENT)!.size).toBe(1);
    offC();
    expect(handlers.get(WAILS_EVENT)!.size).toBe(0);
  });
});
