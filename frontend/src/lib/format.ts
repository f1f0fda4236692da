// Time, size and countdown formatting. Every function takes `now` (and a locale) so tests are exact.

export function parseTime(ts: string | undefined | null): Date | null {
  if (!ts) return null;
  const d = new Date(ts);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return null;
  return d;
}

/** Whole seconds from now until expiresAt (never negative); 0 when unknown. */
export function secondsLeft(expiresAt: string | undefined, now: number): number {
  const d = parseTime(expiresAt);
  if (!d) return 0;
  return Math.max(0, Math.ceil((d.getTime() - now) / 1000));
}

/** 75 → "1:15", 5 → "0:05". */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Calendar days between two dates in local time (b - a). */
export function dayDiff(a: Date, b: Date): number {
  return Math.round((startOfDay(b) - startOfDay(a)) / 86_400_000);
}

export function formatClock(d: Date, locale?: string): string {
  return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** Chat list time: clock today, "Yesterday", weekday within a week, else a date. */
export function formatChatTime(ts: string, now: Date = new Date(), locale?: string): string {
  const d = parseTime(ts);
  if (!d) return '';
  const diff = dayDiff(d, now);
  if (diff <= 0) return formatClock(d, locale);
  if (diff === 1) return 'Yesterday';
  if (diff < 7) return d.toLocaleDateString(locale, { weekday: 'short' });
  if (d.getFullYear() === now.getFullYear()) return d.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** Day separator label in a chat: "Today", "Yesterday", or a full date. */
export function formatDayLabel(ts: string, now: Date = new Date(), locale?: string): string {
  const d = parseTime(ts);
  if (!d) return 'Unknown date';
  const diff = dayDiff(d, now);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Yesterday';
  return d.toLocaleDateString(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}

/** Local calendar day key, for grouping messages by day. */
export function dayKey(ts: string): string {
  const d = parseTime(ts);
  if (!d) return '';
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export function isSameDay(a: string, b: string): boolean {
  const da = parseTime(a);
  const db = parseTime(b);
  return !!da && !!db && sameDay(da, db);
}

/** Full date and time, for tooltips and lists. */
export function formatDateTime(ts: string, locale?: string): string {
  const d = parseTime(ts);
  if (!d) return '';
  return d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** 1234567 → "1.2 MB"; 0/unknown → "". */
export function formatBytes(n: number | undefined | null): string {
  if (!n || n < 0 || !Number.isFinite(n)) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const s = i === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '');
  return `${s} ${units[i]}`;
}

/** Media duration in seconds → "1:05" / "1:02:03"; 0/unknown → "". */
export function formatDuration(sec: number | undefined | null): string {
  if (!sec || sec <= 0 || !Number.isFinite(sec)) return '';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

const MEDIA_LABELS: Record<string, string> = {
  image: 'photo',
  photo: 'photo',
  video: 'video',
  gif: 'GIF',
  audio: 'audio',
  ptt: 'voice message',
  voice: 'voice message',
  document: 'document',
  sticker: 'sticker',
  contact: 'contact',
  location: 'location',
};

export function mediaLabel(kind: string): string {
  return MEDIA_LABELS[kind?.toLowerCase()] ?? (kind || 'media');
}

/** "[photo] file.jpg 1.2 MB" */
export function mediaPlaceholder(m: { kind: string; file_name?: string; size?: number; duration?: number }): string {
  return [`[${mediaLabel(m.kind)}]`, m.file_name, formatDuration(m.duration), formatBytes(m.size)]
    .filter(Boolean)
    .join(' ');
}

/** "1,234" in a stable way. */
export function formatCount(n: number | undefined | null): string {
  return (n ?? 0).toLocaleString('en-US');
}

/** Strips the WhatsApp server part for display: "123@s.whatsapp.net" → "+123". */
export function jidUser(jid: string): string {
  const at = jid.indexOf('@');
  const user = at >= 0 ? jid.slice(0, at) : jid;
  const server = at >= 0 ? jid.slice(at + 1) : '';
  return server === 's.whatsapp.net' ? `+${user.split(':')[0]}` : user;
}
