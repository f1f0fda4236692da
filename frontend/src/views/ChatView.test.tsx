import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api-error';
import type { Backend } from '../lib/backend';
import { BackendContext } from '../lib/context';
import type { Chat, Message } from '../lib/types';
import { fakeBackend } from '../test/fake-backend';
import { ChatView } from './ChatView';

const JID = '123-456@g.us';
const CHAT: Chat = {
  jid: JID, name: 'Family', is_group: true, last_message_at: '', last_message_text: '',
  unread: 0, archived: false, pinned: false, muted: false, more_on_phone: false,
};
const msg = (id: string, minute: number, over: Partial<Message> = {}): Message => ({
  id, chat_jid: JID, sender: '1555@s.whatsapp.net', sender_name: 'Bob', from_me: false,
  timestamp: new Date(Date.UTC(2025, 0, 10, 10, minute)).toISOString(), text: `text ${id}`, type: 'text',
  edited: false, deleted: false, ...over,
});

function show(backend: Backend, focusId?: string) {
  return render(
    <BackendContext.Provider value={backend}>
      <ChatView jid={JID} focusId={focusId} />
    </BackendContext.Provider>,
  );
}

const ids = () => screen.getAllByTestId('message').map((m) => m.getAttribute('data-message-id'));

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('chat header', () => {
  it('comes from getChat and exports through the window with "Saved to …"', async () => {
    const { backend } = fakeBackend({
      transport: 'wails',
      getChat: vi.fn(() => Promise.resolve(CHAT)),
      exportChat: vi.fn((_j: string, f: string) => (f === 'jsonl' ? Promise.resolve('/home/u/Family.jsonl') : Promise.resolve(''))),
    });
    show(backend);
    await waitFor(() => expect(screen.getByTestId('chat-name').textContent).toBe('Family'));
    fireEvent.click(screen.getByTestId('export-jsonl'));
    expect((await screen.findByTestId('export-result')).textContent).toBe('Saved to /home/u/Family.jsonl');
    expect(backend.exportChat).toHaveBeenCalledWith(JID, 'jsonl');
    fireEvent.click(screen.getByTestId('export-html'));
    await waitFor(() => expect(screen.getByTestId('export-result').textContent).toBe('Export cancelled'));
    expect(backend.exportChat).toHaveBeenLastCalledWith(JID, 'html');
  });

  it('starts a download in the browser and shows failures inline', async () => {
    const { backend } = fakeBackend({ exportChat: vi.fn(() => Promise.resolve('')) });
    show(backend);
    fireEvent.click(screen.getByTestId('export-html'));
    expect((await screen.findByTestId('export-result')).textContent).toBe('Download started');
    backend.exportChat = vi.fn(() => Promise.reject(new ApiError(404, 'chat not found')));
    fireEvent.click(screen.getByTestId('export-jsonl'));
    await waitFor(() => expect(screen.getByTestId('export-result').textContent).toBe('Export failed: chat not found'));
    expect(screen.getByTestId('export-result').getAttribute('role')).toBe('alert');
  });
});

