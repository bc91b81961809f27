import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { SLIDE_MAX_SPOTLIGHT, SLIDE_NOTES_MAX_QUOTES } from '../limits.ts';
import { blockLabels } from './blockLabels.ts';
import { buildSlides, type BuildSlidesInput } from './buildSlides.ts';
import type { SlideThreadInput } from './slideTypes.ts';
import { notesLines, slideTitle } from './slideWords.ts';
import { translate } from '../i18n/translate.ts';

const t = (key: Parameters<typeof translate>[1], values?: Parameters<typeof translate>[2]) =>
  translate('sv', key, values);

const heading = (id: string, level: number, text: string): JSONContent => ({
  type: 'heading',
  attrs: { id, level },
  content: [{ type: 'text', text }],
});
const paragraph = (id: string, text: string): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content: [{ type: 'text', text }],
});

/**
 * A small draft: a title, an introduction, section 1 with a subsection 1.1, section 2 with a list
 * and subsections 2.1 and 2.2.
 */
const content: JSONContent = {
  type: 'doc',
  content: [
    heading('h0', 1, 'Vägledning'),
    paragraph('p0', 'Inledande text om öppna licenser.'),
    heading('h1', 2, 'Syfte'),
    paragraph('p1', 'Vägledningen förklarar licenser.'),
    heading('h11', 3, 'Omfattning'),
    paragraph('p11', 'Den gäller myndigheter.'),
    heading('h2', 2, 'Licenser'),
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          attrs: { id: 'li1' },
          content: [paragraph('li1p', 'CC0 för data')],
        },
        {
          type: 'listItem',
          attrs: { id: 'li2' },
          content: [
            paragraph('li2p', 'CC BY för text'),
            {
              type: 'bulletList',
              content: [
                {
                  type: 'listItem',
                  attrs: { id: 'li3' },
                  content: [paragraph('li3p', 'och bild')],
                },
              ],
            },
          ],
        },
      ],
    },
    heading('h21', 3, 'Kod'),
    paragraph('p21', 'EUPL för programvara.'),
    heading('h22', 3, 'Märkning'),
    paragraph('p22', 'Märk allt material tydligt.'),
  ],
};

let serial = 0;
function thread(
  blockId: string | null,
  overrides: Partial<SlideThreadInput> = {},
): SlideThreadInput {
  serial += 1;
  return {
    id: `t${serial}`,
    blockId,
    status: 'open',
    stance: 'question',
    quote: `citat ${serial}`,
    author: { name: 'Åsa Öberg', organisation: 'Länsstyrelsen' },
    opening: 'Gäller detta även kommuner?',
    replies: 0,
    ...overrides,
  };
}

function input(overrides: Partial<BuildSlidesInput> = {}): BuildSlidesInput {
  return {
    title: 'Vägledning om öppna licenser',
    content,
    labels: blockLabels(content),
    threads: [],
    level: 2,
    spotlight: [],
    ...overrides,
  };
}

