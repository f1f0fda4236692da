import { dayKey, jidUser, mediaPlaceholder } from './format';
import type { Message, MessageReceivedData, Reaction } from './types';

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

/** What a quoted message says in one line: its text, a media placeholder or its type. */
export function quoteText(m: Message): string {
  if (m.deleted) return 'This message was deleted';
  if (m.text) return m.text;
  if (m.media) return mediaPlaceholder(m.media);
  return `[${m.type || 'message'}]`;
}

export interface ReactionChip {
  emoji: string;
  count: number;
  /** who reacted, for the tooltip */
  senders: string[];
}

/** Groups reactions by emoji, in order of first appearance. */
export function groupReactions(reactions: Reaction[] | null | undefined): ReactionChip[] {
  const byEmoji = new Map<string, ReactionChip>();
  for (const r of reactions ?? []) {
    const emoji = r.emoji || r.text || '';
    if (!emoji) continue;
    const chip = byEmoji.get(emoji) ?? { emoji, count: 0, senders: [] };
    chip.count++;
    const who = r.sender_name || (r.sender ? jidUser(r.sender) : '');
    if (who) chip.senders.push(who);
    byEmoji.set(emoji, chip);
  }
  return [...byEmoji.values()];
}

/** A message built from a message.received event, shown until the stored copy is fetched. */
export function messageFromEvent(d: MessageReceivedData): Message {
  return {
    id: d.message_id,
    chat_jid: d.chat_jid,
    sender: d.sender ?? '',
    sender_name: d.sender_name ?? '',
    from_me: !!d.from_me,
    timestamp: d.timestamp ?? '',
    text: d.text ?? '',
    type: d.type ?? 'text',
    edited: false,
    deleted: false,
  };
}
