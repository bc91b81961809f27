import { useLayoutEffect, useRef, type RefObject } from 'react';
import { cardMargins } from './cardMargins.ts';
import type { AnchorLayout } from './commentRequest.ts';

/**
 * The height a card that has never been drawn is taken to have, in rem: a closed card with a
 * three-line quote and a short comment. Used only until the card's chunk is drawn once.
 * @default 9
 */
export const CARD_ESTIMATED_HEIGHT_REM = 9;

/**
 * Lines the cards in `list` up with their passages: each card (an element with
 * `data-thread-id`) gets a top margin that puts it level with its passage, or just below the
 * card before it if that one is in the way, so cards never overlap and keep document order.
 * The list's children are chunks of cards (`.thread-chunk`), each `content-visibility: auto`
 * unless it holds the open card. `frame` is the element the layout is measured from (the frame
 * around the text). When the sidebar sits below the text (narrow windows) the cards simply
 * follow one another.
 *
 * With thousands of cards this must not force a layout per card, nor lay out chunks the browser
 * skips: reading a card's height inside a skipped chunk makes Chromium lay out that chunk. So the
 * heights of cards in drawn chunks are read (one layout), the others are the last height read
 * or an estimate, every margin is written after, and each chunk is given the height its cards and
 * margins take, as the size it has while skipped, so the chunks below stay level either way.
 * It runs after every render of the component that calls it (anything above the list, such as
 * the composer, may have moved it), when the list changes height (a card opened, drawn or
 * added), when a chunk is drawn or skipped, and when the window changes width.
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
    // Last height read of each card, by thread id: what a card in a skipped chunk is given.
    const heights = new Map<string, number>();
    align.current = () => {
      const { frame: textFrame, layout: anchors } = current.current;
      const text = textFrame();
      const listBox = container.getBoundingClientRect();
      const textBox = text?.getBoundingClientRect();
      const beside = textBox !== undefined && listBox.left >= textBox.right - 1;
      const offset = beside ? listBox.top - textBox.top : 0;
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const estimate = CARD_ESTIMATED_HEIGHT_REM * rem;
      const chunks = [...container.children].filter(
        (child): child is HTMLElement => child instanceof HTMLElement,
      );
      const cards: HTMLElement[] = [];
      const chunkOfCard: number[] = [];
      // Read phase: heights do not depend on margins, so one layout serves every drawn card.
      const measured = chunks.flatMap((chunk, chunkIndex) => {
        const drawn = isDrawn(chunk);
        return [...chunk.children]
          .filter((child): child is HTMLElement => child instanceof HTMLElement)
          .map((card) => {
            const threadId = card.dataset['threadId'];
            let height = threadId === undefined ? undefined : heights.get(threadId);
            if (drawn || height === undefined) {
              height = drawn ? card.offsetHeight : estimate;
              if (drawn && threadId !== undefined) heights.set(threadId, height);
            }
            cards.push(card);
            chunkOfCard.push(chunkIndex);
            const wanted = beside && threadId !== undefined ? anchors.get(threadId) : undefined;
            return { wanted: wanted === undefined ? undefined : wanted - offset, height };
          });
      });
      // Write phase.
      const chunkHeights = chunks.map(() => 0);
      cardMargins(measured).forEach((margin, index) => {
        const card = cards[index];
        const chunkIndex = chunkOfCard[index];
        if (card === undefined || chunkIndex === undefined) return;
        const value = `${margin}px`;
        if (card.style.marginTop !== value) card.style.marginTop = value;
        chunkHeights[chunkIndex] =
          (chunkHeights[chunkIndex] ?? 0) + margin + (measured[index]?.height ?? 0);
      });
      chunks.forEach((chunk, index) => {
        const value = `${Math.round(chunkHeights[index] ?? 0)}px`;
        if (chunk.style.getPropertyValue('contain-intrinsic-block-size') !== value) {
          chunk.style.setProperty('contain-intrinsic-block-size', value);
        }
      });
    };

    // Cards change height as they open or are first drawn, and come and go with threads; each
    // of these changes the list's height. The list is watched rather than every card: the browser
    // checks every observed element after each layout, and a keystroke lays the page out, so a
    // watch per card cost a pass over thousands of cards per key. Writing margins changes the
    // list's height too, which brings one more alignment that finds nothing to change.
    const resize = new ResizeObserver(() => align.current());
    resize.observe(container);
    // A chunk scrolled into view is drawn: its cards' real heights can now be read. The event
    // does not bubble, so it is caught on the way down.
    const onDrawn = () => align.current();
    container.addEventListener('contentvisibilityautostatechange', onDrawn, { capture: true });
    const onResize = () => align.current();
    window.addEventListener('resize', onResize);
    return () => {
      resize.disconnect();
      container.removeEventListener('contentvisibilityautostatechange', onDrawn, {
        capture: true,
      });
      window.removeEventListener('resize', onResize);
      align.current = () => undefined;
    };
  }, [list]);

  useLayoutEffect(() => {
    current.current = { frame, layout };
    align.current();
  });
}

/**
 * Whether the browser draws a chunk's cards now, so reading their heights costs no extra layout.
 * A chunk's first card is invisible to checkVisibility exactly when the chunk skips its contents.
 */
function isDrawn(chunk: HTMLElement): boolean {
  const first = chunk.firstElementChild;
  return first !== null && first.checkVisibility({ contentVisibilityAuto: true });
}
