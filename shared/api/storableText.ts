import { z } from 'zod';

/**
 * U+0000, the NUL character. SQLite stores it inside text, PostgreSQL refuses it in every text
 * value ("invalid byte sequence for encoding UTF8: 0x00"), so text holding it would be saved on
 * one store and fail with a 500 on the other. No one writes it on purpose: it comes from a
 * broken client, a binary paste or a damaged file. So the API refuses it in every text a person
 * writes, on both stores alike, before anything is stored.
 */
export const NUL_CHARACTER = '\u0000';

/** The message of the 400 for text holding U+0000. */
export const NUL_REFUSED_MESSAGE = 'The text must not contain the NUL character (U+0000).';

/** True when `text` can be stored as it is on every store (it holds no U+0000). */
export function isStorableText(text: string): boolean {
  return !text.includes(NUL_CHARACTER);
}

/**
 * `text` without its U+0000 characters. For imported files, which may hold them (a damaged file,
 * UTF-16 text read as UTF-8) and are worth keeping: the character is never text a person meant.
 */
export function withoutNul(text: string): string {
  return text.replaceAll(NUL_CHARACTER, '');
}

/**
 * `z.string()` that refuses U+0000 with {@link NUL_REFUSED_MESSAGE}. Every request schema uses
 * it for text a person writes (names, titles, comments, quotes, proposals, reasons, version
 * names and notes), and chains its own trimming and length limits after it.
 */
export function storableString(): z.ZodString {
  return z.string().refine(isStorableText, NUL_REFUSED_MESSAGE);
}
