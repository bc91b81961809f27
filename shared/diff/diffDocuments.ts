import type { JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { diffSections, type SectionChange } from './diffSections.ts';
import {
  diffWords,
  type DiffGranularity,
  type DiffOp,
  type DiffWordsOptions,
} from './diffWords.ts';
import { documentBlocks, type BlockKind, type DocumentBlock } from './documentBlocks.ts';
import { matchBlocks, type MatchBlocksOptions } from './matchBlocks.ts';
import { parseDocument } from './parseDocument.ts';
import { countWords } from './tokenizeWords.ts';

/** Where a block is in one version of the document. */
export interface BlockSide {
  /** Position among the blocks of that version, from 0. */
  index: number;
  id: string | null;
  kind: BlockKind;
  /** Heading level, or null for other blocks. */
  level: number | null;
  /** "3.2 ¶4" as numbering.ts gives it in that version; null for the title. */
  label: string | null;
  /** Containing node types from the top level down, as in {@link DocumentBlock.ancestors}. */
  ancestors: string[];
}

/**
 * What happened to one block. Every change carries `ops`, so a view can render any of them the
 * same way: an unchanged block is one equal op, an inserted block one insert, a deleted block one
 * delete.
 */
export type BlockChange =
  | { type: 'unchanged'; before: BlockSide; after: BlockSide; ops: DiffOp[] }
  | {
      type: 'changed';
      before: BlockSide;
      after: BlockSide;
      ops: DiffOp[];
      granularity: DiffGranularity;
      /** Marks, kind, level or containers differ (bold added, paragraph made a heading, …). */
      formattingChanged: boolean;
      /** The text is the same and only the formatting changed. */
      formattingOnly: boolean;
    }
  | { type: 'inserted'; after: BlockSide; ops: DiffOp[] }
  | { type: 'deleted'; before: BlockSide; ops: DiffOp[] }
  | {
      type: 'moved';
      before: BlockSide;
      after: BlockSide;
      /** Old block index (`before.index`). */
      from: number;
      /** New block index (`after.index`). */
      to: number;
      ops: DiffOp[];
      granularity: DiffGranularity;
      /** It was also edited on the way. */
      textChanged: boolean;
      formattingChanged: boolean;
    };

/**
 * Counts for a version list and the top of a comparison. "Paragraphs" are blocks as the diff
 * sees them: paragraphs, headings, list items and table cells.
 */
export interface DiffSummary {
  /** Words and numbers in inserted text, in all blocks. */
  wordsAdded: number;
  /** Words and numbers in deleted text, in all blocks. */
  wordsRemoved: number;
  /** Blocks whose text was edited in place. */
  paragraphsChanged: number;
  /** Blocks whose formatting alone changed. */
  paragraphsReformatted: number;
  paragraphsInserted: number;
  paragraphsDeleted: number;
  /** Blocks that moved, whether or not they were also edited. */
  paragraphsMoved: number;
  sectionsRenamed: number;
  sectionsMoved: number;
  /** Blocks compared by sentence or as a whole because they exceeded the diff limits. */
  paragraphsComparedCoarsely: number;
}

/** Bounds for a document comparison; every default is a house limit from shared/limits.ts. */
export type DiffDocumentsOptions = DiffWordsOptions & MatchBlocksOptions;

/** The comparison of two versions of a document. */
export interface DocumentDiff {
  /**
   * Every block of both versions, once, in the order of the new version; deleted blocks sit
   * where they were, before anything inserted in their place. Moved blocks appear at their new
   * place, with the index they came from.
   */
  blocks: BlockChange[];
  /** Renamed and moved sections, in the order of the new version. */
  sections: SectionChange[];
  summary: DiffSummary;
}

/**
 * Compares two versions of a document stored as Tiptap JSON, block by block and word by word:
 * the engine behind "compare versions" and the preview of proposed wording. Blocks are matched by
 * their stable ids first and by their text after that (see {@link matchBlocks}), so an edited
 * paragraph shows its edits, a split paragraph shows as a change and an insertion, and a
 * paragraph moved elsewhere shows as moved rather than as deleted and inserted.
 *
 * Pure and synchronous: no DOM, no Node APIs. The cost is close to linear in the document for
 * ordinary edits, and every costly step is bounded by a limit (see {@link DiffDocumentsOptions}).
 * @throws RangeError when either document uses node or mark types the schema does not have.
 */
export function diffDocuments(
  before: JSONContent,
  after: JSONContent,
  options: DiffDocumentsOptions = {},
): DocumentDiff {
  return diffDocumentNodes(parseDocument(before), parseDocument(after), options);
}

/** {@link diffDocuments} for documents already read into ProseMirror with the shared schema. */
export function diffDocumentNodes(
  before: ProseMirrorNode,
  after: ProseMirrorNode,
  options: DiffDocumentsOptions = {},
): DocumentDiff {
  const oldBlocks = documentBlocks(before);
  const newBlocks = documentBlocks(after);
  const matching = matchBlocks(oldBlocks, newBlocks, options);
  const stableOld = new Set<number>();
  for (const pair of matching.pairs) if (pair.stable) stableOld.add(pair.oldIndex);

  const blocks: BlockChange[] = [];
  let i = 0;
  let j = 0;
  // Walk both versions together. Stable pairs appear in the same order in both, so when both
  // walkers stand on one, it is the same pair; everything else is emitted as it is passed.
  while (i < oldBlocks.length || j < newBlocks.length) {
    const oldBlock = oldBlocks[i];
    const newBlock = newBlocks[j];
    if (oldBlock !== undefined && !stableOld.has(i)) {
      if ((matching.newOf[i] ?? -1) === -1) blocks.push(deleted(oldBlock));
      i += 1;
      continue;
    }
    if (newBlock !== undefined) {
      const source = oldBlocks[matching.oldOf[j] ?? -1];
      if (source === undefined) {
        blocks.push(inserted(newBlock));
        j += 1;
        continue;
      }
      if (!stableOld.has(source.index)) {
        blocks.push(moved(source, newBlock, options));
        j += 1;
        continue;
      }
    }
    if (oldBlock === undefined || newBlock === undefined) break;
    blocks.push(inPlace(oldBlock, newBlock, options));
    i += 1;
    j += 1;
  }

  const sections = diffSections(oldBlocks, newBlocks, matching);
  return { blocks, sections, summary: summarise(blocks, sections) };
}

function sideOf(block: DocumentBlock): BlockSide {
  const { index, id, kind, level, label, ancestors } = block;
  return { index, id, kind, level, label, ancestors };
}

function wholeText(type: DiffOp['type'], text: string): DiffOp[] {
  return text === '' ? [] : [{ type, text }];
}

function inserted(block: DocumentBlock): BlockChange {
  return { type: 'inserted', after: sideOf(block), ops: wholeText('insert', block.text) };
}

function deleted(block: DocumentBlock): BlockChange {
  return { type: 'deleted', before: sideOf(block), ops: wholeText('delete', block.text) };
}

function inPlace(
  oldBlock: DocumentBlock,
  newBlock: DocumentBlock,
  options: DiffWordsOptions,
): BlockChange {
  const before = sideOf(oldBlock);
  const after = sideOf(newBlock);
  const textChanged = oldBlock.text !== newBlock.text;
  const formattingChanged = oldBlock.formatKey !== newBlock.formatKey;
  if (!textChanged && !formattingChanged) {
    return { type: 'unchanged', before, after, ops: wholeText('equal', newBlock.text) };
  }
  const { ops, granularity } = diffWords(oldBlock.text, newBlock.text, options);
  return {
    type: 'changed',
    before,
    after,
    ops,
    granularity,
    formattingChanged,
    formattingOnly: !textChanged,
  };
}

function moved(
  oldBlock: DocumentBlock,
  newBlock: DocumentBlock,
  options: DiffWordsOptions,
): BlockChange {
  const { ops, granularity } = diffWords(oldBlock.text, newBlock.text, options);
  return {
    type: 'moved',
    before: sideOf(oldBlock),
    after: sideOf(newBlock),
    from: oldBlock.index,
    to: newBlock.index,
    ops,
    granularity,
    textChanged: oldBlock.text !== newBlock.text,
    formattingChanged: oldBlock.formatKey !== newBlock.formatKey,
  };
}

function summarise(
  blocks: readonly BlockChange[],
  sections: readonly SectionChange[],
): DiffSummary {
  const summary: DiffSummary = {
    wordsAdded: 0,
    wordsRemoved: 0,
    paragraphsChanged: 0,
    paragraphsReformatted: 0,
    paragraphsInserted: 0,
    paragraphsDeleted: 0,
    paragraphsMoved: 0,
    sectionsRenamed: sections.filter((change) => change.type === 'renamed').length,
    sectionsMoved: sections.filter((change) => change.type === 'moved').length,
    paragraphsComparedCoarsely: 0,
  };
  for (const change of blocks) {
    for (const op of change.ops) {
      if (op.type === 'insert') summary.wordsAdded += countWords(op.text);
      else if (op.type === 'delete') summary.wordsRemoved += countWords(op.text);
    }
    if (change.type === 'inserted') summary.paragraphsInserted += 1;
    else if (change.type === 'deleted') summary.paragraphsDeleted += 1;
    else if (change.type === 'moved') summary.paragraphsMoved += 1;
    else if (change.type === 'changed') {
      if (change.formattingOnly) summary.paragraphsReformatted += 1;
      else summary.paragraphsChanged += 1;
    }
    if ((change.type === 'changed' || change.type === 'moved') && change.granularity !== 'word') {
      summary.paragraphsComparedCoarsely += 1;
    }
  }
  return summary;
}
