import type { JSONContent } from '@tiptap/core';
import type { Content } from 'pdfmake/interfaces.js';
import { sanitizeUrl } from '../../../shared/sanitizeUrl.ts';
import { stripIllegalXmlChars } from '../odt/escapeXml.ts';
import { LINK_COLOUR } from './pdfStyles.ts';

/*
 * pdfmake takes text as data, not markup, so nothing a person typed can turn into layout; only
 * characters no font can draw (control characters, lone surrogates) are dropped, the same set
 * XML refuses.
 */
const clean = (text: string): string => stripIllegalXmlChars(text);

/** A paragraph's inline content as pdfmake text runs: bold, italic, links and hard breaks. */
export function pdfInline(nodes: readonly JSONContent[]): Content[] {
  const runs: Content[] = [];
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      runs.push({ text: '\n' });
      continue;
    }
    if (node.type !== 'text') continue;
    const marks = new Set((node.marks ?? []).map((mark) => mark.type));
    const link = (node.marks ?? []).find((mark) => mark.type === 'link');
    const rawHref: unknown = link?.attrs?.['href'];
    const href = typeof rawHref === 'string' ? sanitizeUrl(rawHref) : null;
    runs.push({
      text: clean(node.text ?? ''),
      ...(marks.has('bold') ? { bold: true } : {}),
      ...(marks.has('italic') ? { italics: true } : {}),
      // Underlined as well as coloured, so a link is not told by colour alone.
      ...(href === null
        ? {}
        : { link: href, color: LINK_COLOUR, decoration: 'underline' as const }),
    });
  }
  return runs;
}

/** Plain text as one run, cleaned. */
export const pdfText = (text: string): string => clean(text);
