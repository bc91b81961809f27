import type { JSONContent } from '@tiptap/core';
import type { SeededRandom } from '../random/seededRandom.ts';

// Words of a Swedish policy draft, with the tokens that are hard to split well: å ä ö é,
// hyphenated words, genitive colons, statute numbers and decimals.
const WORDS = wordList(`
  myndigheten myndigheterna kommunerna regionerna förvaltningen regeringen informationen
  uppgifterna personuppgifter öppna data datamängder ska bör kan får inte och att det den är för
  med av på i till om enligt lagen förordningen EU-direktivet e-tjänster åtgärder möjligheten
  tillgängliga vidareutnyttjande återanvändning offentliga sektorn kostnader avgifter licens CC0
  säkerhet sekretess förslaget bedömningen utredningen därför även när så långt möjligt DIGG:s
  PRV version 4.0 2019/1024 SFS 2009:400 år 2026 kapitel ändamål behörighet ansvar samverkan
  nätverket remissinstanserna synpunkter vägledningen café
`);

const HEADINGS = wordList(`
  Bakgrund Syfte Upphovsrätt Databasrätt Licenser Avgifter Sekretess Personuppgifter
  Rekommendationer Konsekvenser Ikraftträdande Ordlista
`);

/** Splits a whitespace-separated list; the lists above are never empty. */
function wordList(list: string): readonly [string, ...string[]] {
  const [first = '', ...rest] = list.trim().split(/\s+/u);
  return [first, ...rest];
}

/** A sentence of about `words` Swedish-looking words, capitalised and ending in a full stop. */
export function syntheticSentence(random: SeededRandom, words: number): string {
  const picked: string[] = [];
  for (let k = 0; k < words; k += 1) {
    const word = random.pick(WORDS);
    picked.push(k < words - 1 && random.chance(0.06) ? `${word},` : word);
  }
  const sentence = picked.join(' ');
  return `${sentence.charAt(0).toLocaleUpperCase('sv')}${sentence.slice(1)}.`;
}

/** A paragraph's text: sentences of 6 to 20 words until about `words` words. */
export function syntheticText(random: SeededRandom, words: number): string {
  const sentences: string[] = [];
  let written = 0;
  while (written < words) {
    const length = Math.min(words - written, 6 + random.int(15));
    sentences.push(syntheticSentence(random, length));
    written += length;
  }
  return sentences.join(' ');
}

/** Options for {@link syntheticDocument}. */
export interface SyntheticDocumentOptions {
  random: SeededRandom;
  /** Top-level non-heading blocks to write. A printed page holds about ten. */
  paragraphs: number;
  /**
   * Average words per paragraph.
   * @default 50
   */
  wordsPerParagraph?: number;
}

/**
 * A policy draft for tests and benchmarks: a title, numbered sections and subsections, and
 * paragraphs with some bold and italic text, bullet lists and tables, every block with an id.
 */
export function syntheticDocument(options: SyntheticDocumentOptions): JSONContent {
  const { random, paragraphs } = options;
  const wordsPerParagraph = options.wordsPerParagraph ?? 50;
  let nextId = 0;
  const id = () => `b${(nextId += 1)}`;
  const paragraph = (text: string): JSONContent => ({
    type: 'paragraph',
    attrs: { id: id() },
    content: formatted(random, text),
  });

  const content: JSONContent[] = [heading(1, 'Vägledning för öppna data', id())];
  for (let written = 0; written < paragraphs; written += 1) {
    if (written % 10 === 0) {
      const level = written % 30 === 0 ? 2 : 3;
      content.push(heading(level, random.pick(HEADINGS), id()));
    }
    const roll = random.next();
    const words = Math.max(1, Math.round(wordsPerParagraph * (0.5 + random.next())));
    if (roll < 0.04) {
      content.push({
        type: 'bulletList',
        content: [0, 1, 2].map(() => ({
          type: 'listItem',
          attrs: { id: id() },
          content: [paragraph(syntheticText(random, 4 + random.int(12)))],
        })),
      });
    } else if (roll < 0.05) {
      content.push(table(random, id, paragraph));
    } else {
      content.push(paragraph(syntheticText(random, words)));
    }
  }
  return { type: 'doc', content };
}

