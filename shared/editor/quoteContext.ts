/**
 * How many characters of text before and after a passage are kept as its prefix and suffix.
 * Enough to tell repeated phrases apart in a policy draft, short enough to store with every
 * thread; Hypothesis uses the same order of magnitude.
 * @default 32
 */
export const QUOTE_CONTEXT_LENGTH = 32;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * The W3C TextQuoteSelector context of `text.slice(from, to)`: up to
 * {@link QUOTE_CONTEXT_LENGTH} characters on each side. A cut that would split a surrogate pair
 * (an emoji) drops the lone half, so the context is always valid text.
 */
export function quoteContext(
  text: string,
  from: number,
  to: number,
): { prefix: string; suffix: string } {
  let prefixStart = Math.max(0, from - QUOTE_CONTEXT_LENGTH);
  if (prefixStart > 0 && prefixStart < from && isLowSurrogate(text.charCodeAt(prefixStart))) {
    prefixStart += 1;
  }
  let suffixEnd = Math.min(text.length, to + QUOTE_CONTEXT_LENGTH);
  if (
    suffixEnd > to &&
    suffixEnd < text.length &&
    isHighSurrogate(text.charCodeAt(suffixEnd - 1))
  ) {
    suffixEnd -= 1;
  }
  return { prefix: text.slice(prefixStart, from), suffix: text.slice(to, suffixEnd) };
}
