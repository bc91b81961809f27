import { useLayoutEffect, useRef, type RefObject } from 'react';
import { cardMargins } from './cardMargins.ts';
import type { AnchorLayout } from './commentRequest.ts';

/**
 * Lines the cards in `list` up with their passages: each card (an element with
 * `data-thread-id`) gets a top margin that puts it level with its passage, or just below the
 * card before it if that one is in the way, so cards never overlap and keep document order.
 * `frame` is the element the layout is measured from (the frame around the text). When the
 * sidebar sits below the text (narrow windows) the cards simply follow one another.
 *
 * With thousands of cards this must not force a layout per card: every size is read first (one
 * layout), then every margin is written, and only margins that changed are touched. It runs
 * after every render of the component that calls it (anything above the list, such as the
 * composer, may have moved it), when the list changes height (a card opened, drawn or added),
 * and when the window changes width.
 * The caller should be memoised, so that it does not render on every keystroke.
 */
export function useAlignedCards(
  list: RefObject<HTMLElement | null>,
  frame: () => HTMLElement | null,
  layout: AnchorLayout,
): void {
  // The latest inputs, for the observers, which outlive a render.
  const current = useRef({ frame, layout });
  const align = useRef<() => void>(() => undefined);

  // A layout effect declared first, so the observers exist when the one below first aligns.
  useLayoutEffect(() => {
    const container = list.current;
    if (!container) return;
    align.current = () => {
      const { frame: textFrame, layout: anchors } = current.current;
      const text = textFrame();
      const listBox = container.getBoundingClientRect();
      const textBox = text?.getBoundingClientRect();
      const beside = textBox !== undefined && listBox.left >= textBox.right - 1;
      const offset = beside ? listBox.top - textBox.top : 0;
      const children = [...container.children].filter(
        (child): child is HTMLElement => child instanceof HTMLElement,
      );
      // Read phase: heights do not depend on margins, so one layout serves every card.
      const measured = children.map((child) => {
        const threadId = child.dataset['threadId'];
        const wanted = beside && threadId !== undefined ? anchors.get(threadId) : undefined;
        return {
          wanted: wanted === undefined ? undefined : wanted - offset,
          height: child.offsetHeight,
        };
      });
      // Write phase.
      cardMargins(measured).forEach((margin, index) => {
        const child = children[index];
        const value = `${margin}px`;
        if (child && child.style.marginTop !== value) child.style.marginTop = value;
      });
    };

    // Cards change height as they open or are first drawn, and come and go with threads; each
    // of these changes the list's height. The list is watched rather than every card: the browser
    // checks every observed element after each layout, and a keystroke lays the page out, so a
    // watch per card cost a pass over thousands of cards per key. Writing margins changes the
    // list's height too, which brings one more alignment that finds nothing to change.
    const resize = new ResizeObserver(() => align.current());
    resize.observe(container);
    const onResize = () => align.current();
    window.addEventListener('resize', onResize);
    return () => {
      resize.disconnect();
      window.removeEventListener('resize', onResize);
      align.current = () => undefined;
    };
  }, [list]);

  useLayoutEffect(() => {
    current.current = { frame, layout };
    align.current();
  });
}
