import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendContext } from '../lib/context';
import type { Chat } from '../lib/types';
import { fakeBackend } from '../test/fake-backend';
import { ChatsView } from './ChatsView';

const chat = (i: number): Chat => ({
  jid: `${1000 + i}@s.whatsapp.net`, name: `Chat ${i}`, is_group: false, last_message_at: '2025-01-10T12:00:00Z',
  last_message_text: `hello ${i}`, unread: 0, archived: false, pinned: false, muted: false, more_on_phone: false,
});
const ALL = Array.from({ length: 5000 }, (_, i) => chat(i));
const VIEWPORT = 680; // 10 rows of 68px

// jsdom has no layout: give the list a viewport so the virtualizer can window it.
const desc = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
beforeEach(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.getAttribute('data-testid') === 'chat-list' ? VIEWPORT : 0;
    },
  });
});
afterEach(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', desc);
  vi.useRealTimers();
});

function rowJids() {
  return screen.getAllByTestId('chat-row').map((r) => r.getAttribute('data-jid'));
}

describe('chat list with thousands of chats', () => {
  it('renders only a window of 5,000 rows, and the right window after scrolling', async () => {
    const { backend } = fakeBackend({ listChats: vi.fn(() => Promise.resolve({ chats: ALL, next_cursor: '' })) });
    render(
      <BackendContext.Provider value={backend}>
        <ChatsView />
      </BackendContext.Provider>,
    );
    await screen.findAllByTestId('chat-row');
    const first = rowJids();
    expect(first.length).toBeGreaterThanOrEqual(10);
    expect(first.length).toBeLessThan(40);
    expect(first[0]).toBe(ALL[0].jid);
    const list = screen.getByTestId('chat-list');
    expect((list.firstElementChild as HTMLElement).style.height).toBe(`${5000 * 68}px`);

    list.scrollTop = 2500 * 68;
    fireEvent.scroll(list);
    await waitFor(() => expect(rowJids()).toContain(ALL[2500].jid));
    const after = rowJids();
    expect(after.length).toBeLessThan(40);
    expect(after).not.toContain(ALL[0].jid);
    expect(document.querySelectorAll('[data-testid="chat-row"]').length).toBe(after.length);
  });

  it('refetches the first page on live events, debounced, keeping the top row in place', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const page = ALL.slice(0, 100);
    let fresh = page;
    const listChats = vi.fn(() => Promise.resolve({ chats: fresh, next_cursor: '' }));
    const { backend, emit } = fakeBackend({ listChats });
    render(
      <BackendContext.Provider value={backend}>
        <ChatsView />
      </BackendContext.Provider>,
    );
    await screen.findAllByTestId('chat-row');
    const list = screen.getByTestId('chat-list');
    list.scrollTop = 20 * 68; // looking at "Chat 20"
    fireEvent.scroll(list);

    // chat 99 gets a message and moves to the top
    fresh = [page[99], ...page.slice(0, 99)];
    act(() => {
      for (let i = 0; i < 5; i++) emit({ id: `m${i}`, event_type: 'message.received', timestamp: '', data: { chat_jid: page[99].jid } });
      emit({ id: 'h1', event_type: 'history.sync', timestamp: '', data: { progress: 10 } });
    });
    expect(listChats).toHaveBeenCalledTimes(1);
    await act(async () => {
      vi.advanceTimersByTime(900);
    });
    await waitFor(() => expect(listChats).toHaveBeenCalledTimes(2));
    expect(listChats).toHaveBeenLastCalledWith({ limit: 100, q: undefined });
    await waitFor(() => expect(list.scrollTop).toBe(21 * 68));
    // "Chat 20" is still the row at the top of the viewport (now row 21)
    const atTop = [...list.querySelectorAll<HTMLElement>('.chat-list-item')].find((el) => el.style.transform === `translateY(${21 * 68}px)`);
    expect(atTop?.querySelector('[data-testid="chat-row"]')?.getAttribute('data-jid')).toBe(page[20].jid);
    expect(rowJids()).not.toContain(page[99].jid); // it moved to row 0, out of the window
  });
});
