import type { ThreadEntry, ThreadFact } from '../threadEntry.ts';
import { STYLE, headingStyle } from './odfStyleNames.ts';
import { odfText } from './odfText.ts';

const p = (style: string, xml: string): string =>
  `<text:p text:style-name="${style}">${xml}</text:p>`;
const span = (style: string, text: string): string =>
  `<text:span text:style-name="${style}">${odfText(text)}</text:span>`;

/** A heading at `level` (1–4) with plain text. */
export const odfHeading = (level: number, text: string, style = headingStyle(level)): string =>
  `<text:h text:style-name="${style}" text:outline-level="${level}">${odfText(text)}</text:h>`;

/**
 * A body paragraph "Label: value" with the label in bold; a proposal's old text struck and its
 * new text underlined, the label saying which is which.
 */
export const odfFact = (label: string, value: string, look?: ThreadFact['look']): string =>
  p(
    STYLE.body,
    `${span(STYLE.bold, `${label}:`)} ${
      look === undefined ? odfText(value) : span(STYLE[look], value)
    }`,
  );

/** A body paragraph of plain text. */
export const odfParagraph = (text: string, style: string = STYLE.body): string =>
  p(style, odfText(text));

/**
 * Writes one thread as a section of the comment appendix or the comment report: its heading at
 * `level`, the quote as a quotation, the facts, the reason for the disposition, and every
 * comment under its signed line. Line breaks in what people typed are kept.
 */
export function odfThreadSection(entry: ThreadEntry, level: number): string {
  const parts = [odfHeading(level, entry.heading)];
  if (entry.quote.trim() !== '') parts.push(odfParagraph(entry.quote, STYLE.quote));
  for (const fact of entry.facts) parts.push(odfFact(fact.label, fact.value, fact.look));
  if (entry.reason !== null) parts.push(odfFact(entry.reason.label, entry.reason.value));
  for (const comment of entry.comments) {
    parts.push(p(STYLE.body, span(STYLE.bold, comment.heading)));
    if (comment.note !== null) parts.push(p(STYLE.body, span(STYLE.italic, comment.note)));
    if (comment.text !== null) parts.push(odfParagraph(comment.text));
  }
  return parts.join('');
}
