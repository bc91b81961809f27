import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { heatLevel } from './heatLevel.ts';
import type { MarginBlock } from './measureLayout.ts';

/**
 * The margin beside the text: for each numbered block a bar whose strength shows how many
 * threads it has (the heatmap) and the count itself, so colour is not the only cue. For people
 * who may comment, each number is a button that comments on the whole block. The buttons are
 * one Tab stop; the arrow keys move between them, so the margin does not add dozens of stops
 * between the text and the comments.
 */
export function MarginColumn({
  blocks,
  canComment,
  onComment,
}: {
  blocks: readonly MarginBlock[];
  canComment: boolean;
  onComment: (block: MarginBlock) => void;
}) {
  const { t } = useI18n();
  const hintId = useId();
  const container = useRef<HTMLDivElement>(null);
  const [focusable, setFocusable] = useState(0);

  const countText = (count: number) =>
    count === 1 ? t('comments.margin.oneThread') : t('comments.margin.threads', { count });

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
      {blocks.map((block, index) => {
        const level = heatLevel(block.count);
        return (
          <div
            key={block.pos}
            className="margin-entry"
            style={{ top: `${block.top}px`, height: `${block.height}px` }}
          >
            {level > 0 && <span className={`margin-heat margin-heat-${level}`} />}
            {canComment && (
              <button
                type="button"
                className="margin-number"
                tabIndex={index === stop ? 0 : -1}
                onFocus={() => setFocusable(index)}
                aria-label={
                  block.count > 0
                    ? `${t('comments.margin.comment', { label: block.label })} (${countText(block.count)})`
                    : t('comments.margin.comment', { label: block.label })
                }
                onClick={() => onComment(block)}
              >
                {block.label}
              </button>
            )}
            {block.count > 0 && (
              <span
                className="margin-count"
                title={countText(block.count)}
                // The button's name says the count already.
                aria-hidden={canComment ? true : undefined}
              >
                {block.count}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
