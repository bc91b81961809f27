import type { ReportThread } from '../../comments/report/CommentReport.ts';
import { personName, type ThreadEntry } from '../threadEntry.ts';
import { escapeXml } from './escapeXml.ts';
import { STYLE } from './odfStyleNames.ts';
import { odfText } from './odfText.ts';

/** A thread as an ODF annotation: where it starts, where it ends, and what it anchors to. */
export interface OdfAnnotation {
  /** The opening `office:annotation` element, with the whole conversation inside. */
  start: string;
  /** The matching `office:annotation-end`. */
  end: string;
  /** The passage to find in the block; null to anchor to the whole block. */
  quote: string | null;
}

const paragraph = (xml: string): string =>
  xml === '' ? '' : `<text:p text:style-name="${STYLE.annotation}">${xml}</text:p>`;

/** An ISO time as xsd:dateTime without fractions, which every ODF reader parses. */
function annotationDate(iso: string | undefined): string | null {
  if (iso === undefined) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Writes a thread as an ODF annotation (ODF 1.2 §14.1): `dc:creator` is the thread's author
 * with their organisation, `dc:date` when it was opened, and the body holds the opening
 * comment, then each reply under its own signed line, then the thread's stance, status and
 * disposition. ODF has no replies of its own, so they are written into the one annotation
 * rather than lost. `name` pairs the annotation with its `office:annotation-end`.
 */
export function odfAnnotation(
  thread: ReportThread & { wholeBlock: boolean },
  entry: ThreadEntry,
  name: string,
): OdfAnnotation {
  const parts: string[] = [];
  entry.comments.forEach((comment, index) => {
    // The opening comment is signed by dc:creator and dc:date already.
    if (index > 0)
      parts.push(
        paragraph(
          `<text:span text:style-name="${STYLE.bold}">${odfText(comment.heading)}</text:span>`,
        ),
      );
    if (comment.note !== null) {
      parts.push(
        paragraph(
          `<text:span text:style-name="${STYLE.italic}">${odfText(comment.note)}</text:span>`,
        ),
      );
    }
    if (comment.text !== null) parts.push(paragraph(odfText(comment.text)));
  });
  // The text status is what the anchor already shows; the rest says where the thread stands.
  for (const fact of entry.facts.slice(1))
    parts.push(paragraph(odfText(`${fact.label}: ${fact.value}`)));
  if (entry.reason !== null)
    parts.push(paragraph(odfText(`${entry.reason.label}: ${entry.reason.value}`)));
  const date = annotationDate(thread.comments[0]?.createdAt);
  const escapedName = escapeXml(name);
  return {
    start:
      `<office:annotation office:name="${escapedName}">` +
      `<dc:creator>${escapeXml(personName(thread.author))}</dc:creator>` +
      (date === null ? '' : `<dc:date>${date}</dc:date>`) +
      parts.join('') +
      '</office:annotation>',
    end: `<office:annotation-end office:name="${escapedName}"/>`,
    quote: thread.wholeBlock || thread.quote.trim() === '' ? null : thread.quote,
  };
}
