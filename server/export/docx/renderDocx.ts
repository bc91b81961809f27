import { Document, HeadingLevel, Packer, Paragraph, type ISectionOptions } from 'docx';
import { DOCUMENT_LANGUAGE } from '../../../shared/editor/documentLanguage.ts';
import { proposalRuns } from '../../../shared/editor/proposalRuns.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import type { ExportDocument, ExportOptions, ExportThread } from '../ExportDocument.ts';
import { titlePageLines } from '../titlePageLines.ts';
import { topLevelLabels } from '../topLevelLabels.ts';
import {
  blockIds,
  DocxBlockWriter,
  type PendingChange,
  type PendingComment,
} from './docxBlocks.ts';
import { exportStyles, listNumbering } from './docxStyles.ts';
import {
  addedWords,
  commentBalloon,
  personName,
  threadSections,
  type ThreadWriting,
} from './docxThreads.ts';

/** The text's language as Word knows it: the drafts are Swedish whatever the UI speaks. */
const TEXT_LANGUAGE = DOCUMENT_LANGUAGE === 'sv' ? 'sv' : 'en';

/** Initials for Word's comment balloon: first letters of the first two words of a name. */
function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, 2)
    .map((word) => Array.from(word)[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * The title page: the title in Word's Title style, then the version's name and date (or
 * "current text" and the export's date), in the same words as the ODT and PDF title pages.
 */
function titlePage(doc: ExportDocument, writing: ThreadWriting): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, text: doc.title }),
    ...titlePageLines(doc).map(
      (line, index) =>
        new Paragraph({ children: [addedWords(writing, line, { bold: index === 0 })] }),
    ),
  ];
}

/** An ISO time as xsd:dateTime without fractions, as Word writes them. */
function wordDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The proposals to write as Word tracked changes, by block: those still to be decided (open,
 * or in conflict with an accepted one) on a passage that is still in the text. Accepted and
 * rejected proposals are history, not changes to review, so they are only listed. Each is
 * signed by its proposer and dated when the thread was opened; change ids follow the comment
 * ids (0 … threads − 1), since Word wants every annotation id unique.
 */
function pendingChanges(doc: ExportDocument) {
  const byBlock = new Map<string, PendingChange[]>();
  const candidates: string[] = [];
  doc.threads.forEach((thread, index) => {
    const { proposal } = thread;
    if (!proposal || (proposal.state !== 'open' && proposal.state !== 'conflict')) return;
    candidates.push(thread.id);
    if (thread.blockId === null || thread.textRemoved || thread.wholeBlock) return;
    const list = byBlock.get(thread.blockId) ?? [];
    list.push({
      threadId: thread.id,
      quote: thread.quote,
      placement: proposal.placement,
      insert: proposalRuns({ text: proposal.text, marks: proposal.marks }),
      author: personName(thread.author),
      date: wordDate(thread.comments[0]?.createdAt ?? doc.exportedAt),
      deleteId: doc.threads.length + 2 * index,
      insertId: doc.threads.length + 2 * index + 1,
    });
    byBlock.set(thread.blockId, list);
  });
  return { byBlock, candidates };
}

/** What the export says of each proposal it was asked to track: in the text, or why not. */
function trackingNotes(
  doc: ExportDocument,
  candidates: readonly string[],
  tracked: ReadonlySet<string>,
): Map<string, string> {
  return new Map(
    candidates.map((id) => [
      id,
      translate(
        doc.language,
        tracked.has(id) ? 'exportDoc.proposal.tracked' : 'exportDoc.proposal.notTracked',
      ),
    ]),
  );
}

/**
 * Where the Word comments for the threads go: a thread whose block is in the text is anchored
 * there (its quote, or the whole block); one whose text is gone is anchored at the start of the
 * text, and its balloon says the text was removed and quotes it.
 */
function commentPlaces(doc: ExportDocument): Map<string, PendingComment[]> {
  const present = new Set(blockIds(doc.content));
  const first = blockIds(doc.content)[0] ?? null;
  const byBlock = new Map<string, PendingComment[]>();
  doc.threads.forEach((thread: ExportThread, index) => {
    const blockId = thread.blockId !== null && present.has(thread.blockId) ? thread.blockId : first;
    if (blockId === null) return;
    const anchoredHere = blockId === thread.blockId && !thread.textRemoved;
    const list = byBlock.get(blockId) ?? [];
    list.push({ id: index, quote: anchoredHere && !thread.wholeBlock ? thread.quote : '' });
    byBlock.set(blockId, list);
  });
  return byBlock;
}

/** The Word comments themselves (word/comments.xml), for the threads `commentPlaces` placed. */
function wordComments(doc: ExportDocument, writing: ThreadWriting) {
  const present = new Set(blockIds(doc.content));
  const first = blockIds(doc.content)[0] ?? null;
  return doc.threads.flatMap((thread: ExportThread, index) => {
    const blockId = thread.blockId !== null && present.has(thread.blockId) ? thread.blockId : first;
    if (blockId === null) return [];
    const opening = thread.comments[0];
    return [
      {
        id: index,
        author: personName(thread.author),
        initials: initials(thread.author.name),
        ...(opening ? { date: new Date(opening.createdAt) } : {}),
        children: commentBalloon(writing, thread),
      },
    ];
  });
}

/**
 * Writes an export as a Word document (.docx): the text with Word's heading styles (so the
 * navigation pane works), real list numbering, tables, links, bold and italic, and quotes; and,
 * as asked, a title page, the app's section and paragraph numbers, and the comments, either as
 * real Word comments anchored in the text (word/comments.xml) or as an appendix ordered by
 * paragraph. The document's title and language are set in its properties.
 */
export async function renderDocx(doc: ExportDocument, options: ExportOptions): Promise<Uint8Array> {
  const annotations = options.comments === 'annotations';
  const changes = options.trackedChanges === true ? pendingChanges(doc) : null;
  const writer = new DocxBlockWriter(
    annotations ? commentPlaces(doc) : undefined,
    changes?.byBlock,
  );
  // The text first: which proposals found their passage is known only once it is written.
  const body = writer.document(doc.content, options.numbers ? topLevelLabels(doc.content) : null);
  const writing: ThreadWriting = {
    locale: doc.language,
    timeZone: doc.timeZone,
    ...(changes ? { proposalNotes: trackingNotes(doc, changes.candidates, writer.tracked) } : {}),
  };
  const sections: ISectionOptions[] = [];
  if (options.titlePage) sections.push({ children: titlePage(doc, writing) });
  sections.push({ children: body });
  if (options.comments === 'appendix') {
    sections.push({
      children: [
        new Paragraph({
          heading: HeadingLevel.HEADING_1,
          children: [addedWords(writing, translate(doc.language, 'exportDoc.comments'))],
        }),
        // Every time in the appendix is in this zone; saying so spares the reader a guess.
        new Paragraph({
          children: [
            addedWords(writing, `${translate(doc.language, 'report.timeZone')}: ${doc.timeZone}`),
          ],
        }),
        ...threadSections(writing, doc.threads),
      ],
    });
  }
  const file = new Document({
    title: doc.title,
    subject: doc.version?.name ?? translate(doc.language, 'exportDoc.currentText'),
    creator: 'Remiss',
    styles: exportStyles(TEXT_LANGUAGE),
    numbering: listNumbering,
    ...(annotations ? { comments: { children: wordComments(doc, writing) } } : {}),
    sections,
  });
  return new Uint8Array(await Packer.toBuffer(file));
}
