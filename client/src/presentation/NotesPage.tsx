import { useEffect, useState } from 'react';
import { notesLines, slideTitle } from '../../../shared/presentation/slideWords.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { isNotesMessage, notesChannel, type NotesState } from './notesChannel.ts';
import './presentation.css';

/** Minutes and seconds ("12:05"), or hours too once a workshop runs past one. */
function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const pad = (value: number) => String(value).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0
    ? `${hours}:${pad(minutes)}:${pad(seconds % 60)}`
    : `${minutes}:${pad(seconds % 60)}`;
}

/**
 * The presenter notes window: it follows the presentation of the same document over a
 * BroadcastChannel and shows the current slide's summary of comments, the next slide's title
 * and the time since the start. It sends nothing but a greeting asking for the current slide.
 */
export function NotesPage({ documentId }: { documentId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<NotesState | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const channel = notesChannel(documentId);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      if (isNotesMessage(event.data) && event.data.type === 'state') setState(event.data);
    };
    channel.postMessage({ type: 'hello' });
    return () => channel.close();
  }, [documentId]);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    document.title = t('presentation.notes.heading');
  }, [t]);

  return (
    <div className="page presentation-notes">
      <h1>{t('presentation.notes.heading')}</h1>
      {state === null ? (
        <p aria-live="polite">{t('presentation.notes.waiting')}</p>
      ) : (
        <>
          <p className="presentation-counter">
            {t('presentation.counter', { number: state.index + 1, count: state.count })} ·{' '}
            {t('presentation.notes.elapsed', { time: elapsedText(now - state.startedAt) })}
          </p>
          <section aria-live="polite" aria-atomic="true">
            <h2>{slideTitle(state.slide, t)}</h2>
            <ul className="notes-lines">
              {notesLines(state.slide.notes, t).map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
          </section>
          <p className="notes-next">
            {state.next
              ? t('presentation.notes.next', { title: slideTitle(state.next, t) })
              : t('presentation.notes.lastSlide')}
          </p>
        </>
      )}
    </div>
  );
}
