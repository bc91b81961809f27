import { useCallback, useEffect, useState, type RefObject } from 'react';
import { useAnnouncer } from '../comments/useAnnouncer.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The keys that step through changes, as `aria-keyshortcuts` writes them. */
export const NEXT_CHANGE_SHORTCUT = 'Alt+ArrowDown';
export const PREVIOUS_CHANGE_SHORTCUT = 'Alt+ArrowUp';

/** Whether a key press belongs to a form field (Alt+ArrowDown opens a select's list). */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  );
}

/** What the change navigation gives the compare view. */
export interface ChangeNavigation {
  /** The change last moved to or focused, from 1; 0 before any. */
  current: number;
  /** The polite live region's text: "Change 3 of 12". */
  message: string;
  next: () => void;
  previous: () => void;
  /** Tells the navigation that a change took focus some other way (a click). */
  focused: (index: number) => void;
}

/**
 * Steps through the changes of a comparison: moves focus to the change (each carries
 * `data-change-index`, from 1, inside `area`), brings it into view and says "Change 3 of 12" in
 * a polite live region. Alt+Arrow Down and Alt+Arrow Up do the same from anywhere on the page
 * but form fields; a modifier is needed so that the shortcut cannot fire by accident, nor clash
 * with a screen reader's single-letter keys (WCAG 2.1.4). Mount it afresh (a `key`) for each
 * comparison, so a new one starts from the top.
 */
export function useChangeNavigation(
  total: number,
  area: RefObject<HTMLElement | null>,
): ChangeNavigation {
  const { t } = useI18n();
  const [current, setCurrent] = useState(0);
  const [message, announce] = useAnnouncer();

  const go = useCallback(
    (step: 1 | -1) => {
      if (total === 0) return;
      const wanted = current === 0 ? (step === 1 ? 1 : total) : current + step;
      const index = Math.min(Math.max(wanted, 1), total);
      const element = area.current?.querySelector<HTMLElement>(`[data-change-index="${index}"]`);
      if (!element) return;
      setCurrent(index);
      element.focus({ preventScroll: true });
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      element.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
      const key =
        wanted > total
          ? 'versions.nav.last'
          : wanted < 1
            ? 'versions.nav.first'
            : 'versions.nav.position';
      announce(t(key, { index, total }));
    },
    [announce, area, current, t, total],
  );
  const next = useCallback(() => go(1), [go]);
  const previous = useCallback(() => go(-1), [go]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      if (typingInField(event.target)) return;
      event.preventDefault();
      go(event.key === 'ArrowDown' ? 1 : -1);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [go]);

  return { current, message, next, previous, focused: setCurrent };
}
