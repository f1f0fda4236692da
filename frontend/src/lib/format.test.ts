import { describe, expect, it } from 'vitest';
import {
  dayDiff,
  formatBytes,
  formatChatTime,
  formatCountdown,
  formatDayLabel,
  formatDuration,
  jidUser,
  mediaPlaceholder,
  parseTime,
  secondsLeft,
} from './format';

describe('countdown', () => {
  const now = Date.parse('2025-01-10T12:00:00Z');
  it('counts whole seconds to expires_at', () => {
    expect(secondsLeft('2025-01-10T12:00:42Z', now)).toBe(42);
    expect(secondsLeft('2025-01-10T12:00:41.200Z', now)).toBe(42);
    expect(secondsLeft('2025-01-10T11:59:00Z', now)).toBe(0);
    expect(secondsLeft('', now)).toBe(0);
    expect(secondsLeft('garbage', now)).toBe(0);
    expect(secondsLeft('0001-01-01T00:00:00Z', now)).toBe(0);
  });
  it('formats m:ss', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(75)).toBe('1:15');
    expect(formatCountdown(600)).toBe('10:00');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});

describe('times', () => {
  const now = new Date(2025, 0, 10, 15, 30); // local time
  const at = (d: number, h = 9, m = 5) => new Date(2025, 0, d, h, m).toISOString();
  it('counts calendar days', () => {
    expect(dayDiff(new Date(2025, 0, 9, 23, 59), new Date(2025, 0, 10, 0, 1))).toBe(1);
  });
  it('formats chat list times', () => {
    expect(formatChatTime(at(10), now, 'en-GB')).toBe('09:05');
    expect(formatChatTime(at(9), now, 'en-GB')).toBe('Yesterday');
    expect(formatChatTime(at(6), now, 'en-GB')).toBe('Mon');
    expect(formatChatTime(at(1), now, 'en-GB')).toBe('1 Jan');
    expect(formatChatTime(new Date(2023, 4, 2).toISOString(), now, 'en-GB')).toBe('2 May 2023');
    expect(formatChatTime('', now)).toBe('');
  });
  it('labels days', () => {
    expect(formatDayLabel(at(10), now, 'en-GB')).toBe('Today');
    expect(formatDayLabel(at(9), now, 'en-GB')).toBe('Yesterday');
    expect(formatDayLabel(at(3), now, 'en-GB')).toBe('Friday 3 January');
    expect(formatDayLabel('nope', now)).toBe('Unknown date');
  });
  it('parses RFC 3339 and rejects junk', () => {
    expect(parseTime('2025-01-10T12:00:00+02:00')?.toISOString()).toBe('2025-01-10T10:00:00.000Z');
    expect(parseTime('')).toBeNull();
  });
});

describe('sizes and media', () => {
  it('formats bytes', () => {
    expect(formatBytes(0)).toBe('');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1200)).toBe('1.2 KB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(2_000_000)).toBe('2 MB');
    expect(formatBytes(345_000_000)).toBe('345 MB');
  });
  it('formats durations', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(0)).toBe('');
  });
  it('makes media placeholders', () => {
    expect(mediaPlaceholder({ kind: 'image', file_name: 'file.jpg', size: 1_200_000, duration: 0 })).toBe(
      '[photo] file.jpg 1.2 MB',
    );
    expect(mediaPlaceholder({ kind: 'ptt', file_name: '', size: 0, duration: 12 })).toBe('[voice message] 0:12');
    expect(mediaPlaceholder({ kind: 'weird', file_name: '', size: 0, duration: 0 })).toBe('[weird]');
  });
  it('shows a jid user part', () => {
    expect(jidUser('15551234567@s.whatsapp.net')).toBe('+15551234567');
    expect(jidUser('15551234567:12@s.whatsapp.net')).toBe('+15551234567');
    expect(jidUser('123-456@g.us')).toBe('123-456');
  });
});
