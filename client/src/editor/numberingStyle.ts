import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { numberBlocks } from '../../../shared/editor/numbering.ts';

/**
 * The numbers of one section: the stretch of top-level blocks after a heading (or before the
 * first one). Sections are counted by a CSS counter that every heading increments, so the n-th
 * entry belongs to the blocks after the n-th heading; entry 0 to the blocks before any.
 */
export interface SectionNumber {
  /** What the section's heading shows ("3.2"), or null when it shows nothing (a title, or none). */
  heading: string | null;
  /** What comes before a paragraph's own count in this section: "3.2 ¶", or "¶" outside any. */
  prefix: string;
}

/** Heading elements as ProseMirror renders them; each one starts a section. */
export const HEADING_SELECTOR = 'h1, h2, h3, h4';

/** The CSS counter that every heading increments: the index into the section list. */
export const SECTION_COUNTER = 'remiss-section';

/** The CSS counter of a paragraph within its section; every heading sets it back to 0. */
export const PARAGRAPH_COUNTER = 'remiss-paragraph';

/**
 * The sections of a document in the order a CSS counter meets them, labelled by the shared
 * numbering (shared/editor/numbering.ts) so the page, exports and reports say the same.
 */
export function sectionNumbers(doc: ProseMirrorNode): SectionNumber[] {
  const sections: SectionNumber[] = [{ heading: null, prefix: '¶' }];
  const numbered = new Map(numberBlocks(doc).map((block) => [block.pos, block]));
  doc.forEach((node, offset) => {
    if (node.type.name !== 'heading') return;
    const block = numbered.get(offset);
    // A level-1 heading is the title: it is not numbered, and its paragraphs count alone.
    if (!block || block.kind !== 'section') sections.push({ heading: null, prefix: '¶' });
    else sections.push({ heading: block.label, prefix: `${block.section} ¶` });
  });
  return sections;
}

/** Whether two section lists draw the same numbers. */
export function sameSections(a: readonly SectionNumber[], b: readonly SectionNumber[]): boolean {
  return (
    a.length === b.length &&
    a.every((section, index) => {
      const other = b[index];
      return (
        other !== undefined && other.heading === section.heading && other.prefix === section.prefix
      );
    })
  );
}

/** A CSS string literal. Labels hold digits, dots, spaces and "¶", but quote safely anyway. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (character) => `\\${character}`).replace(/\n/g, '\\a ')}"`;
}

/**
 * The style sheet that draws the numbers of one editor, whose element carries
 * `data-numbering="<id>"`, for the `version`-th list of sections it has drawn. The static style sheet counts sections and paragraphs with CSS
 * counters; this sheet turns the section counter into the section's label with two
 * `@counter-style` rules, one symbol per section. So typing never touches the numbers, and
 * adding a paragraph renumbers the ones after it without any script: only a change to the
 * headings writes this sheet again.
 */
export function numberingCss(
  id: string,
  sections: readonly SectionNumber[],
  version: number,
): string {
  // A new name for every version: Chromium keeps drawing the counters it has drawn with the old
  // symbols when a `@counter-style` rule of the same name is replaced, but draws a new style in
  // full when `content` names it.
  const name = `remiss-numbering-${id}-${version}`;
  // A `fixed` counter style needs a symbol per value; a heading that shows nothing gets a
  // space, which no rule below ever draws (h1 has no number).
  const prefixes = sections.map((section) => cssString(section.prefix)).join(' ');
  const headings = sections.map((section) => cssString(section.heading ?? ' ')).join(' ');
  const scope = `[data-numbering=${cssString(id)}]`;
  return [
    `@counter-style ${name}-prefix { system: fixed 0; symbols: ${prefixes}; }`,
    `@counter-style ${name}-heading { system: fixed 0; symbols: ${headings}; }`,
    `${scope} > :not(${HEADING_SELECTOR}, .ProseMirror-gapcursor)::before {`,
    `  content: counter(${SECTION_COUNTER}, ${name}-prefix) counter(${PARAGRAPH_COUNTER});`,
    `}`,
    `${scope} > :is(h2, h3, h4)::before { content: counter(${SECTION_COUNTER}, ${name}-heading); }`,
  ].join('\n');
}

/**
 * The label each top-level block shows under the counters of the static style sheet and
 * {@link numberingCss}, worked out the way the browser works out the counters. Tests hold it
 * against the shared numbering.
 */
export function countedLabels(doc: ProseMirrorNode, sections: readonly SectionNumber[]): string[] {
  const labels: string[] = [];
  let section = 0;
  let paragraph = 0;
  doc.forEach((node) => {
    if (node.type.name === 'heading') {
      section += 1;
      paragraph = 0;
      const level = Number(node.attrs['level'] ?? 1);
      if (level > 1) labels.push(sections[section]?.heading ?? String(section));
      return;
    }
    paragraph += 1;
    labels.push(`${sections[section]?.prefix ?? String(section)}${paragraph}`);
  });
  return labels;
}
