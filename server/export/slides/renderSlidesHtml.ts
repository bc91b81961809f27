import { createHash } from 'node:crypto';
import { translate } from '../../../shared/i18n/translate.ts';
import type { SlideDeck } from '../../../shared/presentation/slideTypes.ts';
import type { Translate } from '../../../shared/presentation/slideWords.ts';
import type { ExportDocument } from '../ExportDocument.ts';
import { titlePageLines } from '../titlePageLines.ts';
import { escapeHtml } from './escapeHtml.ts';
import { slideHtml } from './slideHtml.ts';
import { SLIDES_HTML_SCRIPT } from './slidesHtmlScript.ts';
import { SLIDES_HTML_STYLE } from './slidesHtmlStyle.ts';

/**
 * Nothing in the file may load anything: a conference laptop may be offline, and a file that
 * reached out would leak that it was opened. The policy also stops anything but the file's own
 * script from running, by its hash, even if escaping ever failed; style stays inline.
 */
const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(SLIDES_HTML_SCRIPT).digest('base64')}'; img-src 'none'`;

/**
 * The workshop slides as ONE self-contained HTML file: inline style and a small inline script
 * for keyboard control, no external URL, no fetch, so it works from file:// with no network.
 * Every slide is in the file; without script they are shown one below the other.
 */
export function renderSlidesHtml(doc: ExportDocument, deck: SlideDeck): string {
  const t: Translate = (key, values) => translate(doc.language, key, values);
  const count = deck.slides.length;
  const subtitle = titlePageLines(doc);
  const sections = deck.slides
    .map((slide, index) => slideHtml(slide, index, count, subtitle, t))
    .join('\n');
  const button = (go: string, text: string, extra = '') =>
    `<button type="button" data-go="${go}"${extra}>${escapeHtml(text)}</button>`;
  return `<!doctype html>
<html lang="${doc.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('presentation.file.title', { title: doc.title }))}</title>
<style>${SLIDES_HTML_STYLE}</style>
</head>
<body>
<div class="deck">
<main class="slides" aria-label="${escapeHtml(t('presentation.region'))}">
${sections}
</main>
<nav aria-label="${escapeHtml(t('presentation.controls'))}">
${button('first', t('presentation.first'))}
${button('previous', t('presentation.previous'))}
${button('next', t('presentation.next'))}
${button('last', t('presentation.last'))}
${button('full', t('presentation.fullscreen'))}
${button('notes', t('presentation.notes.heading'), ' aria-pressed="false"')}
<p>${escapeHtml(t('presentation.keys'))}</p>
</nav>
<p id="announce" class="visually-hidden" role="status" aria-live="polite"></p>
<noscript><p>${escapeHtml(t('presentation.file.noscript'))}</p></noscript>
</div>
<script>${SLIDES_HTML_SCRIPT}</script>
</body>
</html>
`;
}
