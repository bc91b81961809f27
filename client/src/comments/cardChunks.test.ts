import { describe, expect, it } from 'vitest';
import {
  CARD_CHUNK_MAX,
  CARD_CHUNK_TARGET,
  FIRST_CHUNK_KEY,
  cardChunks,
  isChunkBoundary,
} from './cardChunks.ts';

const ids = (count: number, prefix = 'thread') =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

/** Which chunk key each id is drawn in. */
function chunkOf(list: readonly string[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const chunk of cardChunks(list)) {
    for (let index = chunk.start; index < chunk.end; index += 1) {
      const id = list[index];
      if (id !== undefined) owner.set(id, chunk.key);
    }
  }
  return owner;
}

describe('cardChunks', () => {
  it('covers every card once, in order, with unique keys', () => {
    const list = ids(2000);
    const chunks = cardChunks(list);
    expect(chunks[0]?.start).toBe(0);
    expect(chunks.at(-1)?.end).toBe(list.length);
    chunks.forEach((chunk, index) => {
      expect(chunk.end).toBeGreaterThan(chunk.start);
      expect(chunk.end - chunk.start).toBeLessThanOrEqual(CARD_CHUNK_MAX);
      if (index > 0) expect(chunk.start).toBe(chunks[index - 1]?.end);
    });
    expect(new Set(chunks.map((chunk) => chunk.key)).size).toBe(chunks.length);
  });

  it('makes about threads / target chunks, so the browser tracks tens, not thousands', () => {
    const count = cardChunks(ids(2000)).length;
    expect(count).toBeGreaterThan(2000 / CARD_CHUNK_TARGET / 2);
    expect(count).toBeLessThan((2000 / CARD_CHUNK_TARGET) * 2);
  });

  it('starts a chunk at a boundary thread, and keys the first chunk by position', () => {
    const list = ids(500);
    const chunks = cardChunks(list);
    expect(chunks[0]?.key).toBe(FIRST_CHUNK_KEY);
    for (const chunk of chunks.slice(1)) {
      const first = list[chunk.start];
      expect(first).toBe(chunk.key);
      const previous = chunks.find((other) => other.end === chunk.start);
      const cut = previous !== undefined && previous.end - previous.start === CARD_CHUNK_MAX;
      if (first !== undefined && !cut) expect(isChunkBoundary(first)).toBe(true);
    }
  });

  it('keeps every other card in its chunk when a thread that is no boundary is added', () => {
    const list = ids(1000);
    const before = chunkOf(list);
    const added = ids(200, 'new').find((id) => !isChunkBoundary(id));
    expect(added).toBeDefined();
    if (added === undefined) return;
    // Added at the top, in the middle and at the end.
    for (const at of [0, 500, list.length]) {
      const after = chunkOf([...list.slice(0, at), added, ...list.slice(at)]);
      const moved = list.filter((id) => after.get(id) !== before.get(id));
      // Only a cut of an overlong run can move cards; there is at most one such run here.
      expect(moved.length).toBeLessThanOrEqual(CARD_CHUNK_MAX);
      const ordinary = list.slice(0, Math.max(0, at - CARD_CHUNK_MAX));
      expect(ordinary.filter((id) => after.get(id) !== before.get(id))).toEqual([]);
    }
  });

  it('moves only the cards after an added boundary thread within its own chunk', () => {
    const list = ids(1000);
    const before = chunkOf(list);
    const boundary = ids(2000, 'new').find((id) => isChunkBoundary(id));
    expect(boundary).toBeDefined();
    if (boundary === undefined) return;
    const at = 500;
    const after = chunkOf([...list.slice(0, at), boundary, ...list.slice(at)]);
    const moved = list.filter((id) => after.get(id) !== before.get(id));
    // The moved cards are the ones after it in the chunk it split, and they now share its key.
    for (const id of moved) expect(after.get(id)).toBe(boundary);
    expect(moved.length).toBeLessThanOrEqual(CARD_CHUNK_MAX);
  });

  it('returns no chunk for no cards, and one for a few', () => {
    expect(cardChunks([])).toEqual([]);
    expect(cardChunks(['a', 'b'], CARD_CHUNK_TARGET, CARD_CHUNK_MAX)).toEqual([
      expect.objectContaining({ key: FIRST_CHUNK_KEY, start: 0 }),
      ...(isChunkBoundary('b') ? [{ key: 'b', start: 1, end: 2 }] : []),
    ]);
  });
});
