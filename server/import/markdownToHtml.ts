import { Marked } from 'marked';

/**
 * One Markdown parser for imports: GitHub-flavoured (tables, strikethrough, autolinks), with
 * single line breaks kept as in the source. Raw HTML inside the Markdown is passed on as HTML
 * and goes through the same schema reading as an HTML import, so a `<script>` or an `onerror`
 * in it cannot survive; it is counted as a warning like any other loss.
 */
const parser = new Marked({ gfm: true, breaks: false, async: false });

/** Converts Markdown text to HTML for `htmlToContent`. */
export function markdownToHtml(markdown: string): string {
  return parser.parse(markdown, { async: false });
}
