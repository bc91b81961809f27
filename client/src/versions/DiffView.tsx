import { useMemo, useRef, useState } from 'react';
import type { DocumentDiff } from '../../../shared/diff/diffDocuments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { collapseUnchanged } from './collapseUnchanged.ts';
import { DiffBlockView, type DiffLayout } from './DiffBlockView.tsx';
import type { NavigableChange } from './navigableChanges.ts';

/**
 * The blocks of a comparison, inline or in two columns, with long unchanged stretches folded
 * into buttons. Expanding a stretch moves focus to its first block, since the button that had
 * focus is gone.
 */
export function DiffView({
  diff,
  changes,
  layout,
  fromLabel,
  toLabel,
  onFocusChange,
}: {
  diff: DocumentDiff;
  changes: readonly NavigableChange[];
  layout: DiffLayout;
  fromLabel: string;
  toLabel: string;
  onFocusChange: (index: number) => void;
}) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const segments = useMemo(() => collapseUnchanged(diff.blocks, expanded), [diff, expanded]);
  const positions = useMemo(
    () => new Map(changes.map((stop, index) => [stop.blockIndex, index + 1])),
    [changes],
  );

  const expand = (start: number) => {
    setExpanded((previous) => new Set([...previous, start]));
    requestAnimationFrame(() => {
      container.current?.querySelector<HTMLElement>(`[data-block-index="${start}"]`)?.focus();
    });
  };

  return (
    <div
      ref={container}
      className={`diff-view diff-view-${layout}`}
      role="region"
      aria-label={t('versions.compare.textLabel')}
    >
      {layout === 'side-by-side' && (
        // Visual column headings; each cell also says "Before" or "After" to screen readers.
        <div className="diff-columns" aria-hidden="true">
          <span>
            {t('versions.compare.before')}: {fromLabel}
          </span>
          <span>
            {t('versions.compare.after')}: {toLabel}
          </span>
        </div>
      )}
      {segments.map((segment) => {
        if (segment.kind === 'collapsed') {
          return (
            <button
              key={`fold-${segment.start}`}
              type="button"
              className="diff-collapsed"
              onClick={() => expand(segment.start)}
            >
              {t('versions.collapsed.show', { count: segment.end - segment.start })}
            </button>
          );
        }
        const change = diff.blocks[segment.index];
        if (!change) return null;
        const index = positions.get(segment.index);
        return (
          <DiffBlockView
            key={segment.index}
            change={change}
            blockIndex={segment.index}
            layout={layout}
            position={index === undefined ? null : { index, total: changes.length }}
            onFocusChange={onFocusChange}
          />
        );
      })}
    </div>
  );
}
