import { dayKey } from './format';
import type { Message } from './types';

/** Merges pages (newest first from the API) into one list, oldest first, without duplicates. */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => {
    const ta = Date.parse(a.timestamp) || 0;
    const tb = Date.parse(b.timestamp) || 0;
    return ta - tb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

export type ChatItem = { kind: 'day'; key: string; timestamp: string } | { kind: 'msg'; key: string; message: Message };

/** Oldest-first messages with a day separator before each new calendar day. */
export function withDaySeparators(messages: Message[]): ChatItem[] {
  const out: ChatItem[] = [];
  let last = '';
  for (const m of messages) {
    const k = dayKey(m.timestamp);
    if (k !== last) {
      out.push({ kind: 'day', key: `day-${k || m.id}`, timestamp: m.timestamp });
      last = k;
    }
    out.push({ kind: 'msg', key: m.id, message: m });
  }
  return out;
}
