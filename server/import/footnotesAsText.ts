import type { Document, Element } from 'happy-dom';
import type { ImportWarnings } from './ImportWarnings.ts';

/**
 * Heading of the section the notes move to. Imported text keeps the language of the document,
 * and Remiss drafts are Swedish, so the heading is too.
 */
export const NOTES_HEADING = 'Fotnoter';

const NOTE_ID = /^(footnote|endnote)-\d+$/;
const NOTE_REFERENCE = /^#(footnote|endnote)-\d+$/;
const BACK_LINK = /^#(footnote|endnote)-ref-\d+$/;

/**
 * Carries a DOCX's footnotes and endnotes over as text. Mammoth renders each reference as
 * `<sup><a href="#footnote-1">[1]</a></sup>` and the notes as a list at the end whose items link
 * back. The editor has no notes and no internal links, so each reference becomes the plain text
 * "[1]" and the notes a section "Fotnoter" of paragraphs "[1] The note's text", without links.
 */
export function footnotesAsText(document: Document, body: Element, warnings: ImportWarnings): void {
  const labels = new Map<string, string>();
  for (const reference of body.querySelectorAll('a[href]')) {
    const href = reference.getAttribute('href') ?? '';
    if (!NOTE_REFERENCE.test(href)) continue;
    const label = reference.textContent.trim();
    labels.set(href.slice(1), label);
    const marker = reference.parentElement?.tagName === 'SUP' ? reference.parentElement : reference;
    marker.replaceWith(document.createTextNode(label));
  }

  const lists = new Set<Element>();
  const notes: { label: string; item: Element }[] = [];
  for (const item of body.querySelectorAll('li[id]')) {
    const id = item.getAttribute('id') ?? '';
    if (!NOTE_ID.test(id) || !item.parentElement) continue;
    lists.add(item.parentElement);
    notes.push({ label: labels.get(id) ?? `[${notes.length + 1}]`, item });
  }
  if (notes.length === 0) return;

  const section = document.createDocumentFragment();
  const heading = document.createElement('h2');
  heading.textContent = NOTES_HEADING;
  section.append(heading);
  for (const { label, item } of notes) {
    for (const back of item.querySelectorAll('a[href]')) {
      if (BACK_LINK.test(back.getAttribute('href') ?? '')) back.remove();
    }
    const paragraphs = [...item.children].filter((child) => child.tagName === 'P');
    if (paragraphs.length === 0) {
      const paragraph = document.createElement('p');
      paragraph.append(...item.childNodes);
      paragraphs.push(paragraph);
    }
    const first = paragraphs[0];
    if (first) {
      // Mammoth starts a note's text with a space, after the mark it leaves out.
      first.prepend(document.createTextNode(`${label} `));
      normaliseLeadingSpace(first, label);
    }
    section.append(...paragraphs);
    // Any other block of the note (a list, a table) follows its paragraphs, in order.
    section.append(...[...item.children].filter((child) => child.tagName !== 'P'));
  }
  const [firstList, ...otherLists] = lists;
  firstList?.replaceWith(section);
  for (const list of otherLists) list.remove();
  warnings.add('footnotes', notes.length);
}

/** "[1]  A note" → "[1] A note": the label's space and the note's own leading space merge. */
function normaliseLeadingSpace(paragraph: Element, label: string): void {
  const [labelNode, next] = [paragraph.childNodes[0], paragraph.childNodes[1]];
  if (labelNode?.nodeType !== 3 || next?.nodeType !== 3) return;
  next.textContent = next.textContent.replace(/^\s+/, '');
  labelNode.textContent = `${label} `;
}
