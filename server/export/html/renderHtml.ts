import { DOCUMENT_LANGUAGE } from '../../../shared/editor/documentLanguage.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { parseContent } from '../../editor/schema.ts';
import { escapeHtml, renderDocumentHtml } from '../../versions/renderDocumentHtml.ts';
import type { ExportDocument, ExportOptions } from '../ExportDocument.ts';
import { threadEntry, type ThreadFact } from '../threadEntry.ts';
import { titlePageLines } from '../titlePageLines.ts';
import { topLevelLabels } from '../topLevelLabels.ts';

/*
 * The body is written by renderDocumentHtml, the one serialiser of the schema (escaped text,
 * sanitised links); everything added here is escaped with the same escapeHtml. The file has no
 * script, no external style, font or image, and a Content-Security-Policy that forbids loading
 * anything, so it opens the same offline, from a mail attachment or from a USB stick.
 */

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1a1a1a;
  font: 1.0625rem/1.6 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 44rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 2rem; } h2 { font-size: 1.5rem; } h3 { font-size: 1.25rem; } h4 { font-size: 1.1rem; }
p, ul, ol, blockquote, table { margin: 0 0 1em; }
a { color: #0b57a4; text-decoration: underline; }
blockquote { margin-left: 0; padding-left: 1em; border-left: 4px solid #767676; color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #767676; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td > p:last-child, th > p:last-child, li > p { margin-bottom: 0; }
.number { color: #595959; font-variant-numeric: tabular-nums; margin-right: 0.5em; }
p.number { margin: 1em 0 0.25em; font-size: 0.9rem; }
.title-page { min-height: 60vh; display: flex; flex-direction: column; justify-content: center;
  border-bottom: 1px solid #767676; margin-bottom: 2rem; }
.title-page h1 { font-size: 2.5rem; margin-top: 0; }
.appendix { border-top: 1px solid #767676; margin-top: 3rem; }
.thread { margin-bottom: 2rem; }
.facts { list-style: none; padding: 0; }
.comment h4 { font-size: 1rem; margin-bottom: 0.25em; }
.note { font-style: italic; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
  .title-page { min-height: auto; border: 0; break-after: page; }
  .appendix { break-before: page; border: 0; }
  h1, h2, h3, h4 { break-after: avoid; }
  tr, blockquote, .thread { break-inside: avoid; }
}
`;

/** Inserts `inner` right after the opening tag of an element renderDocumentHtml wrote. */
function afterOpeningTag(html: string, inner: string): string {
  // Attribute values are escaped, so the first ">" ends the opening tag.
  const end = html.indexOf('>');
  return end < 0 ? html : `${html.slice(0, end + 1)}${inner}${html.slice(end + 1)}`;
}

function body(doc: ExportDocument, options: ExportOptions): string {
  const text = parseContent(doc.content);
  const labels = options.numbers ? topLevelLabels(doc.content) : null;
  const parts: string[] = [];
  text.forEach((node, _offset, index) => {
    const html = renderDocumentHtml(node);
    const label = labels?.[index] ?? null;
    if (label === null) {
      parts.push(html);
      return;
    }
    const number = `<span class="number">${escapeHtml(label)}</span> `;
    if (node.type.name === 'heading' || node.type.name === 'paragraph') {
      parts.push(afterOpeningTag(html, number));
    } else {
      // A whole list, quote or table is one numbered paragraph: its number stands above it.
      parts.push(`<p class="number">${escapeHtml(label)}</p>${html}`);
    }
  });
  return parts.join('\n');
}

function paragraphs(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => escapeHtml(line))
    .join('<br>');
}

/** A proposal's old text struck (`del`) and new text underlined (`ins`), as browsers show them. */
function changed(look: ThreadFact['look'], html: string): string {
  if (look === 'deleted') return `<del>${html}</del>`;
  if (look === 'inserted') return `<ins>${html}</ins>`;
  return html;
}

function appendix(doc: ExportDocument): string {
  const writing = { locale: doc.language, timeZone: doc.timeZone };
  const heading = translate(doc.language, 'exportDoc.comments');
  const threads = doc.threads.map((thread) => {
    const entry = threadEntry(thread, writing);
    const quote =
      entry.quote === '' ? '' : `<blockquote><p>${paragraphs(entry.quote)}</p></blockquote>`;
    const facts = [...entry.facts, ...(entry.reason ? [entry.reason] : [])]
      .map(
        (fact) =>
          `<li><strong>${escapeHtml(fact.label)}:</strong> ${changed(fact.look, paragraphs(fact.value))}</li>`,
      )
      .join('');
    const comments = entry.comments
      .map(
        (comment) =>
          `<div class="comment"><h4>${escapeHtml(comment.heading)}</h4>` +
          (comment.note === null ? '' : `<p class="note">${escapeHtml(comment.note)}</p>`) +
          (comment.text === null ? '' : `<p>${paragraphs(comment.text)}</p>`) +
          '</div>',
      )
      .join('');
    return `<section class="thread"><h3>${escapeHtml(entry.heading)}</h3>${quote}<ul class="facts">${facts}</ul>${comments}</section>`;
  });
  const empty =
    doc.threads.length === 0 ? `<p>${escapeHtml(translate(doc.language, 'report.empty'))}</p>` : '';
  return (
    `<section class="appendix" lang="${doc.language}" aria-labelledby="appendix-heading">` +
    `<h2 id="appendix-heading">${escapeHtml(heading)}</h2>` +
    `<p>${escapeHtml(translate(doc.language, 'report.timeZone'))}: ${escapeHtml(doc.timeZone)}</p>` +
    `${empty}${threads.join('\n')}</section>`
  );
}

function titlePage(doc: ExportDocument): string {
  const lines = titlePageLines(doc)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
  return `<header class="title-page"><h1 lang="${DOCUMENT_LANGUAGE}">${escapeHtml(doc.title)}</h1><div lang="${doc.language}">${lines}</div></header>`;
}

/**
 * Writes an export as one self-contained HTML file: the text (as renderDocumentHtml writes it)
 * with its headings, lists, tables, quotes and links, inline CSS that reads well on screen and
 * in print, a `lang` on the page and on the parts the export adds, and, as asked, a title page,
 * the app's section and paragraph numbers and the comments as an appendix ordered by paragraph.
 * HTML has no margin comments, so `annotations` writes the appendix too.
 */
export function renderHtml(doc: ExportDocument, options: ExportOptions): string {
  const title = doc.version ? `${doc.title} – ${doc.version.name}` : doc.title;
  return [
    '<!doctype html>',
    `<html lang="${DOCUMENT_LANGUAGE}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may load or run, whatever a future change lets into the body.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="generator" content="Remiss">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    options.titlePage ? titlePage(doc) : '',
    `<article>${body(doc, options)}</article>`,
    options.comments === 'none' ? '' : appendix(doc),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
