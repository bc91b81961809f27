import { HeadingLevel, Paragraph, TextRun } from 'docx';
import type { Locale } from '../../../shared/i18n/translate.ts';
import type { ReportThread } from '../../comments/report/CommentReport.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { threadEntry, type ThreadEntryComment, type ThreadFact } from '../threadEntry.ts';
import { textRun, xmlText } from './docxInline.ts';
import { QUOTE_STYLE, WORD_LANGUAGE } from './docxStyles.ts';

/** How threads are written: the language of the words the export adds, and the time zone. */
export interface ThreadWriting {
  locale: Locale;
  timeZone: string;
  /**
   * A word on a thread's proposal in this export, by thread id: whether it stands in the text as
   * a tracked change, or could not. Absent when tracked changes were not asked for.
   */
  proposalNotes?: ReadonlyMap<string, string>;
}

/** The note on a thread's proposal, in italics, or nothing. */
function proposalNote(writing: ThreadWriting, thread: ReportThread): Paragraph[] {
  const note = writing.proposalNotes?.get(thread.id);
  return note === undefined
    ? []
    : [new Paragraph({ children: [addedWords(writing, note, { italics: true })] })];
}

export { personName } from '../threadEntry.ts';

/**
 * A run of words the export adds ("Status", "Reply"), tagged with their language, which may
 * differ from the text's: an English export of a Swedish draft.
 */
export function addedWords(
  writing: ThreadWriting,
  text: string,
  style: { bold?: boolean; italics?: boolean } = {},
): TextRun {
  return new TextRun({ text, ...style, language: { value: WORD_LANGUAGE[writing.locale] } });
}

/** User text as paragraphs, keeping the line breaks its author typed. */
export function textParagraphs(text: string, style?: string): Paragraph[] {
  return text
    .split(/\r\n?|\n/)
    .map(
      (line) =>
        new Paragraph({ ...(style ? { style } : {}), children: [new TextRun(xmlText(line))] }),
    );
}

function factParagraph(writing: ThreadWriting, fact: ThreadFact): Paragraph {
  return new Paragraph({
    children: [
      addedWords(writing, `${fact.label}: `),
      // A proposal's old text struck and its new text underlined; the label says which is which.
      textRun({
        text: xmlText(fact.value),
        ...(fact.look === 'deleted' ? { strike: true } : {}),
        ...(fact.look === 'inserted' ? { underline: {} } : {}),
      }),
    ],
  });
}

function commentParagraphs(writing: ThreadWriting, entry: ThreadEntryComment): Paragraph[] {
  return [
    new Paragraph({ children: [textRun({ text: entry.heading, bold: true })] }),
    ...(entry.note === null
      ? []
      : [new Paragraph({ children: [addedWords(writing, entry.note, { italics: true })] })]),
    ...(entry.text === null ? [] : textParagraphs(entry.text)),
  ];
}

/**
 * The text of a Word comment for a thread: its stance, status and disposition, then every
 * comment with author, organisation and time. Replies are written inside the one comment, so
 * the thread reads as one conversation in Word's margin and in LibreOffice alike. A thread whose
 * text is gone says so and quotes it, since it cannot be anchored where it was.
 */
export function commentBalloon(writing: ThreadWriting, thread: ReportThread): Paragraph[] {
  const entry = threadEntry(thread, writing);
  const removed = thread.textRemoved
    ? [
        new Paragraph({
          children: [
            addedWords(writing, `${translate(writing.locale, 'report.text.removed')}: `, {
              italics: true,
            }),
            textRun({ text: thread.quote, italics: true }),
          ],
        }),
      ]
    : [];
  return [
    ...removed,
    // The first fact is the text status, which the anchor itself shows.
    ...entry.facts.slice(1).map((fact) => factParagraph(writing, fact)),
    ...(entry.reason ? [factParagraph(writing, entry.reason)] : []),
    ...proposalNote(writing, thread),
    ...entry.comments.flatMap((comment) => commentParagraphs(writing, comment)),
  ];
}

/**
 * Every thread as a section of its own, in the order given (document order, so by paragraph):
 * a heading with the paragraph number, the quote, the facts, then each comment and reply. Used
 * for the appendix of an export and for the comment report as DOCX.
 */
export function threadSections(
  writing: ThreadWriting,
  threads: readonly ReportThread[],
): Paragraph[] {
  if (threads.length === 0) {
    return [
      new Paragraph({ children: [addedWords(writing, translate(writing.locale, 'report.empty'))] }),
    ];
  }
  return threads.flatMap((thread) => {
    const entry = threadEntry(thread, writing);
    return [
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: [addedWords(writing, entry.heading)],
      }),
      ...(entry.quote === '' ? [] : textParagraphs(entry.quote, QUOTE_STYLE)),
      ...entry.facts.map((fact) => factParagraph(writing, fact)),
      ...(entry.reason ? [factParagraph(writing, entry.reason)] : []),
      ...proposalNote(writing, thread),
      ...entry.comments.flatMap((comment) => commentParagraphs(writing, comment)),
    ];
  });
}
