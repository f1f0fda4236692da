import type { Message, MessageContent } from '../../lib/types';

/** A message of a kind for component tests. */
export function msg(type: string, content: MessageContent | null, over: Partial<Message> = {}): Message {
  return {
    id: `m-${type}`,
    chat_jid: '120363000000000001@g.us',
    sender: '15551234567@s.whatsapp.net',
    sender_name: 'Ada',
    from_me: false,
    timestamp: '2025-01-10T12:00:00Z',
    text: '',
    type,
    edited: false,
    deleted: false,
    content,
    ...over,
  };
}
