/** Longest name fragment after "@" that still counts as looking someone up. */
const MAX_QUERY_LENGTH = 40;

/** A "@name" being typed: where its "@" is and what follows it up to the caret. */
export interface MentionQuery {
  /** Index of the "@" in the text. */
  start: number;
  /** What has been typed after the "@". */
  query: string;
}

/**
 * The mention being typed at `caret`, if any: an "@" at the start of the text or after
 * whitespace, followed by at most MAX_QUERY_LENGTH characters without a line break. Names have
 * spaces ("@Anna Lind"), so a space does not end the query; the list closes when nothing matches.
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  if (at > 0 && !/\s/u.test(before.charAt(at - 1))) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY_LENGTH || /[\n\r]/u.test(query)) return null;
  return { start: at, query };
}

/** Whether a name matches what was typed: any word of the name starts with it, ignoring case. */
export function nameMatches(name: string, query: string): boolean {
  const wanted = query.trim().toLocaleLowerCase('sv');
  if (wanted === '') return true;
  const lower = name.toLocaleLowerCase('sv');
  return lower.startsWith(wanted) || lower.includes(` ${wanted}`);
}
