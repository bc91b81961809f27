import type { JSONContent } from '@tiptap/core';
import { sanitizeUrl } from '../../../shared/sanitizeUrl.ts';
import { escapeXml } from './escapeXml.ts';
import { STYLE } from './odfStyleNames.ts';
import { odfText } from './odfText.ts';

/** Something placed between characters of a paragraph: where an annotation starts or ends. */
export interface InlineMarker {
  /** Offset in the paragraph's text as `inlineText` spells it. */
  offset: number;
  /** The XML written at that point. */
  xml: string;
}

/** The text of a paragraph's inline content, a hard break counting as one line feed. */
export function inlineText(nodes: readonly JSONContent[]): string {
  return nodes
    .map((node) =>
      node.type === 'text' ? (node.text ?? '') : node.type === 'hardBreak' ? '\n' : '',
    )
    .join('');
}

function textStyle(node: JSONContent): string | null {
  const names = new Set((node.marks ?? []).map((mark) => mark.type));
  const bold = names.has('bold');
  const italic = names.has('italic');
  if (bold && italic) return STYLE.boldItalic;
  if (bold) return STYLE.bold;
  if (italic) return STYLE.italic;
  return null;
}

function linkTarget(node: JSONContent): string | null {
  const link = (node.marks ?? []).find((mark) => mark.type === 'link');
  const href: unknown = link?.attrs?.['href'];
  return typeof href === 'string' ? sanitizeUrl(href) : null;
}

/** One run of text with its marks: a span for bold/italic inside a link when there is one. */
function run(node: JSONContent, text: string): string {
  if (text === '') return '';
  const style = textStyle(node);
  const styled =
    style === null
      ? odfText(text)
      : `<text:span text:style-name="${style}">${odfText(text)}</text:span>`;
  const href = linkTarget(node);
  return href === null
    ? styled
    : `<text:a xlink:type="simple" xlink:href="${escapeXml(href)}">${styled}</text:a>`;
}

/**
 * Writes a paragraph's inline content (text with bold, italic and links; hard breaks) as ODF,
 * with `markers` placed at their offsets. A marker inside a run splits the run in two, each half
 * keeping the run's marks, so an annotation can start or end mid-word, mid-link or mid-bold.
 * Markers at the same offset keep their order in `markers`.
 */
export function odfInline(nodes: readonly JSONContent[], markers: readonly InlineMarker[]): string {
  const pending = [...markers].sort((a, b) => a.offset - b.offset);
  let out = '';
  let position = 0;
  const emitUpTo = (offset: number): void => {
    for (let next = pending[0]; next !== undefined && next.offset <= offset; next = pending[0]) {
      out += next.xml;
      pending.shift();
    }
  };
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      emitUpTo(position);
      out += '<text:line-break/>';
      position += 1;
      continue;
    }
    if (node.type !== 'text') continue;
    const text = node.text ?? '';
    let cut = 0;
    for (let next = pending[0]; next !== undefined; next = pending[0]) {
      const at = next.offset - position;
      if (at >= text.length) break;
      if (at > cut) {
        out += run(node, text.slice(cut, at));
        cut = at;
      }
      out += next.xml;
      pending.shift();
    }
    out += run(node, text.slice(cut));
    position += text.length;
  }
  emitUpTo(Infinity);
  return out;
}
