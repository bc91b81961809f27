import { useEffect, useState } from 'react';
import type { CompareResponse } from '../../../shared/api/versions.ts';
import { CURRENT_TEXT, compareVersions } from '../api/versionsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Route } from '../useRoute.ts';
import { CompareForm } from './CompareForm.tsx';
import { Comparison } from './Comparison.tsx';
import type { DiffLayout } from './DiffBlockView.tsx';
import { sideLabel } from './sideLabel.ts';
import { useDocumentVersions } from './useDocumentVersions.ts';
import { VersionsBreadcrumbs } from './VersionsBreadcrumbs.tsx';

type Loaded = { key: string; result: CompareResponse } | { key: string; error: string };

/**
 * Compares two texts of a document, each a version or the current text; without `from` the
 * newest version, without `to` the current text. The pair is in the address, so Back returns
 * to the comparison before and a comparison can be linked to.
 */
export function ComparePage({
  documentId,
  from,
  to,
  navigate,
}: {
  documentId: string;
  from: string | null;
  to: string | null;
  navigate: (route: Route) => void;
}) {
  const { t, locale } = useI18n();
  const { meta, versions, error } = useDocumentVersions(documentId, t('versions.compare.submit'));
  const [layout, setLayout] = useState<DiffLayout>('inline');
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  const fromSide = from ?? versions?.[0]?.id ?? null;
  const toSide = to ?? CURRENT_TEXT;
  const key = fromSide === null ? null : `${fromSide}\n${toSide}`;

  useEffect(() => {
    if (fromSide === null || key === null) return;
    let current = true;
    compareVersions(documentId, fromSide, toSide).then(
      (result) => {
        if (current) setLoaded({ key, result });
      },
      (caught: unknown) => {
        if (current) setLoaded({ key, error: errorText(caught, t) });
      },
    );
    return () => {
      current = false;
    };
  }, [documentId, fromSide, toSide, key, t]);

  const shown = loaded !== null && loaded.key === key ? loaded : null;
  const fromLabel = fromSide === null ? '' : sideLabel(fromSide, versions ?? [], t, locale);
  const toLabel = sideLabel(toSide, versions ?? [], t, locale);

  return (
    <div className="page versions-page compare-page">
      <VersionsBreadcrumbs documentId={documentId} showHistory navigate={navigate} />
      <h1>{t('versions.compare.heading', { title: meta?.title ?? '…' })}</h1>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : versions === null ? (
        <p aria-live="polite">{t('versions.loading')}</p>
      ) : fromSide === null ? (
        <p>{t('versions.compare.noVersions')}</p>
      ) : (
        <>
          <CompareForm
            key={key}
            versions={versions}
            from={fromSide}
            to={toSide}
            onCompare={(nextFrom, nextTo) =>
              navigate({ name: 'compare', id: documentId, from: nextFrom, to: nextTo })
            }
          />
          <p className="compare-showing">
            {t('versions.compare.showing', { from: fromLabel, to: toLabel })}
          </p>
          {shown === null ? (
            <p aria-live="polite">{t('versions.compare.loading')}</p>
          ) : 'error' in shown ? (
            <p role="alert" className="error">
              {shown.error}
            </p>
          ) : (
            <Comparison
              key={shown.key}
              diff={shown.result.diff}
              fromLabel={fromLabel}
              toLabel={toLabel}
              layout={layout}
              onLayoutChange={setLayout}
            />
          )}
        </>
      )}
    </div>
  );
}
