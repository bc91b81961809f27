import type { FocusEvent } from 'react';
import type { BlockChange, BlockSide } from '../../../shared/diff/diffDocuments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { describeChange } from './describeChange.ts';
import { DiffText } from './DiffText.tsx';

/** How a comparison is laid out: one text with the changes in it, or the two texts in columns. */
export type DiffLayout = 'inline' | 'side-by-side';

/** Where a change stands among the changes: its 1-based number and the total. */
export interface ChangePosition {
  index: number;
  total: number;
}

function sideClasses(side: BlockSide): string {
  return side.level === null
    ? `diff-kind-${side.kind}`
    : `diff-kind-heading diff-level-${side.level}`;
}

/**
 * One block of a comparison. A change is a stop for "Next change": focusable from script
 * (`tabindex="-1"`, so not a Tab stop of its own) and a named group ("Change 3 of 12, 2.1 ¶4:
 * Text changed"), so a screen reader says where focus landed. Unchanged blocks can take focus
 * too, for when a folded run is expanded.
 */
export function DiffBlockView({
  change,
  blockIndex,
  layout,
  position,
  onFocusChange,
}: {
  change: BlockChange;
  blockIndex: number;
  layout: DiffLayout;
  /** Null for an unchanged block. */
  position: ChangePosition | null;
  onFocusChange: (index: number) => void;
}) {
  const { t } = useI18n();
  const { place, what, precision } = describeChange(change, t);
  const note = [what, precision].filter((part) => part !== null).join('. ');
  const before = change.type === 'inserted' ? null : change.before;
  const after = change.type === 'deleted' ? null : change.after;
  const shown = after ?? before;

  const stop =
    position === null
      ? {}
      : {
          role: 'group',
          'aria-label': t('versions.change.label', {
            index: position.index,
            total: position.total,
            place,
            what: note,
          }),
          'data-change-index': position.index,
          onFocus: (event: FocusEvent<HTMLDivElement>) => {
            // Only when the block itself takes focus, not a link inside it.
            if (event.target === event.currentTarget) onFocusChange(position.index);
          },
        };
  const classes = [
    'diff-block',
    `diff-${change.type}`,
    layout === 'inline' && shown ? sideClasses(shown) : '',
  ].join(' ');

  if (layout === 'inline') {
    return (
      <div className={classes} tabIndex={-1} data-block-index={blockIndex} {...stop}>
        {/* The title has no number, and says so only in the change's name. */}
        <span className="diff-label">{shown?.label ?? ''}</span>
        <div className="diff-content">
          {note !== '' && <p className="diff-note">{note}</p>}
          <p className="diff-text">
            <DiffText ops={change.ops} side="both" />
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className={classes} tabIndex={-1} data-block-index={blockIndex} {...stop}>
      <div className={`diff-cell diff-cell-before ${before ? sideClasses(before) : ''}`}>
        {before && (
          <>
            <span className="diff-label">
              <span className="visually-hidden">{t('versions.compare.before')} </span>
              {before.label ?? ''}
            </span>
            <p className="diff-text">
              <DiffText ops={change.ops} side="before" />
            </p>
          </>
        )}
      </div>
      <div className={`diff-cell diff-cell-after ${after ? sideClasses(after) : ''}`}>
        {after && (
          <>
            <span className="diff-label">
              <span className="visually-hidden">{t('versions.compare.after')} </span>
              {after.label ?? ''}
            </span>
            {note !== '' && <p className="diff-note">{note}</p>}
            <p className="diff-text">
              <DiffText ops={change.ops} side="after" />
            </p>
          </>
        )}
        {!after && note !== '' && <p className="diff-note">{note}</p>}
      </div>
    </div>
  );
}
