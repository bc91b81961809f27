/**
 * Caret and presence colours. Each has at least 4.5:1 contrast with white, so a name label in
 * white text on the colour meets WCAG 2.1 AA, and each is distinct from its neighbours.
 */
export const USER_COLORS = [
  '#0b57d0',
  '#b3261e',
  '#146c2e',
  '#8e24aa',
  '#006874',
  '#9c2160',
  '#5b4ba0',
  '#8a4b00',
] as const;

/** A stable colour for a user, so the same person has the same colour in every session. */
export function userColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return USER_COLORS[hash % USER_COLORS.length] ?? USER_COLORS[0];
}
