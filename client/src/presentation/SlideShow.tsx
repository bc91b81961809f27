import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SlideDeck } from '../../../shared/presentation/slideTypes.ts';
import { slideAnnouncement } from '../../../shared/presentation/slideWords.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { isNotesMessage, notesChannel, type NotesState } from './notesChannel.ts';
import { SlideView } from './SlideView.tsx';

/** Colour themes of the slides; both are light, with text above WCAG AA contrast. */
export type SlideTheme = 'light' | 'warm';

/** Keys that step through the slides, and where they go. */
const STEPS: Record<string, 'next' | 'previous' | 'first' | 'last'> = {
  ArrowRight: 'next',
  PageDown: 'next',
  ' ': 'next',
  ArrowLeft: 'previous',
  PageUp: 'previous',
  Home: 'first',
  End: 'last',
};

/** Whether a key press belongs to a field the user types in, where F and Space are letters. */
function isTyping(target: EventTarget): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * The slides, full window, in a modal dialog so the page behind is out of reach. Keys act only
 * while focus is in the presentation (WCAG 2.1.4) and every key has a visible button. Each change
 * of slide is announced in a polite live region and sent to the notes window.
 */
export function SlideShow({
  deck,
  documentId,
  notesUrl,
  subtitle,
  theme,
  onExit,
}: {
  deck: SlideDeck;
  documentId: string;
  /** Address of the notes window for this presentation. */
  notesUrl: string;
  subtitle: string[];
  theme: SlideTheme;
  onExit: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const [index, setIndex] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [fullscreen, setFullscreen] = useState(false);
  const [notesBlocked, setNotesBlocked] = useState(false);
  const [startedAt] = useState(() => Date.now());
  const count = deck.slides.length;
  const at = Math.min(index, count - 1);
  const slide = deck.slides[at];

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // On the slide itself, not on the first button, so Space goes to the next slide at once.
    stage.current?.focus();
    return () => element?.close();
  }, []);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, []);

  const go = useCallback(
    (where: 'next' | 'previous' | 'first' | 'last') => {
      const target =
        where === 'next'
          ? at + 1
          : where === 'previous'
            ? at - 1
            : where === 'first'
              ? 0
              : count - 1;
      const next = Math.max(0, Math.min(count - 1, target));
      const shown = deck.slides[next];
      setIndex(next);
      // Said even when the slide stays (first or last): the listener learns where they are.
      if (shown) setAnnouncement(slideAnnouncement(shown, next, count, t));
    },
    [at, count, deck.slides, t],
  );

  const toggleFullscreen = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void document.documentElement.requestFullscreen().catch(() => undefined);
  }, []);

  const leave = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else onExit();
  }, [onExit]);

  // The notes window follows along: told on every change, and asked-for state when it opens.
  const state = useRef<NotesState | null>(null);
  const channel = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    const opened = notesChannel(documentId);
    channel.current = opened;
    opened.onmessage = (event: MessageEvent<unknown>) => {
      if (isNotesMessage(event.data) && event.data.type === 'hello' && state.current) {
        opened.postMessage(state.current);
      }
    };
    return () => {
      opened.close();
      channel.current = null;
    };
  }, [documentId]);
  useEffect(() => {
    if (!slide) return;
    state.current = {
      type: 'state',
      index: at,
      count,
      slide,
      next: deck.slides[at + 1] ?? null,
      subtitle,
      startedAt,
    };
    channel.current?.postMessage(state.current);
  }, [at, count, deck.slides, slide, startedAt, subtitle]);

  const openNotes = () => {
    const opened = window.open(
      notesUrl,
      `remiss-notes-${documentId}`,
      'popup,width=900,height=700',
    );
    setNotesBlocked(opened === null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    const step = STEPS[event.key];
    // Space on a button presses the button, as everywhere else.
    if (step && !(event.key === ' ' && event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      go(step);
    } else if (event.key === 'f' || event.key === 'F') {
      event.preventDefault();
      toggleFullscreen();
    }
  };

  if (!slide) return null;
  return (
    <dialog
      ref={dialog}
      className={`presentation presentation-${theme}`}
      aria-label={t('presentation.region')}
      onKeyDown={onKeyDown}
      // Esc: the browser's own cancel; leave full screen first, then the presentation.
      onCancel={(event) => {
        event.preventDefault();
        leave();
      }}
    >
      {/* Focusable so the keys work from the start; kept across slides so focus stays put. */}
      <div className="presentation-stage" ref={stage} tabIndex={0}>
        <SlideView key={at} slide={slide} headingId={headingId} subtitle={subtitle} />
      </div>
      <div className="presentation-controls" role="toolbar" aria-label={t('presentation.controls')}>
        <button type="button" onClick={() => go('first')}>
          {t('presentation.first')}
        </button>
        <button type="button" onClick={() => go('previous')}>
          {t('presentation.previous')}
        </button>
        <p className="presentation-counter">
          {t('presentation.counter', { number: at + 1, count })}
        </p>
        <button type="button" onClick={() => go('next')}>
          {t('presentation.next')}
        </button>
        <button type="button" onClick={() => go('last')}>
          {t('presentation.last')}
        </button>
        <button type="button" onClick={toggleFullscreen} aria-pressed={fullscreen}>
          {fullscreen ? t('presentation.exitFullscreen') : t('presentation.fullscreen')}
        </button>
        <button type="button" onClick={openNotes}>
          {t('presentation.openNotes')}
        </button>
        <button type="button" onClick={leave}>
          {t('presentation.exit')}
        </button>
      </div>
      <p className="presentation-keys">{t('presentation.keys')}</p>
      {notesBlocked && (
        <p role="alert" className="presentation-alert">
          {t('presentation.notesBlocked')}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </dialog>
  );
}
