/**
 * Punctuation escaped wherever it appears. Between them these start every construct that could
 * turn a comment into markup: links and images (`[`), raw HTML and autolinks (`<`), entities
 * (`&`), emphasis (`*`, `_`), code (`` ` ``), headings (`#`), quotes (`>`), tables (`|`),
 * strikethrough and fences (`~`), math ($), attributes (`{`) and the backslash itself. `:` and
 * `@` are escaped so that GFM's bare autolinks (`https://…`, `foo@example.org`) stay plain text,
 * and `@name` does not become a mention where the report is pasted. CommonMark allows every
 * ASCII punctuation character to be backslash-escaped, so each escape renders as the character.
 */
const ALWAYS = /[\\`*_{}[\]<>#|~&$:@]/g;

/** "www." starts a GFM autolink even without a scheme; escaping its dot stops that. */
const WWW_DOT = /(www)\./gi;

/**
 * Escapes one line of user text for Markdown, so it renders as exactly the text that was typed
 * and never as a link, image, HTML, heading, list or quote. Line breaks become spaces: this is
 * for places where one line is all there is (headings, labels, list items).
 *
 * At the start of the line, `-`, `+` and `=` (list items, setext heading underlines) and the dot
 * or parenthesis of "1." and "1)" (ordered lists) are escaped too; elsewhere they are ordinary
 * characters and are left alone, so sentences stay readable in the .md file itself. Leading and
 * trailing whitespace is dropped: four leading spaces would make a code block, two trailing ones
 * a line break.
 */
export function escapeMarkdownLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const escaped = line.replace(ALWAYS, '\\$&').replace(WWW_DOT, '$1\\.');
  return escaped.replace(/^[-+=]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * Escapes a piece of text that stands inside a line (between bold, italic or link markers), so
 * it renders as typed: the punctuation `escapeMarkdownLine` escapes everywhere is escaped, line
 * breaks become spaces, and nothing is trimmed, since the spaces around a piece are part of the
 * sentence. The start of the line is the caller's to guard (`escapeMarkdownLine` does it).
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(ALWAYS, '\\$&')
    .replace(WWW_DOT, '$1\\.');
}

/**
 * Escapes user text of several lines (a comment, a quote, a reason) for Markdown. Returns the
 * lines of the block: each line escaped as by `escapeMarkdownLine`; a line followed by another
 * ends in a backslash, CommonMark's hard line break, so the line breaks the author typed are
 * kept; blank lines separate paragraphs, several in a row count as one. The caller adds any
 * prefix, such as `> ` for a quote.
 */
export function escapeMarkdownBlock(text: string): string[] {
  const lines = text.split(/\r\n?|\n/).map(escapeMarkdownLine);
  const out: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '') {
      if (out.length > 0 && out.at(-1) !== '') out.push('');
      continue;
    }
    const next = lines[index + 1];
    out.push(next !== undefined && next !== '' ? `${line}\\` : line);
  }
  if (out.at(-1) === '') out.pop();
  return out;
}
