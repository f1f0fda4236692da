// Hash routing: #/link, #/chats, #/chats/<jid>?m=<id>, #/search?q=…, #/sync, #/webhooks, #/settings.
import { useEffect, useState } from 'react';

export type RouteName = 'link' | 'chats' | 'chat' | 'search' | 'sync' | 'webhooks' | 'settings' | 'notfound';

export interface Route {
  name: RouteName;
  /** chat jid for name === 'chat' */
  jid?: string;
  params: URLSearchParams;
}

const SIMPLE: RouteName[] = ['link', 'chats', 'search', 'sync', 'webhooks', 'settings'];
export const DEFAULT_ROUTE: RouteName = 'chats';

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseHash(hash: string): Route {
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  let query = '';
  const qi = h.indexOf('?');
  if (qi >= 0) {
    query = h.slice(qi + 1);
    h = h.slice(0, qi);
  }
  const params = new URLSearchParams(query);
  const segs = h.split('/').filter(Boolean);
  if (segs.length === 0) return { name: DEFAULT_ROUTE, params };
  const [first, ...rest] = segs;
  if (first === 'chats' && rest.length > 0) {
    return { name: 'chat', jid: safeDecode(rest.join('/')), params };
  }
  if ((SIMPLE as string[]).includes(first) && rest.length === 0) return { name: first as RouteName, params };
  return { name: 'notfound', params };
}

/** Keeps the characters a jid uses (@ . - :) readable in the hash. */
function encodeJid(jid: string): string {
  return encodeURIComponent(jid).replace(/%40/g, '@').replace(/%3A/gi, ':');
}

export function chatHref(jid: string, messageId?: string): string {
  const base = `#/chats/${encodeJid(jid)}`;
  return messageId ? `${base}?m=${encodeURIComponent(messageId)}` : base;
}

export function href(name: Exclude<RouteName, 'chat' | 'notfound'>, params?: Record<string, string>): string {
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#/${name}${q ? `?${q}` : ''}`;
}

export function navigate(hash: string, replace = false): void {
  if (replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
