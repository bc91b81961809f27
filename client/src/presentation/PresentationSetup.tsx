import { useId } from 'react';
import type { Thread } from '../../../shared/api/comments.ts';
import type { Version } from '../../../shared/api/versions.ts';
import { shortenText } from '../../../shared/presentation/shortenText.ts';
import { SLIDE_MAX_QUOTE_CHARACTERS } from '../../../shared/limits.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { versionLabel } from '../versions/versionLabel.ts';
import { SLIDE_LEVELS } from './presentRoute.ts';
import type { SlideTheme } from './SlideShow.tsx';

/** What the host chooses before the slides start. */
export interface PresentationChoices {
  version: string | null;
  level: number;
  spotlight: string[];
  theme: SlideTheme;
}

const CURRENT = '';
const THEMES: readonly SlideTheme[] = ['light', 'warm'];

/**
 * The form before the slides: which text (the current one or a named version), the heading
 * level that starts a slide, the colour theme, and the threads to spotlight. It also offers the
 * same slides as downloads.
 */
export function PresentationSetup({
  choices,
  onChange,
  versions,
  threads,
  labels,
  summary,
  downloads,
  onStart,
  startRef,
}: {
  choices: PresentationChoices;
  onChange: (choices: PresentationChoices) => void;
  versions: readonly Version[];
  /** The threads of the chosen text; null while they load. */
  threads: readonly Thread[] | null;
  /** Paragraph numbers of the chosen text by block id. */
  labels: Readonly<Record<string, string>>;
  /** "Bilder: 12. Trådar: 5.", or null while loading. */
  summary: string | null;
  downloads: { html: string; pdf: string };
  onStart: () => void;
  startRef: React.RefObject<HTMLButtonElement | null>;
}) {
  const { t } = useI18n();
  const versionId = useId();
  const hintId = useId();
  // Named versions, and the chosen one even when it is a checkpoint (linked from its page).
  const offered = versions.filter(
    (version) => version.kind === 'named' || version.id === choices.version,
  );
  const set = (change: Partial<PresentationChoices>) => onChange({ ...choices, ...change });
  const toggle = (threadId: string, on: boolean) =>
    set({
      spotlight: on
        ? [...choices.spotlight, threadId]
        : choices.spotlight.filter((id) => id !== threadId),
    });

  return (
    <form
      className="presentation-setup"
      onSubmit={(event) => {
        event.preventDefault();
        onStart();
      }}
    >
      <div className="form-field">
        <label htmlFor={versionId}>{t('presentation.setup.version')}</label>
        <select
          id={versionId}
          value={choices.version ?? CURRENT}
          onChange={(event) =>
            set({ version: event.target.value === CURRENT ? null : event.target.value })
          }
        >
          <option value={CURRENT}>{t('presentation.setup.current')}</option>
          {offered.map((version) => (
            <option key={version.id} value={version.id}>
              {versionLabel(version, t)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('presentation.setup.level')}</legend>
        {SLIDE_LEVELS.map((level) => (
          <label key={level} className="choice">
            <input
              type="radio"
              name="slide-level"
              value={level}
              checked={choices.level === level}
              onChange={() => set({ level })}
            />{' '}
            {t(`presentation.setup.level${level}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('presentation.setup.theme')}</legend>
        {THEMES.map((theme) => (
          <label key={theme} className="choice">
            <input
              type="radio"
              name="slide-theme"
              value={theme}
              checked={choices.theme === theme}
              onChange={() => set({ theme })}
            />{' '}
            {t(
              theme === 'light' ? 'presentation.setup.themeLight' : 'presentation.setup.themeWarm',
            )}
          </label>
        ))}
      </fieldset>
      <fieldset aria-describedby={hintId}>
        <legend>{t('presentation.setup.spotlight')}</legend>
        <p id={hintId} className="hint">
          {t('presentation.setup.spotlightHint')}
        </p>
        {threads === null ? (
          <p>{t('presentation.loading')}</p>
        ) : threads.length === 0 ? (
          <p>{t('presentation.setup.noThreads')}</p>
        ) : (
          <ul className="spotlight-choices">
            {threads.map((thread) => {
              const label =
                thread.anchor.blockId === null ? null : (labels[thread.anchor.blockId] ?? null);
              return (
                <li key={thread.id}>
                  <label className="choice">
                    <input
                      type="checkbox"
                      value={thread.id}
                      checked={choices.spotlight.includes(thread.id)}
                      onChange={(event) => toggle(thread.id, event.target.checked)}
                    />{' '}
                    {label !== null && <strong>{label} </strong>}”
                    {shortenText(thread.anchor.exact, SLIDE_MAX_QUOTE_CHARACTERS)}” –{' '}
                    {thread.author.name}, {thread.author.organisation}
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>
      <p role="status" className="presentation-summary">
        {summary ?? t('presentation.loading')}
      </p>
      <div className="form-actions">
        <button type="submit" className="primary" ref={startRef} disabled={summary === null}>
          {t('presentation.setup.start')}
        </button>
        <a className="button-link" href={downloads.html} download>
          {t('presentation.download.html')}
        </a>
        <a className="button-link" href={downloads.pdf} download>
          {t('presentation.download.pdf')}
        </a>
      </div>
    </form>
  );
}