describe('messages', () => {
  it('shows quotes, reactions and the phone marker with an inline error', async () => {
    const { backend } = fakeBackend({
      getChat: vi.fn(() => Promise.resolve({ ...CHAT, more_on_phone: true })),
      listMessages: vi.fn(() =>
        Promise.resolve({
          messages: [
            msg('c', 3, { quoted_id: 'gone', text: 'who?' }),
            msg('b', 2, { quoted_id: 'a', text: 'yes', from_me: true, reactions: [{ emoji: '👍', sender: '1@s.whatsapp.net' }, { emoji: '👍', sender: '2@s.whatsapp.net' }, { emoji: '😂' }] }),
            msg('a', 1, { text: '<b>lunch?</b>' }),
          ],
          next_cursor: '',
        }),
      ),
      requestHistorySync: vi.fn(() => Promise.reject(new ApiError(501, 'on-demand history is not implemented yet'))),
    });
    show(backend);
    await screen.findByText('yes');
    expect(ids()).toEqual(['a', 'b', 'c']);
    const [, b, c] = screen.getAllByTestId('message');
    const quote = b.querySelector('[data-testid="message-quote"]')!;
    expect(quote.textContent).toBe('Bob<b>lunch?</b>');
    expect(quote.getAttribute('href')).toBe('#/chats/123-456@g.us?m=a');
    expect(c.querySelector('[data-testid="message-quote"]')!.textContent).toBe('Reply to a message');
    expect([...b.querySelectorAll('[data-testid="reaction"]')].map((r) => r.textContent)).toEqual(['👍 2', '😂']);
    expect(document.querySelector('b')).toBeNull();

    await screen.findByText('More history is on your phone');
    fireEvent.click(screen.getByTestId('load-from-phone'));
    const err = await screen.findByTestId('load-from-phone-result');
    expect(err.textContent).toBe('on-demand history is not implemented yet');
    expect(err.getAttribute('role')).toBe('alert');
  });

  it('appends message.received for this chat live, then refreshes the stored copy', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const listMessages = vi.fn(() => Promise.resolve({ messages: [msg('a', 1)], next_cursor: '' }));
    const { backend, emit } = fakeBackend({ listMessages });
    show(backend);
    await screen.findByText('text a');
    act(() => {
      emit({ id: 'e1', event_type: 'message.received', timestamp: '', data: { chat_jid: 'other@g.us', message_id: 'x', text: 'elsewhere', timestamp: msg('x', 5).timestamp } });
      emit({
        id: 'e2', event_type: 'message.received', timestamp: '',
        data: { chat_jid: JID, message_id: 'live1', sender: 's', sender_name: 'Eve', from_me: false, timestamp: msg('z', 9).timestamp, text: 'just now', type: 'text' },
      });
    });
    expect(ids()).toEqual(['a', 'live1']);
    expect(screen.queryByText('elsewhere')).toBeNull();
    listMessages.mockImplementation(() => Promise.resolve({ messages: [msg('live1', 9, { text: 'just now', reactions: [{ emoji: '🎉' }] }), msg('a', 1)], next_cursor: '' }));
    await act(async () => {
      vi.advanceTimersByTime(700);
    });
    await waitFor(() => expect(screen.getAllByTestId('reaction')).toHaveLength(1));
    expect(listMessages).toHaveBeenLastCalledWith({ chat_jid: JID, limit: 50 });
    expect(ids()).toEqual(['a', 'live1']);
  });
});

describe('paging upward', () => {
  it('loads the older page with `before` at the top and keeps the view anchored', async () => {
    const ROW = 50;
    const newest = Array.from({ length: 50 }, (_, i) => msg(`n${50 + i}`, 50 + i));
    const oldest = Array.from({ length: 50 }, (_, i) => msg(`n${i}`, i));
    const listMessages = vi.fn((p: { before?: string }) =>
      Promise.resolve(p.before ? { messages: [...oldest].reverse(), next_cursor: '' } : { messages: [...newest].reverse(), next_cursor: 'c1' }),
    );
    // A fake layout: every message is ROW px tall, stacked in DOM order inside the scroller.
    const scrollerOf = (el: Element) => el.closest('[data-testid="messages"]') as HTMLElement | null;
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const sc = scrollerOf(this);
      let top = 0;
      if (sc && this !== sc && this.hasAttribute('data-message-id')) {
        const all = [...sc.querySelectorAll('[data-message-id]')];
        top = all.indexOf(this) * ROW - sc.scrollTop;
      }
      return { top, bottom: top + (this.hasAttribute('data-message-id') ? ROW : 0), left: 0, right: 0, width: 0, height: 0, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
    });
    vi.spyOn(Element.prototype, 'scrollHeight', 'get').mockImplementation(function (this: Element) {
      return this.querySelectorAll('[data-message-id]').length * ROW;
    });
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(() => 400);

    const { backend } = fakeBackend({ listMessages });
    show(backend);
    await screen.findByText('text n99');
    const scroller = screen.getByTestId('messages');
    expect(scroller.scrollTop).toBe(50 * ROW); // newest at the bottom

    scroller.scrollTop = 30; // n50 is the top visible message, 30px cut off
    fireEvent.scroll(scroller);
    await screen.findByText('text n0');
    expect(listMessages).toHaveBeenLastCalledWith({ chat_jid: JID, before: 'c1', limit: 50 });
    expect(ids()).toHaveLength(100);
    expect(ids()[0]).toBe('n0');
    expect(scroller.scrollTop).toBe(30 + 50 * ROW); // n50 still exactly where it was

    fireEvent.scroll(scroller);
    expect(listMessages).toHaveBeenCalledTimes(2); // no cursor left: no more requests
  });
});
