/** The URL as an href when it is an absolute http(s) URL, else '' (no javascript:, data:, relative...). */
export function safeHref(raw: string | undefined | null): string {
  if (!raw) return '';
  const s = raw.trim();
  if (!/^https?:\/\//i.test(s)) return '';
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '';
  } catch {
    return '';
  }
}
