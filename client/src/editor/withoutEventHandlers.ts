/**
 * Removes event-handler attributes (`onclick`, `onerror`, every `on…`) from the start tags of
 * an HTML string, leaving every other byte as it was (but for a start tag that the end of the
 * input cuts off, which the browser drops too).
 *
 * Why: the editor parses pasted and dropped HTML into a detached document (ProseMirror's
 * clipboard parser). Nothing in such a document runs, and the page's Content-Security-Policy
 * forbids inline handlers anyway, but Chromium (seen in 156.0.8078.114) checks the policy when the
 * parser sets a handler attribute, even in an inert document, and reports a violation for each
 * one: pasting from a web page full of `onclick`s would read as an attack in any CSP report.
 * Taking the attributes out before any parser sees them keeps the report for real attempts.
 *
 * The scan follows the HTML tokenizer's rules for tags, quoted attribute values, comments and
 * the elements whose content is text (`<script>`, `<style>`, `<textarea>`, `<title>`, …), so it
 * never changes text: where it could disagree with the browser (foreign content such as SVG,
 * where `<style>` holds markup) it copies rather than strips. A handler it misses is still
 * inert and still blocked; it only costs a report.
 */
export function withoutEventHandlers(html: string): string {
  let out = '';
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    if (open < 0) {
      out += html.slice(index);
      break;
    }
    out += html.slice(index, open);
    const markup = readMarkup(html, open);
    out += markup.text;
    index = markup.end;
    if (markup.rawTextOf !== null) {
      // Copy the element's content as the tokenizer treats it: text up to its end tag.
      const close = findEndTag(html, index, markup.rawTextOf);
      out += html.slice(index, close);
      index = close;
    }
  }
  return out;
}

/** Elements whose content the tokenizer reads as text, not markup (RAWTEXT, RCDATA, script). */
const TEXT_CONTENT_ELEMENTS = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
]);

/** What `readMarkup` made of one `<…`: what to write, where it ended, and text content to copy. */
interface Markup {
  text: string;
  end: number;
  /** The element whose content follows as text (lower case), or null. */
  rawTextOf: string | null;
}

const isWhitespace = (char: string | undefined): boolean =>
  char === ' ' || char === '\t' || char === '\n' || char === '\f' || char === '\r';

const isAsciiAlpha = (char: string | undefined): boolean =>
  char !== undefined && /^[A-Za-z]$/.test(char);

/** Reads the markup that starts with the `<` at `open`. */
function readMarkup(html: string, open: number): Markup {
  const next = html[open + 1];
  if (html.startsWith('<!--', open)) {
    // `<!-->` and `<!--->` end at once; any other comment at the next `-->` (or `--!>`).
    for (const short of ['<!-->', '<!--->']) {
      if (html.startsWith(short, open)) {
        return { text: short, end: open + short.length, rawTextOf: null };
      }
    }
    const end = commentEnd(html, open + 4);
    return { text: html.slice(open, end), end, rawTextOf: null };
  }
  if (next === '!' || next === '?' || (next === '/' && !isAsciiAlpha(html[open + 2]))) {
    // A doctype, CDATA section or bogus comment: up to the next `>`.
    const close = html.indexOf('>', open);
    const end = close < 0 ? html.length : close + 1;
    return { text: html.slice(open, end), end, rawTextOf: null };
  }
  if (next === '/') {
    // An end tag: its attributes mean nothing, but are read so a quoted `>` does not end it.
    const tag = readTag(html, open + 2, false);
    return { text: html.slice(open, tag.end), end: tag.end, rawTextOf: null };
  }
  if (isAsciiAlpha(next)) {
    const tag = readTag(html, open + 1, true);
    if (!tag.complete) {
      // A start tag cut off by the end of the input is no tag to the browser: it drops it.
      return { text: '', end: html.length, rawTextOf: null };
    }
    const name = tag.name.toLowerCase();
    return {
      text: `<${tag.kept}`,
      end: tag.end,
      rawTextOf: TEXT_CONTENT_ELEMENTS.has(name) ? name : null,
    };
  }
  // A `<` that starts nothing is text.
  return { text: '<', end: open + 1, rawTextOf: null };
}

/** Where a comment whose text starts at `from` ends (after its `-->` or `--!>`). */
function commentEnd(html: string, from: number): number {
  let best = html.length;
  for (const closer of ['-->', '--!>']) {
    const at = html.indexOf(closer, from);
    if (at >= 0) best = Math.min(best, at + closer.length);
  }
  return best;
}

/**
 * Reads a tag from its name at `from` to its `>`: its name, where it ended, whether it ended
 * before the input did, and (with `strip`) its source from the name on without its
 * event-handler attributes.
 */
function readTag(
  html: string,
  from: number,
  strip: boolean,
): { name: string; end: number; complete: boolean; kept: string } {
  let index = from;
  while (
    index < html.length &&
    !isWhitespace(html[index]) &&
    html[index] !== '/' &&
    html[index] !== '>'
  ) {
    index += 1;
  }
  const name = html.slice(from, index);
  let kept = name;
  while (index < html.length) {
    const char = html.charAt(index);
    if (char === '>') return { name, end: index + 1, complete: true, kept: `${kept}>` };
    if (isWhitespace(char) || char === '/') {
      kept += char;
      index += 1;
      continue;
    }
    // An attribute: a name (a leading `=` belongs to it), then maybe `=` and a value.
    const start = index;
    index += 1;
    while (
      index < html.length &&
      !isWhitespace(html[index]) &&
      html[index] !== '/' &&
      html[index] !== '>' &&
      html[index] !== '='
    ) {
      index += 1;
    }
    const attribute = html.slice(start, index).toLowerCase();
    let after = index;
    while (isWhitespace(html[after])) after += 1;
    if (html[after] === '=') {
      index = after + 1;
      while (isWhitespace(html[index])) index += 1;
      const quote = html[index];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, index + 1);
        index = close < 0 ? html.length : close + 1;
      } else {
        while (index < html.length && !isWhitespace(html[index]) && html[index] !== '>') {
          index += 1;
        }
      }
    }
    if (!(strip && attribute.startsWith('on'))) kept += html.slice(start, index);
  }
  return { name, end: html.length, complete: false, kept };
}

/**
 * The end tags of the text-content elements, in any case, as the tokenizer ends them. `<plaintext>`
 * has none: everything after it is text.
 */
const END_TAGS = new Map(
  [...TEXT_CONTENT_ELEMENTS]
    .filter((name) => name !== 'plaintext')
    .map((name) => [name, new RegExp(`</${name}(?=[\\t\\n\\f\\r />]|$)`, 'gi')]),
);

/**
 * Where the text content of a `name` element that starts at `from` ends: at its end tag, if
 * any. (A regular expression, not a lowered copy: lower-casing may change a string's length.)
 */
function findEndTag(html: string, from: number, name: string): number {
  const pattern = END_TAGS.get(name);
  if (!pattern) return html.length;
  pattern.lastIndex = from;
  return pattern.exec(html)?.index ?? html.length;
}
