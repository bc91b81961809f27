/**
 * Cards per `content-visibility: auto` chunk, on average. Chromium tracks every such element
 * for visibility and hit testing on each frame a key paints; 2,000 cards each with its own cost
 * about 14 ms a key in intersection checks alone. In chunks of about 32 (one to two screens of
 * cards, like the margin's chunks) it tracks some 60.
 * @default 32
 */
export const CARD_CHUNK_TARGET = 32;

/**
 * The most cards one chunk may hold. Boundaries come from the threads' ids (see cardChunks), so
 * a run without one can be long; past this a chunk is cut anyway, or a single chunk on screen
 * would cost what a list without chunks does. Three times the target: a run is that long for
 * about one chunk in twenty.
 * @default 96
 */
export const CARD_CHUNK_MAX = 96;

/** The key of the chunk that starts the list, whatever thread comes first. */
export const FIRST_CHUNK_KEY = '^';

/** A run of consecutive cards drawn as one chunk. */
export interface CardChunk {
  /** React key: stays the same while the chunk keeps its first thread, so its cards stay mounted. */
  key: string;
  /** Index of the chunk's first card. */
  start: number;
  /** Index after its last card. */
  end: number;
}

/** FNV-1a, 32 bits: cheap, and spreads ids that differ in one character. */
function hash(id: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) {
    value ^= id.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** Whether a thread starts a chunk wherever it stands in the list (about one in `target`). */
export function isChunkBoundary(id: string, target: number = CARD_CHUNK_TARGET): boolean {
  return hash(id) % Math.max(1, Math.floor(target)) === 0;
}

/**
 * Splits the cards, in list order, into chunks. A React element that moves to another parent is
 * mounted anew, losing its state and focus, so boundaries must not shift when a thread is added
 * or removed: a chunk starts at a thread whose id says so (isChunkBoundary), not at every
 * `target`th card. Adding a thread then changes only the chunk it lands in; its cards move to a
 * new chunk only when the added thread is itself a boundary (one time in `target`), or when a
 * run longer than `max` is cut. The first chunk is keyed by position, so a thread added at the
 * top does not rename it.
 */
export function cardChunks(
  ids: readonly string[],
  target: number = CARD_CHUNK_TARGET,
  max: number = CARD_CHUNK_MAX,
): CardChunk[] {
  const most = Math.max(1, Math.floor(max));
  const chunks: CardChunk[] = [];
  ids.forEach((id, index) => {
    const current = chunks.at(-1);
    if (
      current === undefined ||
      isChunkBoundary(id, target) ||
      current.end - current.start >= most
    ) {
      chunks.push({
        key: current === undefined ? FIRST_CHUNK_KEY : id,
        start: index,
        end: index + 1,
      });
      return;
    }
    current.end = index + 1;
  });
  return chunks;
}
