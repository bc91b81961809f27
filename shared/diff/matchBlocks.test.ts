import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { documentBlocks } from './documentBlocks.ts';
import { matchBlocks, type MatchBlocksOptions } from './matchBlocks.ts';
import { parseDocument } from './parseDocument.ts';

const p = (text: string, id?: string): JSONContent => ({
  type: 'paragraph',
  ...(id ? { attrs: { id } } : {}),
  content: [{ type: 'text', text }],
});
const blocks = (...content: JSONContent[]) =>
  documentBlocks(parseDocument({ type: 'doc', content }));
const pairs = (before: JSONContent[], after: JSONContent[], options?: MatchBlocksOptions) =>
  matchBlocks(blocks(...before), blocks(...after), options).pairs.map(
    ({ oldIndex, newIndex, via, stable }) =>
      `${oldIndex}→${newIndex} ${via}${stable ? '' : ' moved'}`,
  );

describe('matchBlocks', () => {
  it('pairs by id first, then by equal text, then by similar words', () => {
    expect(
      pairs(
        [p('Har id.', 'a'), p('Samma text utan id.'), p('Myndigheten ska publicera data öppet.')],
        [
          p('Har id men ny text.', 'a'),
          p('Samma text utan id.'),
          p('Myndigheten ska publicera data.'),
        ],
      ),
    ).toEqual(['0→0 id', '1→1 text', '2→2 similar']);
  });

  it('pairs edited look-alike paragraphs in order, not across each other', () => {
    const before = [
      p('Avsnitt ett.', 'x'),
      p('Kommunen ska publicera data om skolor och förskolor.'),
      p('Kommunen ska publicera data om skolor och fritidshem.'),
      p('Avsnitt två.', 'y'),
    ];
    const after = [
      p('Avsnitt ett.', 'x'),
      p('Kommunen ska publicera öppna data om skolor och förskolor.'),
      p('Kommunen ska publicera öppna data om skolor och fritidshem.'),
      p('Avsnitt två.', 'y'),
    ];
    expect(pairs(before, after)).toEqual(['0→0 id', '1→1 similar', '2→2 similar', '3→3 id']);
  });

  it('still pairs edited paragraphs through rare words when a stretch is too wide to align', () => {
    const before = [
      p('Licenser för öppna data ska vara fria.'),
      p('Avgifter tas normalt inte ut.'),
    ];
    const after = [
      p('Licenser för öppna data ska vara fria och enkla.'),
      p('Avgifter tas inte ut.'),
    ];
    expect(pairs(before, after, { maxAlignmentCells: 0 })).toEqual(['0→0 similar', '1→1 similar']);
  });

  it('leaves a paragraph unpaired when it shares only common words', () => {
    const before = [p('Det är en fråga om data.')];
    const after = [p('Det är en fråga om pengar.'), p('Det är en fråga om tid.')];
    expect(pairs(before, after, { maxAlignmentCells: 0, maxMoveCandidates: 1 })).toEqual([]);
  });
});
