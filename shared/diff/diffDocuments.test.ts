import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { diffDocuments, type BlockChange, type DocumentDiff } from './diffDocuments.ts';
import { documentBlocks } from './documentBlocks.ts';
import { parseDocument } from './parseDocument.ts';
import { reconstructText } from './reconstructText.ts';
import { seededRandom } from '../random/seededRandom.ts';
import { editDocument, syntheticDocument } from './syntheticDocument.ts';

const text = (value: string, marks?: string[]): JSONContent => ({
  type: 'text',
  text: value,
  ...(marks ? { marks: marks.map((type) => ({ type })) } : {}),
});
const h = (level: number, value: string, id?: string): JSONContent => ({
  type: 'heading',
  attrs: { level, ...(id ? { id } : {}) },
  content: [text(value)],
});
const p = (value: string | JSONContent[], id?: string): JSONContent => ({
  type: 'paragraph',
  ...(id ? { attrs: { id } } : {}),
  ...(value === '' ? {} : { content: typeof value === 'string' ? [text(value)] : value }),
});
const li = (value: string, id?: string): JSONContent => ({
  type: 'listItem',
  content: [p(value, id)],
});
const bullets = (...items: JSONContent[]): JSONContent => ({ type: 'bulletList', content: items });
const row = (...cells: JSONContent[]): JSONContent => ({ type: 'tableRow', content: cells });
const cell = (value: string, id?: string): JSONContent => ({
  type: 'tableCell',
  content: [p(value, id)],
});
const table = (...rows: JSONContent[]): JSONContent => ({ type: 'table', content: rows });
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

/** A compact picture of a diff: one line per block. */
function outline(diff: DocumentDiff): string[] {
  return diff.blocks.map((change) => {
    switch (change.type) {
      case 'unchanged':
        return `= ${change.after.label ?? '-'} ${reconstructText(change.ops, 'new')}`;
      case 'inserted':
        return `+ ${change.after.label ?? '-'} ${reconstructText(change.ops, 'new')}`;
      case 'deleted':
        return `- ${change.before.label ?? '-'} ${reconstructText(change.ops, 'old')}`;
      case 'changed':
        return `~ ${change.before.label ?? '-'}→${change.after.label ?? '-'} ${render(change)}`;
      case 'moved':
        return `> ${change.from}→${change.to} ${render(change)}`;
    }
  });
}

function render(change: BlockChange): string {
  return change.ops
    .map((op) =>
      op.type === 'equal' ? op.text : op.type === 'delete' ? `[-${op.text}-]` : `{+${op.text}+}`,
    )
    .join('');
}

/** What every document diff promises: each block of each side exactly once, texts intact. */
function expectComplete(before: JSONContent, after: JSONContent, diff: DocumentDiff): void {
  const oldBlocks = documentBlocks(parseDocument(before));
  const newBlocks = documentBlocks(parseDocument(after));
  const oldSeen: number[] = [];
  const newSeen: number[] = [];
  for (const change of diff.blocks) {
    if (change.type !== 'inserted') {
      oldSeen.push(change.before.index);
      expect(reconstructText(change.ops, 'old')).toBe(oldBlocks[change.before.index]?.text);
    }
    if (change.type !== 'deleted') {
      newSeen.push(change.after.index);
      expect(reconstructText(change.ops, 'new')).toBe(newBlocks[change.after.index]?.text);
    }
  }
  expect(oldSeen.sort((a, b) => a - b)).toEqual(oldBlocks.map((block) => block.index));
  // New blocks come in document order, so a reader can step through changes top to bottom.
  expect(newSeen).toEqual(newBlocks.map((block) => block.index));
}

function compare(before: JSONContent, after: JSONContent): DocumentDiff {
  const diff = diffDocuments(before, after);
  expectComplete(before, after, diff);
  return diff;
}

