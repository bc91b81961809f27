import { useEffect, useMemo, useRef, useState } from 'react';
import { blockLabels } from '../../../shared/presentation/blockLabels.ts';
import { buildSlides } from '../../../shared/presentation/buildSlides.ts';
import { formatDateTime } from '../comments/formatTime.ts';
import { RouteLink } from '../components/RouteLink.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Route } from '../useRoute.ts';
import { versionLabel } from '../versions/versionLabel.ts';
import { slidesExportUrl } from './exportLinks.ts';
import { PresentationSetup, type PresentationChoices } from './PresentationSetup.tsx';
import { presentPath, presentQuery, type PresentRoute } from './presentRoute.ts';
import { slideThread } from './slideThread.ts';
import { SlideShow } from './SlideShow.tsx';
import { usePresentationSource } from './usePresentationSource.ts';
import './presentation.css';

/**
 * The workshop presentation of a document: first a short form (which text, which heading level,
 * which threads in the spotlight), then the slides, full window. The choices are kept in the
 * address, so a reload or a shared link opens the same presentation.
 */
export function PresentationPage({
  route,
  navigate,
}: {
  route: PresentRoute;
  navigate: (route: Route) => void;
}) {
  const { t, locale } = useI18n();
  const [choices, setChoices] = useState<PresentationChoices>({
    version: route.version,
    level: route.level,
    spotlight: route.spotlight,
    theme: 'light',
  });
  const [presenting, setPresenting] = useState(false);
  const startButton = useRef<HTMLButtonElement>(null);
  const source = usePresentationSource(route.id, choices.version);

  // The address follows the choices without a new history entry for each click.
  const current: PresentRoute = { name: 'present', id: route.id, ...choices };
  const path = presentPath(current);
  useEffect(() => {
    if (window.location.pathname + window.location.search !== path) {
      window.history.replaceState(null, '', path);
    }
  }, [path]);

  const title = source.meta?.title ?? '';
  useEffect(() => {
    if (title !== '') document.title = `${t('presentation.button')}: ${title}`;
  }, [t, title]);

  const labels = useMemo(
    () => (source.content === null ? {} : blockLabels(source.content)),
    [source.content],
  );
  const deck = useMemo(
    () =>
      source.content === null || source.threads === null
        ? null
        : buildSlides({
            title,
            content: source.content,
            labels,
            threads: source.threads.map(slideThread),
            level: choices.level,
            spotlight: choices.spotlight,
          }),
    [source.content, source.threads, title, labels, choices.level, choices.spotlight],
  );

  const [openedAt] = useState(() => new Date().toISOString());
  const version = source.versions?.find((entry) => entry.id === choices.version) ?? null;
  const subtitle = useMemo(
    () =>
      version
        ? [
            t('presentation.versionOf', { name: versionLabel(version, t) }),
            formatDateTime(version.createdAt, locale),
          ]
        : [t('presentation.currentText', { date: formatDateTime(openedAt, locale) })],
    [version, t, locale, openedAt],
  );

  const notesUrl = `/d/${encodeURIComponent(route.id)}/present/notes?${presentQuery(choices).toString()}`;

  return (
    <div className="page presentation-page">
      <nav aria-label={t('versions.breadcrumbs')}>
        <RouteLink to={{ name: 'document', id: route.id }} navigate={navigate}>
          ← {t('versions.backToDocument')}
        </RouteLink>
      </nav>
      <h1>{t('presentation.setup.heading', { title })}</h1>
      <p>{t('presentation.setup.intro')}</p>
      {source.error ? (
        <p role="alert" className="error">
          {source.error}
        </p>
      ) : (
        <PresentationSetup
          choices={choices}
          onChange={setChoices}
          versions={source.versions ?? []}
          threads={source.threads}
          labels={labels}
          summary={
            deck === null || source.threads === null
              ? null
              : t('presentation.setup.summary', {
                  slides: deck.slides.length,
                  threads: source.threads.length,
                })
          }
          downloads={{
            html: slidesExportUrl(current, 'slides-html', locale),
            pdf: slidesExportUrl(current, 'slides-pdf', locale),
          }}
          onStart={() => setPresenting(true)}
          startRef={startButton}
        />
      )}
      {presenting && deck && (
        <SlideShow
          deck={deck}
          documentId={route.id}
          notesUrl={notesUrl}
          subtitle={subtitle}
          theme={choices.theme}
          onExit={() => {
            setPresenting(false);
            // Back where the host started it from.
            requestAnimationFrame(() => startButton.current?.focus());
          }}
        />
      )}
    </div>
  );
}
