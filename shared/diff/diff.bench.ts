/**
 * Timings for the diff engine: `npx tsx shared/diff/diff.bench.ts`. Prints, does not assert:
 * timings depend on the machine, and a test that fails on a slow CI runner teaches nothing.
 */
import { diffDocuments } from './diffDocuments.ts';
import { diffWords } from './diffWords.ts';
import { seededRandom } from '../random/seededRandom.ts';
import { editDocument, syntheticDocument, syntheticText } from './syntheticDocument.ts';

// shared/ is compiled without DOM or Node types; both runtimes have these two globals.
declare const console: { log(...values: unknown[]): void };
declare const performance: { now(): number };

const SEED = 20_251_006;

/** Runs `work` a few times after a warm-up and reports the median, in milliseconds. */
function measure(name: string, work: () => string, runs = 5): void {
  work();
  const times: number[] = [];
  let note = '';
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    note = work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(`${name.padEnd(64)} ${median.toFixed(1).padStart(8)} ms  ${note}`);
}

/** Replaces about `rate` of the words of a text with others, in place. */
function reword(text: string, rate: number, seed: number): string {
  const random = seededRandom(seed);
  return text
    .split(' ')
    .map((word) => (random.chance(rate) ? syntheticText(random, 1).replace('.', '') : word))
    .join(' ');
}

const random = seededRandom(SEED);
const longParagraph = syntheticText(random, 10_000);
const lightlyEdited = reword(longParagraph, 0.05, SEED + 1);
const heavilyEdited = reword(longParagraph, 0.3, SEED + 2);
const unrelated = syntheticText(seededRandom(SEED + 3), 10_000);

console.log(`seed ${SEED}`);
measure('diffWords: 10,000 words, 5% of words replaced', () => {
  const { ops, granularity } = diffWords(longParagraph, lightlyEdited);
  return `${granularity}, ${ops.length} ops`;
});
measure('diffWords: 10,000 words, 30% of words replaced', () => {
  const { ops, granularity } = diffWords(longParagraph, heavilyEdited);
  return `${granularity}, ${ops.length} ops`;
});
measure('diffWords: two unrelated 10,000-word texts', () => {
  const { ops, granularity } = diffWords(longParagraph, unrelated);
  return `${granularity}, ${ops.length} ops`;
});
measure('diffWords: one word changed in a 10,000-word text', () => {
  const { granularity } = diffWords(longParagraph, longParagraph.replace('ska', 'bör'));
  return granularity;
});

const draft = syntheticDocument({ random: seededRandom(SEED + 4), paragraphs: 2_000 });
const { doc: revised, edits } = editDocument(draft, seededRandom(SEED + 5), 0.05);
measure('diffDocuments: 2,000 paragraphs, 5% edited', () => {
  const { summary } = diffDocuments(draft, revised);
  return `+${summary.wordsAdded}/-${summary.wordsRemoved} words, ${summary.paragraphsChanged} changed, ${summary.paragraphsInserted} inserted, ${summary.paragraphsDeleted} deleted (edits: ${JSON.stringify(edits)})`;
});
measure('diffDocuments: 2,000 paragraphs, identical', () => {
  const { summary } = diffDocuments(draft, draft);
  return `${summary.paragraphsChanged} changed`;
});

const rewritten = syntheticDocument({ random: seededRandom(SEED + 6), paragraphs: 2_000 });
measure('diffDocuments: 2,000 paragraphs, every one rewritten (same ids)', () => {
  const { summary } = diffDocuments(draft, rewritten);
  return `${summary.paragraphsChanged} changed, ${summary.paragraphsComparedCoarsely} coarse`;
});

const withoutIds = (node: { attrs?: Record<string, unknown>; content?: unknown[] }): unknown => ({
  ...node,
  ...(node.attrs ? { attrs: { ...node.attrs, id: null } } : {}),
  ...(node.content
    ? { content: node.content.map((child) => withoutIds(child as typeof node)) }
    : {}),
});
measure('diffDocuments: 2,000 paragraphs, 5% edited, no block ids', () => {
  const { summary } = diffDocuments(
    withoutIds(draft) as typeof draft,
    withoutIds(revised) as typeof revised,
  );
  return `${summary.paragraphsChanged} changed, ${summary.paragraphsInserted} inserted, ${summary.paragraphsDeleted} deleted, ${summary.paragraphsMoved} moved`;
});