const draft = doc(
  h(1, 'Vägledning för öppna data', 'title'),
  p('Inledning om vägledningen.', 'intro'),
  h(2, 'Bakgrund', 'h-bakgrund'),
  p('Myndigheter har mycket data.', 'p1'),
  p('Data kan återanvändas av andra.', 'p2'),
  h(2, 'Licenser', 'h-licenser'),
  p('Vi rekommenderar CC0 för data.', 'p3'),
  p('Text ska ha CC BY 4.0.', 'p4'),
  h(2, 'Avgifter', 'h-avgifter'),
  p('Avgifter tas normalt inte ut.', 'p5'),
);

describe('diffDocuments', () => {
  it('reports nothing for identical documents', () => {
    const diff = compare(draft, draft);
    expect(diff.blocks.every((change) => change.type === 'unchanged')).toBe(true);
    expect(diff.sections).toEqual([]);
    expect(diff.summary).toEqual({
      wordsAdded: 0,
      wordsRemoved: 0,
      paragraphsChanged: 0,
      paragraphsReformatted: 0,
      paragraphsInserted: 0,
      paragraphsDeleted: 0,
      paragraphsMoved: 0,
      sectionsRenamed: 0,
      sectionsMoved: 0,
      paragraphsComparedCoarsely: 0,
    });
  });

  it('compares empty documents with each other and with content', () => {
    expect(compare(doc(), doc()).blocks).toEqual([]);
    expect(outline(compare(doc(p('')), doc(p(''))))).toEqual(['= ¶1 ']);
    const grown = compare(doc(), doc(h(2, 'Ny', 'h'), p('Första stycket.', 'a')));
    expect(outline(grown)).toEqual(['+ 1 Ny', '+ 1 ¶1 Första stycket.']);
    expect(grown.summary.wordsAdded).toBe(3);
    const emptied = compare(doc(p('Allt tas bort.', 'a')), doc());
    expect(outline(emptied)).toEqual(['- ¶1 Allt tas bort.']);
    expect(emptied.summary.wordsRemoved).toBe(3);
  });

  it('shows an inserted word within its paragraph, with the paragraph number', () => {
    const after = doc(
      ...(draft.content ?? []).map((block) =>
        block.attrs?.['id'] === 'p1' ? p('Myndigheter har mycket värdefull data.', 'p1') : block,
      ),
    );
    const diff = compare(draft, after);
    const changed = diff.blocks.filter((change) => change.type !== 'unchanged');
    expect(outline({ ...diff, blocks: changed })).toEqual([
      '~ 1 ¶1→1 ¶1 Myndigheter har mycket {+värdefull +}data.',
    ]);
    expect(diff.summary).toMatchObject({ wordsAdded: 1, wordsRemoved: 0, paragraphsChanged: 1 });
  });

  it('shows a deleted sentence', () => {
    const before = doc(p('Första meningen. Andra meningen ska bort. Tredje meningen.', 'a'));
    const after = doc(p('Första meningen. Tredje meningen.', 'a'));
    expect(outline(compare(before, after))).toEqual([
      '~ ¶1→¶1 Första meningen. [-Andra meningen ska bort. -]Tredje meningen.',
    ]);
  });

  it('shows a split paragraph as a change and an insertion, not as a rewrite', () => {
    const before = doc(p('Inledning.', 'x'), p('Del ett av texten. Del två av texten.', 'a'));
    const after = doc(
      p('Inledning.', 'x'),
      p('Del ett av texten.', 'a'),
      p('Del två av texten.', 'new-id'),
    );
    const diff = compare(before, after);
    expect(outline(diff)).toEqual([
      '= ¶1 Inledning.',
      '~ ¶2→¶2 Del ett av texten.[- Del två av texten.-]',
      '+ ¶3 Del två av texten.',
    ]);
    expect(diff.summary).toMatchObject({ paragraphsChanged: 1, paragraphsInserted: 1 });
  });

  it('shows a split paragraph the same way when no block has an id', () => {
    const before = doc(p('Inledning.'), p('Del ett av den långa texten. Del två.'));
    const after = doc(p('Inledning.'), p('Del ett av den långa texten.'), p('Del två.'));
    expect(outline(compare(before, after))).toEqual([
      '= ¶1 Inledning.',
      '~ ¶2→¶2 Del ett av den långa texten.[- Del två.-]',
      '+ ¶3 Del två.',
    ]);
  });

  it('shows merged paragraphs as a change and a deletion', () => {
    const before = doc(p('Första delen.', 'a'), p('Andra delen.', 'b'));
    const after = doc(p('Första delen. Andra delen.', 'a'));
    expect(outline(compare(before, after))).toEqual([
      '~ ¶1→¶1 Första delen.{+ Andra delen.+}',
      '- ¶2 Andra delen.',
    ]);
  });

  it('reports a paragraph moved to another section, with where it came from', () => {
    const after = doc(
      h(1, 'Vägledning för öppna data', 'title'),
      p('Inledning om vägledningen.', 'intro'),
      h(2, 'Bakgrund', 'h-bakgrund'),
      p('Myndigheter har mycket data.', 'p1'),
      h(2, 'Licenser', 'h-licenser'),
      p('Vi rekommenderar CC0 för data.', 'p3'),
      p('Text ska ha CC BY 4.0.', 'p4'),
      h(2, 'Avgifter', 'h-avgifter'),
      p('Avgifter tas normalt inte ut.', 'p5'),
      p('Data kan återanvändas av andra, fritt.', 'p2'),
    );
    const diff = compare(draft, after);
    const moved = diff.blocks.filter((change) => change.type === 'moved');
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      from: 4,
      to: 9,
      before: { id: 'p2', label: '1 ¶2' },
      after: { id: 'p2', label: '3 ¶2' },
      textChanged: true,
    });
    expect(outline({ ...diff, blocks: moved })).toEqual([
      '> 4→9 Data kan återanvändas av andra{+, fritt+}.',
    ]);
    expect(diff.summary).toMatchObject({ paragraphsMoved: 1, paragraphsChanged: 0 });
  });

  it('reports a moved paragraph without ids when its text is (nearly) the same', () => {
    const before = doc(
      p('Ett stycke om upphovsrätt och licenser.'),
      p('Ett stycke om avgifter.'),
      p('Ett stycke om personuppgifter och sekretess i offentlig sektor.'),
    );
    const after = doc(
      p('Ett stycke om personuppgifter och sekretess i offentlig sektor, i korthet.'),
      p('Ett stycke om upphovsrätt och licenser.'),
      p('Ett stycke om avgifter.'),
    );
    const diff = compare(before, after);
    expect(diff.blocks.map((change) => change.type)).toEqual(['moved', 'unchanged', 'unchanged']);
    expect(diff.blocks[0]).toMatchObject({ from: 2, to: 0, textChanged: true });
  });

  it('does not call a merely similar paragraph elsewhere a move', () => {
    const before = doc(
      p('Ett stycke om upphovsrätt och licenser.'),
      p('Ett stycke om avgifter.'),
      p('Ett stycke om personuppgifter och sekretess i offentlig sektor.'),
    );
    const after = doc(
      p('Ett stycke om personuppgifter och sekretess i den offentliga sektorn.'),
      p('Ett stycke om upphovsrätt och licenser.'),
      p('Ett stycke om avgifter.'),
    );
    const diff = compare(before, after);
    expect(diff.blocks.map((change) => change.type)).toEqual([
      'inserted',
      'unchanged',
      'unchanged',
      'deleted',
    ]);
  });

  it('reports a renamed section with its old and new title', () => {
    const after = doc(
      ...(draft.content ?? []).map((block) =>
        block.attrs?.['id'] === 'h-licenser' ? h(2, 'Licenser och villkor', 'h-licenser') : block,
      ),
    );
    const diff = compare(draft, after);
    expect(diff.sections).toEqual([
      {
        type: 'renamed',
        before: { index: 5, label: '2', level: 2, title: 'Licenser', blockCount: 3 },
        after: { index: 5, label: '2', level: 2, title: 'Licenser och villkor', blockCount: 3 },
        ops: [
          { type: 'equal', text: 'Licenser' },
          { type: 'insert', text: ' och villkor' },
        ],
      },
    ]);
    expect(diff.summary.sectionsRenamed).toBe(1);
  });

  it('reports a renamed section without ids when the heading stays in place', () => {
    const before = doc(h(2, 'Bakgrund'), p('Text ett.'), h(2, 'Licenser'), p('Text två.'));
    const after = doc(h(2, 'Bakgrund'), p('Text ett.'), h(2, 'Villkor'), p('Text två.'));
    const diff = compare(before, after);
    expect(diff.sections).toMatchObject([
      { type: 'renamed', before: { title: 'Licenser' }, after: { title: 'Villkor' } },
    ]);
  });

  it('does not call a new section in the place of a deleted one a rename', () => {
    const before = doc(h(2, 'Avgifter', 'h1'), p('Avgifter tas inte ut.', 'a'));
    const after = doc(h(2, 'Konsekvenser', 'h2'), p('Förslaget kostar inget.', 'b'));
    const diff = compare(before, after);
    expect(diff.sections).toEqual([]);
    expect(diff.blocks.map((change) => change.type)).toEqual([
      'deleted',
      'deleted',
      'inserted',
      'inserted',
    ]);
  });

  it('reports a whole section that moved as one moved section', () => {
    const after = doc(
      h(1, 'Vägledning för öppna data', 'title'),
      p('Inledning om vägledningen.', 'intro'),
      h(2, 'Avgifter', 'h-avgifter'),
      p('Avgifter tas normalt inte ut.', 'p5'),
      h(2, 'Bakgrund', 'h-bakgrund'),
      p('Myndigheter har mycket data.', 'p1'),
      p('Data kan återanvändas av andra.', 'p2'),
      h(2, 'Licenser', 'h-licenser'),
      p('Vi rekommenderar CC0 för data.', 'p3'),
      p('Text ska ha CC BY 4.0.', 'p4'),
    );
    const diff = compare(draft, after);
    expect(diff.sections).toEqual([
      {
        type: 'moved',
        before: { index: 8, label: '3', level: 2, title: 'Avgifter', blockCount: 2 },
        after: { index: 2, label: '1', level: 2, title: 'Avgifter', blockCount: 2 },
        from: 8,
        to: 2,
      },
    ]);
    expect(outline(diff).filter((line) => line.startsWith('>'))).toEqual([
      '> 8→2 Avgifter',
      '> 9→3 Avgifter tas normalt inte ut.',
    ]);
    expect(diff.summary).toMatchObject({ sectionsMoved: 1, paragraphsMoved: 2, wordsAdded: 0 });
  });

  it('reports a section that was both moved and renamed as both', () => {
    const after = doc(
      h(1, 'Vägledning för öppna data', 'title'),
      p('Inledning om vägledningen.', 'intro'),
      h(2, 'Avgifter och kostnader', 'h-avgifter'),
      p('Avgifter tas normalt inte ut.', 'p5'),
      h(2, 'Bakgrund', 'h-bakgrund'),
      p('Myndigheter har mycket data.', 'p1'),
      p('Data kan återanvändas av andra.', 'p2'),
      h(2, 'Licenser', 'h-licenser'),
      p('Vi rekommenderar CC0 för data.', 'p3'),
      p('Text ska ha CC BY 4.0.', 'p4'),
    );
    const diff = compare(draft, after);
    expect(diff.sections).toMatchObject([
      {
        type: 'renamed',
        before: { title: 'Avgifter' },
        after: { title: 'Avgifter och kostnader' },
      },
      { type: 'moved', before: { label: '3' }, after: { label: '1' }, from: 8, to: 2 },
    ]);
  });

  it('reports a moved section once, not once more for each subsection', () => {
    const before = doc(
      h(2, 'A', 'a'),
      p('Text i A.', 'pa'),
      h(3, 'A1', 'a1'),
      p('Text i A1.', 'pa1'),
      h(2, 'B', 'b'),
      p('Text i B som är längre än de andra styckena tillsammans.', 'pb'),
    );
    const after = doc(
      h(2, 'B', 'b'),
      p('Text i B som är längre än de andra styckena tillsammans.', 'pb'),
      h(2, 'A', 'a'),
      p('Text i A.', 'pa'),
      h(3, 'A1', 'a1'),
      p('Text i A1.', 'pa1'),
    );
    const diff = compare(before, after);
    expect(diff.sections).toMatchObject([
      { type: 'moved', before: { title: 'A', blockCount: 4 }, from: 0, to: 2 },
    ]);
  });

  it('compares list items one by one, and sees a reordered item as moved', () => {
    const before = doc(
      p('Vi föreslår:', 'intro'),
      bullets(
        li('Öppna data som standard.', 'i1'),
        li('Fria licenser.', 'i2'),
        li('Inga avgifter.', 'i3'),
      ),
    );
    const after = doc(
      p('Vi föreslår:', 'intro'),
      bullets(
        li('Inga avgifter.', 'i3'),
        li('Öppna data som standard.', 'i1'),
        li('Fria och öppna licenser.', 'i2'),
        li('Ny punkt.', 'i4'),
      ),
    );
    const diff = compare(before, after);
    expect(outline(diff)).toEqual([
      '= ¶1 Vi föreslår:',
      '> 3→1 Inga avgifter.',
      '= ¶2 Öppna data som standard.',
      '~ ¶2→¶2 Fria {+och öppna +}licenser.',
      '+ ¶2 Ny punkt.',
    ]);
    expect(diff.blocks[1]).toMatchObject({
      before: { kind: 'listItem', ancestors: ['bulletList', 'listItem'] },
    });
  });

  it('compares table cells one by one', () => {
    const before = doc(
      table(
        row(cell('Begrepp', 'c1'), cell('Förklaring', 'c2')),
        row(cell('CC0', 'c3'), cell('Avstående från upphovsrätt.', 'c4')),
      ),
    );
    const after = doc(
      table(
        row(cell('Begrepp', 'c1'), cell('Förklaring', 'c2')),
        row(cell('CC0', 'c3'), cell('Avstående från all upphovsrätt.', 'c4')),
        row(cell('CC BY', 'c5'), cell('Erkännande.', 'c6')),
      ),
    );
    const diff = compare(before, after);
    expect(outline(diff)).toEqual([
      '= ¶1 Begrepp',
      '= ¶1 Förklaring',
      '= ¶1 CC0',
      '~ ¶1→¶1 Avstående från {+all +}upphovsrätt.',
      '+ ¶1 CC BY',
      '+ ¶1 Erkännande.',
    ]);
    expect(diff.blocks[3]).toMatchObject({ after: { kind: 'tableCell' } });
  });

  it('flags a change of formatting alone', () => {
    const before = doc(p('Data ska vara öppna.', 'a'), h(3, 'Rubrik', 'b'), p('Blir rubrik.', 'c'));
    const after = doc(
      p([text('Data ska vara '), text('öppna', ['bold']), text('.')], 'a'),
      h(2, 'Rubrik', 'b'),
      h(3, 'Blir rubrik.', 'c'),
    );
    const diff = compare(before, after);
    expect(
      diff.blocks.map((change) =>
        change.type === 'changed'
          ? {
              formattingOnly: change.formattingOnly,
              level: [change.before.level, change.after.level],
            }
          : change.type,
      ),
    ).toEqual([
      { formattingOnly: true, level: [null, null] },
      { formattingOnly: true, level: [3, 2] },
      { formattingOnly: true, level: [null, 3] },
    ]);
    expect(diff.summary).toMatchObject({ paragraphsReformatted: 3, paragraphsChanged: 0 });
  });

  it('counts a hard line break as text', () => {
    const before = doc(p('Rad ett rad två', 'a'));
    const after = doc(p([text('Rad ett'), { type: 'hardBreak' }, text('rad två')], 'a'));
    expect(outline(compare(before, after))).toEqual(['~ ¶1→¶1 Rad ett[- -]{+\n+}rad två']);
  });

  it('matches a duplicated id only once', () => {
    const before = doc(p('Ett stycke.', 'same'), p('Ett annat stycke.', 'same'));
    const after = doc(p('Ett stycke.', 'same'), p('Ett annat stycke.', 'same'));
    const diff = compare(before, after);
    expect(diff.blocks.map((change) => change.type)).toEqual(['unchanged', 'unchanged']);
  });

  it('accounts for every block on both sides, on seeded random edits and moves', () => {
    const strip = (node: JSONContent): JSONContent => ({
      ...node,
      ...(node.attrs ? { attrs: { ...node.attrs, id: null } } : {}),
      ...(node.content ? { content: node.content.map(strip) } : {}),
    });
    for (let seed = 1; seed <= 60; seed += 1) {
      const random = seededRandom(seed);
      const before = syntheticDocument({
        random,
        paragraphs: 5 + random.int(40),
        wordsPerParagraph: 12,
      });
      const edited = editDocument(before, random, random.next()).doc;
      const content = [...(edited.content ?? [])];
      for (let moves = random.int(4); moves > 0 && content.length > 1; moves -= 1) {
        const [block] = content.splice(random.int(content.length), 1);
        if (block) content.splice(random.int(content.length + 1), 0, block);
      }
      const after = { ...edited, content };
      const pairs = random.chance(0.3) ? [strip(before), strip(after)] : [before, after];
      const [left = before, right = after] = pairs;
      try {
        compare(left, right);
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`, { cause: error });
      }
    }
  });

  it('diffs a 200-page draft with 5% of its paragraphs edited (seeded)', () => {
    const seed = 20_251_006;
    const before = syntheticDocument({ random: seededRandom(seed), paragraphs: 2_000 });
    const { doc: after, edits } = editDocument(before, seededRandom(seed + 1), 0.05);
    const diff = compare(before, after);
    const { summary } = diff;
    expect(summary.paragraphsInserted, `seed ${seed}`).toBe(edits.inserted + edits.split);
    expect(summary.paragraphsDeleted, `seed ${seed}`).toBe(edits.deleted);
    expect(summary.paragraphsChanged + summary.paragraphsReformatted, `seed ${seed}`).toBe(
      edits.edited + edits.split,
    );
    expect(summary.paragraphsMoved, `seed ${seed}`).toBe(0);
    expect(summary.wordsAdded, `seed ${seed}`).toBeGreaterThan(0);
  });

  it('diffs the same draft without any block ids nearly as well (seeded)', () => {
    const seed = 20_251_007;
    const strip = (node: JSONContent): JSONContent => ({
      ...node,
      ...(node.attrs ? { attrs: { ...node.attrs, id: null } } : {}),
      ...(node.content ? { content: node.content.map(strip) } : {}),
    });
    const withIds = syntheticDocument({ random: seededRandom(seed), paragraphs: 2_000 });
    const { doc: editedWithIds, edits } = editDocument(withIds, seededRandom(seed + 1), 0.05);
    const diff = compare(strip(withIds), strip(editedWithIds));
    const touched = edits.edited + edits.inserted + edits.deleted + 2 * edits.split;
    const reported = diff.blocks.filter((change) => change.type !== 'unchanged').length;
    expect(reported, `seed ${seed}`).toBeGreaterThanOrEqual(touched - edits.split);
    expect(reported, `seed ${seed}`).toBeLessThanOrEqual(touched + 10);
  });
});
