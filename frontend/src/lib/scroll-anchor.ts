// Keeps a scrolled list still while older items are prepended above the viewport:
// remember the first visible item and where it sat, then scroll so it sits there again.

export interface Anchor {
  id: string;
  /** item top minus viewport top, in px (negative when partly scrolled out) */
  offset: number;
}

export interface ItemBox {
  id: string;
  /** relative to the viewport top */
  top: number;
  bottom: number;
}

/** The first item (in document order) still visible at the viewport's top edge. */
export function pickAnchor(items: Iterable<ItemBox>): Anchor | null {
  for (const it of items) {
    if (it.bottom > 0) return { id: it.id, offset: it.top };
  }
  return null;
}

/** The scrollTop that puts the anchor item back at its remembered offset. */
export function anchoredScrollTop(scrollTop: number, anchor: Anchor, currentOffset: number): number {
  return Math.max(0, scrollTop + (currentOffset - anchor.offset));
}

/** Whether the viewport is (close to) the bottom, so live messages should keep it there. */
export function isNearBottom(scrollTop: number, scrollHeight: number, clientHeight: number, slack = 40): boolean {
  return scrollHeight - scrollTop - clientHeight < slack;
}

const ATTR = 'data-message-id';

function* boxes(scroller: HTMLElement): Generator<ItemBox> {
  const top = scroller.getBoundingClientRect().top;
  for (const el of scroller.querySelectorAll<HTMLElement>(`[${ATTR}]`)) {
    const r = el.getBoundingClientRect();
    yield { id: el.getAttribute(ATTR) ?? '', top: r.top - top, bottom: r.bottom - top };
  }
}

export function captureAnchor(scroller: HTMLElement): Anchor | null {
  return pickAnchor(boxes(scroller));
}

/** Scrolls so the anchor item is where it was; returns false if it is gone. */
export function restoreAnchor(scroller: HTMLElement, anchor: Anchor): boolean {
  for (const el of scroller.querySelectorAll<HTMLElement>(`[${ATTR}]`)) {
    if (el.getAttribute(ATTR) !== anchor.id) continue;
    const offset = el.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    scroller.scrollTop = anchoredScrollTop(scroller.scrollTop, anchor, offset);
    return true;
  }
  return false;
}

/**
 * For a list of fixed-height rows: the scrollTop that keeps the row at the top of the viewport
 * in place after the list was replaced (e.g. a chat moved to the top above it). At the very top
 * the view stays at the top, so new rows there are seen.
 */
export function keepRowInPlace(oldKeys: readonly string[], newKeys: readonly string[], scrollTop: number, rowHeight: number): number {
  if (scrollTop <= 0 || rowHeight <= 0) return scrollTop;
  const i = Math.floor(scrollTop / rowHeight);
  const key = oldKeys[i];
  if (key === undefined) return scrollTop;
  const j = newKeys.indexOf(key);
  if (j < 0 || j === i) return scrollTop;
  return Math.max(0, scrollTop + (j - i) * rowHeight);
}
