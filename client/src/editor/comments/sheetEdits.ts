/**
 * Above this many blocks gaining or losing their highlight at once, the block rules are written
 * again whole rather than one by one. Either way Chromium restyles the blocks once, at the next
 * frame; one by one, each rule costs a search of the list kept beside the sheet.
 * @default 64
 */
export const REWRITE_BLOCK_RULES_ABOVE = 64;

/** How to turn the rules for `shown` block ids into rules for `next` ones. */
export type SheetEdits =
  { rewrite: true } | { rewrite: false; removed: readonly string[]; added: readonly string[] };

/**
 * The edits that turn a sheet with one rule per id in `shown` into one with a rule per id in
 * `next`. Writing a sheet of 2,000 such rules again made Chromium match every block against
 * every rule (about 200 ms on the W6 draft); inserting or deleting one rule restyles only what
 * it matches (about 5 ms). So a thread added to a paragraph, or a paragraph split, is a rule or
 * two, and only a change of many blocks at once, or the first, is written whole.
 */
export function sheetEdits(
  shown: readonly string[] | null,
  next: ReadonlySet<string>,
  limit = REWRITE_BLOCK_RULES_ABOVE,
): SheetEdits {
  if (shown === null) return { rewrite: true };
  const known = new Set(shown);
  const removed = shown.filter((blockId) => !next.has(blockId));
  const added = [...next].filter((blockId) => !known.has(blockId));
  return removed.length + added.length > limit
    ? { rewrite: true }
    : { rewrite: false, removed, added };
}
