import { describe, expect, it } from 'vitest';
import type { BlockChange } from '../../../shared/diff/diffDocuments.ts';
import { collapseUnchanged, type DiffSegment } from './collapseUnchanged.ts';

/** Blocks from a picture: `=` unchanged, `~` changed. */
function blocks(picture: string): Pick<BlockChange, 'type'>[] {
  return Array.from(picture).map((mark) => ({ type: mark === '=' ? 'unchanged' : 'changed' }));
}

/** The segments as a picture: a block by its index, a fold as `[start-end)`. */
function picture(segments: DiffSegment[]): string {
  return segments
    .map((segment) =>
      segment.kind === 'block' ? String(segment.index) : `[${segment.start}-${segment.end})`,
    )
    .join(' ');
}

describe('collapseUnchanged', () => {
  it('keeps one unchanged block on each side of a change and folds the rest', () => {
    // 0 1 2 3 | 4 changed | 5 6 7 8 9
    expect(picture(collapseUnchanged(blocks('====~=====')))).toBe('[0-3) 3 4 5 [6-10)');
  });

  it('folds the stretch between two changes, keeping context for both', () => {
    expect(picture(collapseUnchanged(blocks('~=====~')))).toBe('0 1 [2-5) 5 6');
  });

  it('does not fold a single block: the button would be no shorter than the text', () => {
    expect(picture(collapseUnchanged(blocks('~===~')))).toBe('0 1 2 3 4');
  });

  it('folds a text without changes into one button', () => {
    expect(picture(collapseUnchanged(blocks('====')))).toBe('[0-4)');
  });

  it('shows a run in full once the reader expanded it', () => {
    expect(picture(collapseUnchanged(blocks('~=====~'), new Set([2])))).toBe('0 1 2 3 4 5 6');
  });

  it('never folds a change', () => {
    const segments = collapseUnchanged(blocks('~~=~~'));
    expect(segments.every((segment) => segment.kind === 'block')).toBe(true);
  });
});
