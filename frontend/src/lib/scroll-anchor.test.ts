import { describe, expect, it } from 'vitest';
import { anchoredScrollTop, isNearBottom, keepRowInPlace, pickAnchor } from './scroll-anchor';

describe('scroll anchoring while older messages are prepended', () => {
  it('anchors the first item still visible at the top edge', () => {
    const items = [
      { id: 'a', top: -300, bottom: -200 },
      { id: 'b', top: -200, bottom: -20 },
      { id: 'c', top: -20, bottom: 60 },
      { id: 'd', top: 60, bottom: 120 },
    ];
    expect(pickAnchor(items)).toEqual({ id: 'c', offset: -20 });
    expect(pickAnchor([])).toBeNull();
  });

  it('moves scrollTop by exactly the height added above the anchor', () => {
    // 'c' was 20px above the top edge at scrollTop 40; a page of 1,500px arrived above it.
    const anchor = { id: 'c', offset: -20 };
    expect(anchoredScrollTop(40, anchor, 1480)).toBe(1540);
    // Already in place (the browser anchored it itself): nothing moves.
    expect(anchoredScrollTop(1540, anchor, -20)).toBe(1540);
    expect(anchoredScrollTop(0, { id: 'x', offset: 100 }, 0)).toBe(0);
  });

  it('knows when the view is at the bottom', () => {
    expect(isNearBottom(600, 1000, 400)).toBe(true);
    expect(isNearBottom(570, 1000, 400)).toBe(true);
    expect(isNearBottom(500, 1000, 400)).toBe(false);
  });
});

describe('chat list: keeping the top row in place on a live refresh', () => {
  const old = ['a', 'b', 'c', 'd', 'e', 'f'];
  it('shifts by the rows that moved in above the top row', () => {
    // 'f' jumped to the top; the user looked at 'c' (row 2).
    expect(keepRowInPlace(old, ['f', 'a', 'b', 'c', 'd', 'e'], 2 * 68 + 10, 68)).toBe(3 * 68 + 10);
    // 'a' moved below: everything above 'c' shrank by one row.
    expect(keepRowInPlace(old, ['b', 'c', 'a', 'd', 'e', 'f'], 2 * 68, 68)).toBe(68);
  });

  it('stays at the very top so new chats are seen, and leaves unknown rows alone', () => {
    expect(keepRowInPlace(old, ['z', ...old], 0, 68)).toBe(0);
    expect(keepRowInPlace(old, ['z'], 68, 68)).toBe(68);
    expect(keepRowInPlace(old, old, 68 * 3, 68)).toBe(68 * 3);
  });
});