describe('buildSlides', () => {
  it('makes a title slide, an introduction and one slide per level-2 section', () => {
    const deck = buildSlides(input());
    expect(deck.slides.map((slide) => slideTitle(slide, t))).toEqual([
      'Vägledning om öppna licenser',
      'Inledning',
      '1 Syfte',
      '2 Licenser',
    ]);
    // The subsection stays inside its section's slide, with its number.
    const syfte = deck.slides[2];
    expect(syfte?.blocks).toEqual([
      { kind: 'paragraph', label: '1 ¶1', text: 'Vägledningen förklarar licenser.' },
      { kind: 'heading', label: '1.1', level: 3, text: 'Omfattning' },
      { kind: 'paragraph', label: '1.1 ¶1', text: 'Den gäller myndigheter.' },
    ]);
    expect(deck.slides[3]?.blocks[0]).toEqual({
      kind: 'list',
      label: '2 ¶1',
      ordered: false,
      items: [
        { depth: 0, text: 'CC0 för data' },
        { depth: 0, text: 'CC BY för text' },
        { depth: 1, text: 'och bild' },
      ],
    });
  });

  it('makes one slide per subsection at level 3', () => {
    const deck = buildSlides(input({ level: 3 }));
    expect(deck.slides.map((slide) => slideTitle(slide, t))).toEqual([
      'Vägledning om öppna licenser',
      'Inledning',
      '1 Syfte',
      '1.1 Omfattning',
      '2 Licenser',
      '2.1 Kod',
      '2.2 Märkning',
    ]);
    expect(deck.slides[3]?.blocks).toEqual([
      { kind: 'paragraph', label: '1.1 ¶1', text: 'Den gäller myndigheter.' },
    ]);
  });

  it('counts threads per section, open and total, and grades heat against the busiest', () => {
    const threads = [
      thread('p1'),
      thread('p11', { status: 'resolved' }),
      thread('h1'),
      thread('li3p'),
      thread('p22'),
      thread('p22'),
      thread('p22', { status: 'resolved' }),
      thread('p22'),
      thread(null),
    ];
    const level2 = buildSlides(input({ threads }));
    const counts = level2.slides.map((slide) => [slide.comments.open, slide.comments.total]);
    // Title: all nine; intro none; section 1: three (one resolved); section 2: five (one resolved).
    expect(counts).toEqual([
      [7, 9],
      [0, 0],
      [2, 3],
      [4, 5],
    ]);
    expect(level2.slides.map((slide) => slide.heat)).toEqual([0, 0, 3, 4]);
    expect(level2.slides[0]?.notes.removedText).toBe(1);

    const level3 = buildSlides(input({ threads, level: 3 }));
    expect(level3.slides.map((slide) => slide.comments.total)).toEqual([9, 0, 2, 1, 1, 0, 4]);
    // One comment against a busiest of four is still visible heat.
    expect(level3.slides.map((slide) => slide.heat)).toEqual([0, 0, 2, 1, 1, 0, 4]);
  });

  it('divides a long section over several slides and keeps every block', () => {
    const long: JSONContent = {
      type: 'doc',
      content: [
        heading('a', 2, 'Långt avsnitt'),
        ...Array.from({ length: 7 }, (_, index) =>
          paragraph(`p${index}`, `Stycke ${index + 1} om upphovsrätt och databasrätt.`),
        ),
        paragraph(
          'huge',
          Array.from({ length: 12 }, (_, i) => `Mening ${i + 1} är lång nog.`).join(' '),
        ),
      ],
    };
    const deck = buildSlides(
      input({
        content: long,
        labels: blockLabels(long),
        capacity: { blocks: 3, characters: 120 },
        threads: [thread('p6'), thread('huge')],
      }),
    );
    const sections = deck.slides.slice(1);
    expect(sections.length).toBeGreaterThan(3);
    const count = sections.length;
    expect(sections.map((slide) => slideTitle(slide, t))).toEqual(
      sections.map((_, index) => `1 Långt avsnitt (${index + 1}/${count})`),
    );
    for (const slide of sections) {
      expect(slide.blocks.length).toBeLessThanOrEqual(3);
      // Every part shows the whole section's count.
      expect(slide.comments).toEqual({ open: 2, total: 2 });
    }
    // The long paragraph is divided by sentences under its own number; no text is lost.
    const huge = sections
      .flatMap((slide) => slide.blocks)
      .filter((block) => block.label === '1 ¶8')
      .map((block) => (block.kind === 'paragraph' ? block.text : ''));
    expect(huge.length).toBeGreaterThan(1);
    expect(huge.every((text) => text.length <= 120)).toBe(true);
    expect(huge.join(' ')).toBe(
      Array.from({ length: 12 }, (_, i) => `Mening ${i + 1} är lång nog.`).join(' '),
    );
    const texts = sections.flatMap((slide) => slide.blocks).map((block) => block.label);
    expect(new Set(texts).size).toBe(8);
  });

  it('moves a sub-heading that would end a slide to the next one, with its text', () => {
    const deck = buildSlides(input({ capacity: { blocks: 2, characters: 10_000 } }));
    const section1 = deck.slides.filter((slide) => slide.number === '1');
    expect(section1.map((slide) => slide.blocks.map((block) => block.label))).toEqual([
      ['1 ¶1'],
      ['1.1', '1.1 ¶1'],
    ]);
  });

  it('puts spotlighted threads on the slide of their block, capped, with the rest in the notes', () => {
    const picked = [thread('p21'), thread('p21'), thread('p21'), thread('p21'), thread('p1')];
    const others = [thread('p22', { stance: 'object' }), thread('p22', { stance: null })];
    const deck = buildSlides(
      input({
        threads: [...picked, ...others],
        spotlight: [...picked.map((entry) => entry.id), 'no-such-thread'],
      }),
    );
    const section2 = deck.slides[3];
    expect(section2?.spotlight.map((entry) => entry.id)).toEqual(
      picked.slice(0, SLIDE_MAX_SPOTLIGHT).map((entry) => entry.id),
    );
    expect(section2?.spotlightMore).toBe(4 - SLIDE_MAX_SPOTLIGHT);
    expect(section2?.notes.spotlight).toHaveLength(4);
    expect(section2?.spotlight[0]?.label).toBe('2.1 ¶1');
    expect(deck.slides[2]?.spotlight.map((entry) => entry.id)).toEqual([picked[4]?.id]);
    expect(deck.slides[1]?.spotlight).toEqual([]);
  });

  it('summarises the comments in the presenter notes, with shortened quotes', () => {
    const longQuote = 'Upphovsrätten till material som myndigheten '.repeat(10);
    const threads = [
      thread('p21', { stance: 'support', status: 'resolved' }),
      thread('p21', { stance: 'object', quote: longQuote }),
      thread('p22', { stance: 'object' }),
      thread('p22', { stance: null }),
      ...Array.from({ length: SLIDE_NOTES_MAX_QUOTES }, () => thread('p22')),
    ];
    const deck = buildSlides(input({ threads, spotlight: [threads[2]?.id ?? ''] }));
    const notes = deck.slides[3]?.notes;
    expect(notes?.total).toBe(threads.length);
    expect(notes?.open).toBe(threads.length - 1);
    expect(notes?.resolved).toBe(1);
    expect(notes?.byStance).toEqual([
      { stance: 'support', count: 1 },
      { stance: 'object', count: 2 },
      { stance: 'question', count: SLIDE_NOTES_MAX_QUOTES },
      { stance: null, count: 1 },
    ]);
    expect(notes?.spotlight.map((entry) => entry.id)).toEqual([threads[2]?.id]);
    expect(notes?.quotes).toHaveLength(SLIDE_NOTES_MAX_QUOTES);
    const shortened = notes?.quotes[0]?.quote ?? '';
    expect(shortened.endsWith('…')).toBe(true);
    expect(shortened.length).toBeLessThan(longQuote.length);
    expect(notes?.moreOpen).toBe(threads.length - 2 - SLIDE_NOTES_MAX_QUOTES);
    const lines = notes === undefined ? [] : notesLines(notes, t);
    expect(lines[0]).toBe(
      t('presentation.notes.counts', {
        total: threads.length,
        open: threads.length - 1,
        resolved: 1,
      }),
    );
    expect(lines[1]).toBe(
      t('presentation.notes.stances', {
        list: `Stöder: 1, Invänder: 2, Fråga: ${SLIDE_NOTES_MAX_QUOTES}, Inget ställningstagande: 1`,
      }),
    );
    const quiet = buildSlides(input()).slides[2];
    expect(quiet && notesLines(quiet.notes, t)).toEqual([t('presentation.notes.none')]);
  });
});
