/**
 * How many margin entries share one `content-visibility: auto` chunk. Chromium walks every
 * rendered box of the page at pre-paint on each frame a key paints; a 2,000-block draft's margin
 * is some 14,000 boxes, and a skipped chunk is one. A chunk of 32 entries is one to two screens
 * of text, so about three chunks are rendered at a time, and the browser tracks some 60 chunks
 * for visibility instead of 2,000 entries.
 * @default 32
 */
export const MARGIN_CHUNK_ENTRIES = 32;

/** A run of consecutive margin entries drawn as one chunk. */
export interface MarginChunk {
  /** Index of the chunk's first entry. */
  start: number;
  /** Index after its last entry. */
  end: number;
  /** Pixels the chunk's entries take in flow: their gaps and heights. */
  height: number;
}

/**
 * Splits the margin's entries into chunks of `size`, with the height each chunk's entries take
 * when they flow with the given gaps (marginGaps.ts). The height is what a skipped chunk is
 * given as its intrinsic size, so the chunks below it stay level with their blocks whether it is
 * rendered or not. Never negative, as a box cannot be; blocks follow one another down the page,
 * so a chunk's entries never end above where they start.
 */
export function marginChunks(
  gaps: readonly number[],
  heights: readonly number[],
  size: number = MARGIN_CHUNK_ENTRIES,
): MarginChunk[] {
  const step = Math.max(1, Math.floor(size));
  const chunks: MarginChunk[] = [];
  for (let start = 0; start < gaps.length; start += step) {
    const end = Math.min(gaps.length, start + step);
    let height = 0;
    for (let index = start; index < end; index += 1) {
      height += (gaps[index] ?? 0) + (heights[index] ?? 0);
    }
    chunks.push({ start, end, height: Math.max(0, height) });
  }
  return chunks;
}
