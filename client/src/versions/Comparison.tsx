import { useId, useMemo, useRef } from 'react';
import type { DocumentDiff } from '../../../shared/diff/diffDocuments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DiffLayout } from './DiffBlockView.tsx';
import { DiffSummaryView } from './DiffSummaryView.tsx';
import { DiffView } from './DiffView.tsx';
import { navigableChanges } from './navigableChanges.ts';
import { SectionChanges } from './SectionChanges.tsx';
import {
  NEXT_CHANGE_SHORTCUT,
  PREVIOUS_CHANGE_SHORTCUT,
  useChangeNavigation,
} from './useChangeNavigation.ts';

/**
 * One comparison: the summary, renamed and moved sections, a bar to switch the layout and step
 * through the changes (it stays at the top while the text scrolls), and the blocks themselves.
 * Give it a `key` per pair of texts, so each comparison starts at its top.
 */
export function Comparison({
  diff,
  fromLabel,
  toLabel,
  layout,
  onLayoutChange,
}: {
  diff: DocumentDiff;
  fromLabel: string;
  toLabel: string;
  layout: DiffLayout;
  onLayoutChange: (layout: DiffLayout) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const area = useRef<HTMLDivElement>(null);
  const changes = useMemo(() => navigableChanges(diff), [diff]);
  const navigation = useChangeNavigation(changes.length, area);

  return (
    <div className="comparison" ref={area}>
      <DiffSummaryView summary={diff.summary} headingId={`${id}-summary`} />
      <SectionChanges sections={diff.sections} />
      <div className="diff-bar">
        <div role="group" aria-label={t('versions.compare.layout')} className="diff-layout">
          <button
            type="button"
            aria-pressed={layout === 'inline'}
            onClick={() => onLayoutChange('inline')}
          >
            {t('versions.compare.inline')}
          </button>
          <button
            type="button"
            aria-pressed={layout === 'side-by-side'}
            onClick={() => onLayoutChange('side-by-side')}
          >
            {t('versions.compare.sideBySide')}
          </button>
        </div>
        {changes.length > 0 && (
          <div role="group" aria-label={t('versions.nav.label')} className="diff-navigation">
            <button
              type="button"
              onClick={navigation.previous}
              aria-keyshortcuts={PREVIOUS_CHANGE_SHORTCUT}
              aria-describedby={`${id}-hint`}
            >
              <span aria-hidden="true">↑</span> {t('versions.nav.previous')}
            </button>
            <button
              type="button"
              onClick={navigation.next}
              aria-keyshortcuts={NEXT_CHANGE_SHORTCUT}
              aria-describedby={`${id}-hint`}
            >
              <span aria-hidden="true">↓</span> {t('versions.nav.next')}
            </button>
          </div>
        )}
        <p role="status" className="diff-position">
          {navigation.message === '' && navigation.current === 0
            ? t('versions.nav.count', { total: changes.length })
            : navigation.message}
        </p>
        {changes.length > 0 && (
          <p id={`${id}-hint`} className="diff-hint">
            {t('versions.nav.hint')}
          </p>
        )}
      </div>
      {changes.length === 0 && <p className="diff-none">{t('versions.compare.noChanges')}</p>}
      <DiffView
        diff={diff}
        changes={changes}
        layout={layout}
        fromLabel={fromLabel}
        toLabel={toLabel}
        onFocusChange={navigation.focused}
      />
    </div>
  );
}
