import { describe, expect, it } from 'vitest';
import { groupReactions, mergeMessages, messageFromEvent, quoteText } from './messages';
import type { Message } from './types';

const msg = (over: Partial<Message>): Message => ({
  id: 'm', chat_jid: 'c@g.us', sender: 's@s.whatsapp.net', sender_name: 'S', from_me: false,
  timestamp: '2025-01-10T12:00:00Z', text: '', type: 'text', edited: false, deleted: false, ...over,
});

describe('message helpers', () => {
  it('merges pages oldest first and lets the newer copy win', () => {
    const a = msg({ id: 'a', timestamp: '2025-01-10T10:00:00Z', text: 'old' });
    const b = msg({ id: 'b', timestamp: '2025-01-10T11:00:00Z' });
    const merged = mergeMessages([b, a], [msg({ id: 'a', timestamp: '2025-01-10T10:00:00Z', text: 'edited', edited: true })]);
    expect(merged.map((m) => [m.id, m.text])).toEqual([['a', 'edited'], ['b', '']]);
  });

  it('groups reactions into chips with counts and who reacted', () => {
    expect(
      groupReactions([
        { emoji: '👍', sender: '1@s.whatsapp.net' },
        { emoji: '❤️', sender_name: 'Ann' },
        { emoji: '👍', sender_name: 'Bob' },
        { emoji: '' },
      ]),
    ).toEqual([
      { emoji: '👍', count: 2, senders: ['+1', 'Bob'] },
      { emoji: '❤️', count: 1, senders: ['Ann'] },
    ]);
    expect(groupReactions(null)).toEqual([]);
  });

  it('says what a quoted message was', () => {
    expect(quoteText(msg({ text: 'hi' }))).toBe('hi');
    expect(quoteText(msg({ text: 'hi', deleted: true }))).toBe('This message was deleted');
    expect(quoteText(msg({ media: { kind: 'image', file_name: 'a.jpg', size: 0, duration: 0 } }))).toBe('[photo] a.jpg');
    expect(quoteText(msg({ type: 'poll' }))).toBe('[poll]');
  });

  it('builds a message from a message.received event', () => {
    expect(
      messageFromEvent({
        chat_jid: 'c@g.us', message_id: 'X1', sender: 's', sender_name: 'Sam', from_me: false,
        timestamp: '2025-01-10T12:00:00Z', text: 'yo', type: 'text',
      }),
    ).toEqual(msg({ id: 'X1', sender: 's', sender_name: 'Sam', text: 'yo' }));
  });
});
