import type { ProposalMark } from '../../../shared/api/proposals.ts';

/**
 * Keeps formatted ranges on their words while the text around them is edited: the edit is
 * found as the one changed stretch between the common start and end of the old and new text,
 * marks after it move with it, and marks it cuts into shrink or grow. A mark left empty is
 * dropped.
 */
export function shiftMarks(
  marks: readonly ProposalMark[],
  before: string,
  after: string,
): ProposalMark[] {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before[start] === after[start]) start += 1;
  let tail = 0;
  while (
    tail < shortest - start &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail += 1;
  }
  const oldEnd = before.length - tail;
  const delta = after.length - before.length;
  const move = (at: number, isEnd: boolean) => {
    if (at < start || (at === start && !isEnd)) return at;
    if (at >= oldEnd) return at + delta;
    // Inside the replaced stretch: the start stays at the edit, the end follows its new end.
    return isEnd ? oldEnd + delta : start;
  };
  return marks
    .map((mark) => ({ ...mark, from: move(mark.from, false), to: move(mark.to, true) }))
    .filter((mark) => mark.from < mark.to && mark.to <= after.length);
}
