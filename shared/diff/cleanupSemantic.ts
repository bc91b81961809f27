/**
 * A diff operation over units of text (words, whitespace and punctuation marks, or whole
 * sentences): the units joined together are the text of the operation.
 */
export interface UnitOp {
  type: 'equal' | 'delete' | 'insert';
  units: string[];
}

/**
 * Makes a minimal diff readable, in the way of diff-match-patch's `diff_cleanupSemantic`:
 *
 * 1. An unchanged fragment between two changes that is no longer than the changes on either side
 *    of it is folded into them. A minimal diff of "har beslutat att" → "ska besluta om" keeps the
 *    spaces as unchanged, which reads as four separate edits; one replacement reads as what it is.
 * 2. Neighbouring operations are merged, and in each run of changes the deletion comes first.
 * 3. A lone insertion or deletion that could sit in several places (inserting "ny " before or
 *    " ny" after a space) is slid to the most natural boundary, so equal edits always look alike.
 *
 * The result reproduces both texts exactly, as the input did.
 */
export function cleanupSemantic(ops: readonly UnitOp[]): UnitOp[] {
  const working = mergeUnitOps(ops);
  if (foldSmallEqualities(working)) return alignEdits(mergeUnitOps(working));
  return alignEdits(working);
}

/**
 * Drops empty operations, joins neighbouring equal operations, and turns every run of changes
 * between two equal operations into at most one deletion followed by at most one insertion.
 */
export function mergeUnitOps(ops: readonly UnitOp[]): UnitOp[] {
  const merged: UnitOp[] = [];
  let deleted: string[] = [];
  let inserted: string[] = [];
  const flush = () => {
    if (deleted.length > 0) merged.push({ type: 'delete', units: deleted });
    if (inserted.length > 0) merged.push({ type: 'insert', units: inserted });
    deleted = [];
    inserted = [];
  };
  for (const op of ops) {
    if (op.units.length === 0) continue;
    if (op.type === 'delete') append(deleted, op.units);
    else if (op.type === 'insert') append(inserted, op.units);
    else {
      flush();
      const last = merged.at(-1);
      if (last?.type === 'equal') append(last.units, op.units);
      else merged.push({ type: 'equal', units: [...op.units] });
    }
  }
  flush();
  return merged;
}

// A loop rather than push(...units): spreading a long paragraph's units would overflow the stack.
function append(target: string[], units: readonly string[]): void {
  for (const unit of units) target.push(unit);
}

function textLength(units: readonly string[]): number {
  let length = 0;
  for (const unit of units) length += unit.length;
  return length;
}

/** Step 1, in place. Returns whether anything was folded. */
function foldSmallEqualities(ops: UnitOp[]): boolean {
  let changed = false;
  // Indices of the equal operations seen so far, so the search can step back after a fold.
  const equalities: number[] = [];
  let lastEquality: UnitOp | null = null;
  let lastEqualityLength = 0;
  let insertedBefore = 0;
  let deletedBefore = 0;
  let insertedAfter = 0;
  let deletedAfter = 0;
  let pointer = 0;
  while (pointer < ops.length) {
    const op = ops[pointer];
    if (op === undefined) break;
    if (op.type === 'equal') {
      equalities.push(pointer);
      insertedBefore = insertedAfter;
      deletedBefore = deletedAfter;
      insertedAfter = 0;
      deletedAfter = 0;
      lastEquality = op;
      lastEqualityLength = textLength(op.units);
    } else {
      if (op.type === 'insert') insertedAfter += textLength(op.units);
      else deletedAfter += textLength(op.units);
      const index = equalities.at(-1);
      if (
        lastEquality !== null &&
        index !== undefined &&
        lastEqualityLength > 0 &&
        lastEqualityLength <= Math.max(insertedBefore, deletedBefore) &&
        lastEqualityLength <= Math.max(insertedAfter, deletedAfter)
      ) {
        ops.splice(
          index,
          1,
          { type: 'delete', units: [...lastEquality.units] },
          { type: 'insert', units: [...lastEquality.units] },
        );
        // The fold may make the previous equality foldable too: step back and look again.
        equalities.pop();
        equalities.pop();
        pointer = equalities.at(-1) ?? -1;
        insertedBefore = 0;
        deletedBefore = 0;
        insertedAfter = 0;
        deletedAfter = 0;
        lastEquality = null;
        changed = true;
      }
    }
    pointer += 1;
  }
  return changed;
}

const BLANK_LINE = /\n\s*\n/u;
const STARTS_WITH_SPACE = /^\s/u;
const ENDS_WITH_SPACE = /\s$/u;
const WORD_CHAR_AT_START = /^[\p{L}\p{M}\p{N}]/u;
const WORD_CHAR_AT_END = /[\p{L}\p{M}\p{N}]$/u;

/** How natural a place the boundary between two units is for an edit to start or end. */
function boundaryScore(left: string | undefined, right: string | undefined): number {
  if (left === undefined || right === undefined) return 6;
  if (BLANK_LINE.test(left) || BLANK_LINE.test(right)) return 5;
  if (left.includes('\n') || right.includes('\n')) return 4;
  if (ENDS_WITH_SPACE.test(left) || STARTS_WITH_SPACE.test(right)) return 2;
  if (!WORD_CHAR_AT_END.test(left) || !WORD_CHAR_AT_START.test(right)) return 1;
  return 0;
}

/**
 * Step 3: slides each lone edit between two equalities to its best-scoring position. Seen as
 * one stream (left, edit, right), the edit may slide one unit left while the unit before it
 * equals its last unit, and one unit right while its first unit equals the unit after it.
 */
export function alignEdits(ops: UnitOp[]): UnitOp[] {
  let moved = false;
  for (let i = 1; i < ops.length - 1; i += 1) {
    const before = ops[i - 1];
    const edit = ops[i];
    const after = ops[i + 1];
    if (before?.type !== 'equal' || after?.type !== 'equal' || edit === undefined) continue;
    if (edit.type === 'equal') continue;

    const left = before.units;
    const middle = edit.units;
    const right = after.units;
    const size = middle.length;
    const unitAt = (index: number): string | undefined =>
      index < left.length
        ? left[index]
        : index < left.length + size
          ? middle[index - left.length]
          : right[index - left.length - size];
    const scoreAt = (start: number) =>
      boundaryScore(unitAt(start - 1), unitAt(start)) +
      boundaryScore(unitAt(start + size - 1), unitAt(start + size));

    let start = left.length;
    while (start > 0 && unitAt(start - 1) === unitAt(start + size - 1)) start -= 1;
    // Ties go to the rightmost place, so an inserted word carries its trailing space
    // ("a [ny ]text"), the way people select words.
    let best = start;
    let bestScore = scoreAt(start);
    const end = left.length + size + right.length;
    while (start + size < end && unitAt(start) === unitAt(start + size)) {
      start += 1;
      const score = scoreAt(start);
      if (score >= bestScore) {
        best = start;
        bestScore = score;
      }
    }
    if (best !== left.length) {
      const stream = [left, middle, right].flat();
      before.units = stream.slice(0, best);
      edit.units = stream.slice(best, best + size);
      after.units = stream.slice(best + size);
      moved = true;
    }
  }
  return moved ? mergeUnitOps(ops) : ops;
}
