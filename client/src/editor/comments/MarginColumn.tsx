import {
  memo,
  useCallback,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { heatLevel } from './heatLevel.ts';
import { marginChunks } from './marginChunks.ts';
import { marginGaps } from './marginGaps.ts';
import type { MarginBlock } from './measureLayout.ts';

/**
 * The margin beside the text: for each numbered block a bar whose strength shows how many
 * threads it has (the heatmap) and the count itself, so colour is not the only cue. For people
 * who may comment, each number is a button that comments on the whole block. The buttons are
 * one Tab stop; the arrow keys move between them, so the margin does not add dozens of stops
 * between the text and the comments.
 *
 * Memoised, with memoised entries: a long document has thousands of blocks whose entries rarely
 * change. The blocks carry no document positions, so typing, which moves the positions of every
 * block below, renders the margin again only when a block's height or a count changed. The
 * entries are drawn in chunks that the browser skips while off screen (marginChunks.ts), so a
 * frame costs the browser the entries near the screen rather than all of them.
 */
export const MarginColumn = memo(function MarginColumn({
  blocks,
  canComment,
  onComment,
}: {
  blocks: readonly MarginBlock[];
  canComment: boolean;
  /** Comment on the block of the entry at this index (see useEditorLayout's `targetAt`). */
  onComment: (index: number) => void;
}) {
  const { t } = useI18n();
  const hintId = useId();
  const container = useRef<HTMLDivElement>(null);
  const [focusable, setFocusable] = useState(0);

  const countText = useCallback(
    (count: number) =>
      count === 1 ? t('comments.margin.oneThread') : t('comments.margin.threads', { count }),
    [t],
  );
  // Entries are memoised and get a stable callback that calls the latest handler.
  const latest = useRef(onComment);
  useLayoutEffect(() => {
    latest.current = onComment;
  });
  const commentOn = useCallback((index: number) => latest.current(index), []);

  // Roving focus: only one button is in the Tab order; arrows move focus among them.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      Home: -Infinity,
      End: Infinity,
    };
    const step = steps[event.key];
    if (step === undefined || !container.current) return;
    const buttons = [...container.current.querySelectorAll<HTMLButtonElement>('button')];
    const current = buttons.findIndex((button) => button === document.activeElement);
    const next = Math.max(0, Math.min(buttons.length - 1, (current === -1 ? 0 : current) + step));
    event.preventDefault();
    setFocusable(next);
    buttons[next]?.focus();
  };
  // The remembered stop may be gone after blocks were deleted; fall back to the first.
  const stop = focusable < blocks.length ? focusable : 0;
  const gaps = marginGaps(blocks);
  const chunks = marginChunks(
    gaps,
    blocks.map((block) => block.height),
  );

  return (
    <div
      ref={container}
      className="margin-column"
      role={canComment ? 'group' : undefined}
      aria-label={canComment ? t('comments.margin.label') : undefined}
      aria-describedby={canComment ? hintId : undefined}
      aria-hidden={canComment ? undefined : true}
      onKeyDown={canComment ? onKeyDown : undefined}
    >
      {canComment && (
        <p id={hintId} className="visually-hidden">
          {t('comments.margin.hint')}
        </p>
      )}
      {chunks.map((chunk) => (
        // Off screen, a chunk is skipped (content-visibility) and takes the height its entries
        // would; its buttons stay in the accessibility tree and can take focus.
        <div
          key={chunk.start}
          className="margin-chunk"
          style={{ containIntrinsicBlockSize: `${chunk.height}px` }}
        >
          {blocks.slice(chunk.start, chunk.end).map((block, offset) => {
            const index = chunk.start + offset;
            return (
              // Keyed by place, not by position: typing moves every later block's position,
              // and the entries below should then stay as they are rather than be built anew.
              <MarginEntry
                key={index}
                index={index}
                label={block.label}
                gap={gaps[index] ?? 0}
                height={block.height}
                count={block.count}
                canComment={canComment}
                focusable={index === stop}
                countText={countText}
                onFocusEntry={setFocusable}
                onComment={commentOn}
              />
            );
          })}
        </div>
      ))}
    </div>
  );
});

/** One block's entry in the margin; renders again only when what it shows changes. */
const MarginEntry = memo(function MarginEntry({
  index,
  label,
  gap,
  height,
  count,
  canComment,
  focusable,
  countText,
  onFocusEntry,
  onComment,
}: {
  index: number;
  label: string;
  /** Pixels between the entry before (or the column's top) and this one; see marginGaps. */
  gap: number;
  height: number;
  count: number;
  canComment: boolean;
  focusable: boolean;
  countText: (count: number) => string;
  onFocusEntry: (index: number) => void;
  onComment: (index: number) => void;
}) {
  const { t } = useI18n();
  const level = heatLevel(count);
  return (
    <div className="margin-entry" style={{ marginTop: `${gap}px`, height: `${height}px` }}>
      {level > 0 && <span className={`margin-heat margin-heat-${level}`} />}
      {canComment && (
        <button
          type="button"
          className="margin-number"
          tabIndex={focusable ? 0 : -1}
          onFocus={() => onFocusEntry(index)}
          aria-label={
            count > 0
              ? `${t('comments.margin.comment', { label })} (${countText(count)})`
              : t('comments.margin.comment', { label })
          }
          onClick={() => onComment(index)}
        >
          {label}
        </button>
      )}
      {count > 0 && (
        <span
          className="margin-count"
          title={countText(count)}
          // The button's name says the count already.
          aria-hidden={canComment ? true : undefined}
        >
          {count}
        </span>
      )}
    </div>
  );
});
