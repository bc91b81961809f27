import { useLayoutEffect, type RefObject } from 'react';
import type { AnchorLayout } from './commentRequest.ts';

/** Space between two cards that would otherwise touch, in pixels. */
const CARD_GAP_PX = 8;

/**
 * Lines the cards in `list` up with their passages: each card (an element with
 * `data-thread-id`) gets a top margin that puts it level with its passage, or just below the
 * card before it if that one is in the way, so cards never overlap and keep document order.
 * `frame` is the element the layout is measured from (the frame around the text). When the
 * sidebar sits below the text (narrow windows) the cards simply follow one another.
 */
export function useAlignedCards(
  list: RefObject<HTMLElement | null>,
  frame: () => HTMLElement | null,
  layout: AnchorLayout,
): void {
  useLayoutEffect(() => {
    const container = list.current;
    if (!container) return;
    const align = () => {
      const text = frame();
      const listBox = container.getBoundingClientRect();
      const textBox = text?.getBoundingClientRect();
      const beside = textBox !== undefined && listBox.left >= textBox.right - 1;
      const offset = beside ? listBox.top - textBox.top : 0;
      let bottom = 0;
      for (const child of container.children) {
        if (!(child instanceof HTMLElement)) continue;
        const threadId = child.dataset['threadId'];
        const wanted = beside && threadId !== undefined ? layout.get(threadId) : undefined;
        const gap = bottom === 0 ? 0 : CARD_GAP_PX;
        const margin = wanted === undefined ? gap : Math.max(gap, wanted - offset - bottom);
        child.style.marginTop = `${Math.round(margin)}px`;
        bottom += margin + child.offsetHeight;
      }
    };
    align();
    // Cards change height as they open, and the window changes width.
    const observer = new ResizeObserver(align);
    for (const child of container.children) observer.observe(child);
    window.addEventListener('resize', align);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', align);
    };
  });
}
