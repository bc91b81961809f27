import type { Content } from 'pdfmake/interfaces.js';
import type { ThreadEntry, ThreadFact } from '../threadEntry.ts';
import { pdfText } from './pdfInline.ts';

const fact = ({ label, value, look }: ThreadFact): Content => ({
  text: [
    { text: `${pdfText(label)}: `, bold: true },
    // A proposal's old text struck and its new text underlined; the label says which is which.
    look === undefined
      ? pdfText(value)
      : { text: pdfText(value), decoration: look === 'deleted' ? 'lineThrough' : 'underline' },
  ],
  style: 'body',
});

/**
 * One thread of the comment appendix as pdfmake content: its heading, the quote, the facts,
 * the reason for the disposition and every comment under its signed line.
 */
export function pdfThreadSection(entry: ThreadEntry): Content[] {
  const parts: Content[] = [{ text: pdfText(entry.heading), style: 'h3', headlineLevel: 3 }];
  if (entry.quote.trim() !== '') parts.push({ text: pdfText(entry.quote), style: 'quote' });
  parts.push(...entry.facts.map(fact));
  if (entry.reason !== null) parts.push(fact(entry.reason));
  for (const comment of entry.comments) {
    parts.push({ text: pdfText(comment.heading), bold: true, margin: [0, 4, 0, 2] });
    if (comment.note !== null)
      parts.push({ text: pdfText(comment.note), italics: true, style: 'body' });
    if (comment.text !== null) parts.push({ text: pdfText(comment.text), style: 'body' });
  }
  return parts;
}
