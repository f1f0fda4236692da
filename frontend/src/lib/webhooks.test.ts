import { describe, expect, it } from 'vitest';
import { canRedeliver, eventsLabel, formatMs, prettyJson, toggleEvent } from './webhooks';

describe('webhook helpers', () => {
  it('labels events', () => {
    expect(eventsLabel([])).toBe('all events');
    expect(eventsLabel(null)).toBe('all events');
    expect(eventsLabel(['a', 'b'])).toBe('a, b');
  });
  it('pretty-prints payloads as text', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('<b>not json</b>')).toBe('<b>not json</b>');
    expect(prettyJson(null)).toBe('');
  });
  it('redelivers only finished deliveries', () => {
    expect(canRedeliver({ status: 'failed' })).toBe(true);
    expect(canRedeliver({ status: 'delivered' })).toBe(true);
    expect(canRedeliver({ status: 'pending' })).toBe(false);
  });
  it('formats durations and toggles events', () => {
    expect(formatMs(42)).toBe('42 ms');
    expect(formatMs(1500)).toBe('1.50 s');
    expect(formatMs(undefined)).toBe('');
    expect(toggleEvent([], 'test.ping', true)).toEqual(['test.ping']);
    expect(toggleEvent(['test.ping'], 'test.ping', false)).toEqual([]);
  });
});
