/**
 * Shortens text to at most `max` characters for a slide: white space collapsed, cut at the last
 * word boundary that fits, and ended with "…" so the reader sees that something is left out.
 */
export function shortenText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, Math.max(1, max - 1));
  const space = room.lastIndexOf(' ');
  // A single very long word is cut where it must be; otherwise at the last whole word.
  const cut = space > max / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.–-]+$/, '')}…`;
}
