import type { ImportWarning, ImportWarningCode } from '../../shared/api/import.ts';

/** English wording of each warning, for API users; `{count}` and params are filled in. */
const MESSAGES: Record<ImportWarningCode, string> = {
  image: '{count} picture(s) were left out.',
  embedded: '{count} embedded object(s) (video, audio, frames) were left out.',
  script: '{count} script(s) or event handler(s) were removed.',
  'unsafe-link': '{count} link(s) to a disallowed address were removed; their text is kept.',
  'internal-link': '{count} link(s) within the file were removed; their text is kept.',
  'heading-level': '{count} heading(s) below level 4 became level 4 headings.',
  formatting: '{count} passage(s) lost their {format} formatting; the text is kept.',
  'horizontal-rule': '{count} horizontal rule(s) were left out.',
  footnotes: '{count} footnote(s) were moved, as text, to a section at the end.',
  comments: '{count} Word comment(s) were not imported.',
  'tracked-changes':
    '{count} tracked change(s) were resolved: insertions are kept, deletions left out.',
  'text-box': '{count} text box(es) became ordinary paragraphs.',
  'unsupported-style': '{count} paragraph(s) in the style "{style}" became ordinary paragraphs.',
  converter: '{count} time(s): {detail}',
  'no-text': 'The file holds no text; the document starts empty.',
  'nul-characters': '{count} NUL character(s) (U+0000) were removed; they are not text.',
};

/**
 * Most distinct warnings of one kind kept apart by their params (styles, converter remarks).
 * A document with a hundred custom styles gets a readable list, not a hundred lines; the rest
 * are counted under the last entry.
 */
const MAX_VARIANTS_PER_CODE = 10;

/** The params a warning is told apart by. */
type Params = Record<string, string>;

/**
 * Collects what an import lost or changed, deduplicated: the same loss is one warning with a
 * count, so a document with 40 pictures says "40 pictures were left out" once.
 */
export class ImportWarnings {
  private readonly entries = new Map<
    string,
    { code: ImportWarningCode; count: number; params?: Params }
  >();

  /** Notes `count` occurrences of one kind of loss. */
  add(code: ImportWarningCode, count = 1, params?: Params): void {
    if (count <= 0) return;
    const key = keyIn(this.entries, code, params);
    const entry = this.entries.get(key);
    if (entry) entry.count += count;
    else this.entries.set(key, { code, count, ...(params ? { params } : {}) });
  }

  /** The warnings, in the order their kinds were first seen, each with its English message. */
  list(): ImportWarning[] {
    return [...this.entries.values()].map((entry) => ({
      code: entry.code,
      count: entry.count,
      ...(entry.params ? { params: entry.params } : {}),
      message: fill(MESSAGES[entry.code], { count: String(entry.count), ...entry.params }),
    }));
  }
}

/** The entry a warning counts under: its own, or past MAX_VARIANTS_PER_CODE the last of its code. */
function keyIn(
  entries: ReadonlyMap<string, unknown>,
  code: ImportWarningCode,
  params: Params | undefined,
): string {
  const key = warningKey(code, params);
  if (entries.has(key)) return key;
  const sameCode = [...entries.keys()].filter((other) => other.startsWith(`${code}\u0000`));
  return sameCode.length >= MAX_VARIANTS_PER_CODE ? (sameCode.at(-1) ?? key) : key;
}

function warningKey(code: ImportWarningCode, params: Params | undefined): string {
  const parts = params ? Object.entries(params).sort(([a], [b]) => a.localeCompare(b)) : [];
  return `${code}\u0000${JSON.stringify(parts)}`;
}

function fill(template: string, values: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
