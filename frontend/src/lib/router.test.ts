import { describe, expect, it } from 'vitest';
import { chatHref, href, parseHash } from './router';

describe('parseHash', () => {
  it('maps the simple screens', () => {
    for (const n of ['link', 'chats', 'search', 'sync', 'webhooks', 'settings']) {
      expect(parseHash(`#/${n}`).name).toBe(n);
    }
  });
  it('defaults to chats', () => {
    expect(parseHash('').name).toBe('chats');
    expect(parseHash('#').name).toBe('chats');
    expect(parseHash('#/').name).toBe('chats');
  });
  it('parses a chat with its jid and focus message', () => {
    const r = parseHash('#/chats/123-456@g.us?m=ABC%2F1');
    expect(r.name).toBe('chat');
    expect(r.jid).toBe('123-456@g.us');
    expect(r.params.get('m')).toBe('ABC/1');
    expect(parseHash('#/chats/123%40s.whatsapp.net').jid).toBe('123@s.whatsapp.net');
  });
  it('keeps the search query', () => {
    expect(parseHash('#/search?q=hello%20world').params.get('q')).toBe('hello world');
  });
  it('reports unknown screens', () => {
    expect(parseHash('#/nope').name).toBe('notfound');
    expect(parseHash('#/settings/extra').name).toBe('notfound');
  });
});

describe('hrefs', () => {
  it('round-trips chat links', () => {
    for (const jid of ['123@s.whatsapp.net', '123-456@g.us', 'a/b?c#d@lid']) {
      const h = chatHref(jid, 'm/1?x');
      const r = parseHash(h);
      expect(r.jid).toBe(jid);
      expect(r.params.get('m')).toBe('m/1?x');
    }
    expect(chatHref('123@s.whatsapp.net')).toBe('#/chats/123@s.whatsapp.net');
  });
  it('builds screen links', () => {
    expect(href('sync')).toBe('#/sync');
    expect(href('search', { q: 'a b' })).toBe('#/search?q=a+b');
  });
});
