// Chats seen in the list, so a chat screen can show its name and flags at once.
import type { Chat } from './types';

const cache = new Map<string, Chat>();

export function rememberChats(chats: Chat[]): void {
  for (const c of chats) cache.set(c.jid, c);
}

export function cachedChat(jid: string): Chat | undefined {
  return cache.get(jid);
}