function heading(level: number, text: string, id: string): JSONContent {
  return { type: 'heading', attrs: { level, id }, content: [{ type: 'text', text }] };
}

function table(
  random: SeededRandom,
  id: () => string,
  paragraph: (text: string) => JSONContent,
): JSONContent {
  const row = (cell: 'tableHeader' | 'tableCell'): JSONContent => ({
    type: 'tableRow',
    content: [0, 1].map(() => ({
      type: cell,
      attrs: { id: id() },
      content: [paragraph(syntheticText(random, 2 + random.int(6)))],
    })),
  });
  return { type: 'table', content: [row('tableHeader'), row('tableCell'), row('tableCell')] };
}

/** Splits a text into text nodes, making about one paragraph in five partly bold or italic. */
function formatted(random: SeededRandom, text: string): JSONContent[] {
  const words = text.split(' ');
  if (words.length < 4 || !random.chance(0.2)) return [{ type: 'text', text }];
  const start = 1 + random.int(words.length - 3);
  const mark = random.chance(0.5) ? 'bold' : 'italic';
  return [
    { type: 'text', text: `${words.slice(0, start).join(' ')} ` },
    { type: 'text', text: words.slice(start, start + 2).join(' '), marks: [{ type: mark }] },
    { type: 'text', text: ` ${words.slice(start + 2).join(' ')}` },
  ];
}

/** What {@link editDocument} did, to check a diff against. */
export interface SyntheticEdits {
  edited: number;
  inserted: number;
  deleted: number;
  split: number;
}

/**
 * Edits a synthetic document the way an author revises a draft: in about `rate` of the top-level
 * paragraphs, words are replaced, added or removed; a few paragraphs are deleted, new ones
 * inserted (with new ids), and some split in two at a sentence (the first half keeps the id).
 */
export function editDocument(
  doc: JSONContent,
  random: SeededRandom,
  rate: number,
): { doc: JSONContent; edits: SyntheticEdits } {
  const edits: SyntheticEdits = { edited: 0, inserted: 0, deleted: 0, split: 0 };
  const content: JSONContent[] = [];
  let nextId = 0;
  for (const block of doc.content ?? []) {
    const text = block.type === 'paragraph' ? plainText(block) : null;
    if (text === null || !random.chance(rate)) {
      content.push(block);
      continue;
    }
    const kind = random.next();
    const attrs = block.attrs ?? {};
    if (kind < 0.6) {
      content.push({ ...block, content: [{ type: 'text', text: editWords(random, text) }] });
      edits.edited += 1;
    } else if (kind < 0.75) {
      edits.deleted += 1;
    } else if (kind < 0.9) {
      content.push(block, {
        type: 'paragraph',
        attrs: { id: `new-${(nextId += 1)}` },
        content: [{ type: 'text', text: syntheticText(random, 30) }],
      });
      edits.inserted += 1;
    } else {
      const cut = text.indexOf('. ', Math.floor(text.length / 3));
      if (cut === -1) {
        content.push(block);
        continue;
      }
      content.push(
        { type: 'paragraph', attrs, content: [{ type: 'text', text: text.slice(0, cut + 1) }] },
        {
          type: 'paragraph',
          attrs: { id: `new-${(nextId += 1)}` },
          content: [{ type: 'text', text: text.slice(cut + 2) }],
        },
      );
      edits.split += 1;
    }
  }
  return { doc: { ...doc, content }, edits };
}

function plainText(block: JSONContent): string {
  return (block.content ?? []).map((node) => node.text ?? '').join('');
}

/** Replaces, inserts or removes one to three words in a few places. */
function editWords(random: SeededRandom, text: string): string {
  const words = text.split(' ');
  const changes = 1 + random.int(3);
  for (let k = 0; k < changes && words.length > 2; k += 1) {
    const at = random.int(words.length);
    const roll = random.next();
    if (roll < 0.4) words[at] = random.pick(WORDS);
    else if (roll < 0.7) words.splice(at, 0, random.pick(WORDS), random.pick(WORDS));
    else words.splice(at, 1 + random.int(2));
  }
  return words.join(' ') || 'tom';
}
