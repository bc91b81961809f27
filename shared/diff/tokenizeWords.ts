/**
 * One token of running text. The tokens of a string joined together give back the string exactly,
 * so a diff over tokens can always be turned back into both texts.
 */
export type Token = string;

// Letters, combining marks (a decomposed "å" is "a" plus a mark) and digits make up words.
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}]`;
// Hyphens and apostrophes join words ("EU-direktiv", "e-tjänst"); a colon joins Swedish
// genitives and statute numbers ("EU:s", "SFS 2009:400"); a point or comma joins digits only, so
// "4.0" and "3,5" stay one number while "slut. Nästa" is still split.
const JOINER = String.raw`(?:[-\u2010\u2011'\u2019:]|(?<=\p{N})[.,](?=\p{N}))`;
const WORD = `${WORD_CHAR}+(?:${JOINER}${WORD_CHAR}+)*`;
// Every code point matches one of the three branches, so the tokens always cover the whole text.
const TOKEN = new RegExp(String.raw`${WORD}|\s+|[^\s\p{L}\p{M}\p{N}]`, 'gsu');
const WORD_START = new RegExp(`^${WORD_CHAR}`, 'u');
const WHITESPACE_START = /^\s/u;

/**
 * Splits text into words, runs of whitespace, and single punctuation marks, for a word-level
 * diff that reads naturally in Swedish: "förvaltningslagen", "EU-direktiv", "EU:s" and "4.0" are
 * one token each, a comma or a full stop is its own token, and whitespace is kept as tokens so
 * that joining the tokens reproduces the text exactly.
 */
export function tokenizeWords(text: string): Token[] {
  return text.match(TOKEN) ?? [];
}

/**
 * Splits text into the units a word diff compares: each word or punctuation mark together with
 * the whitespace after it ("ska ", "frågan", ". "), and any whitespace at the very start on its
 * own. Comparing whitespace separately would double the work and match spaces everywhere; the
 * diff still reports whitespace-only changes, by splitting replaced units back into tokens.
 */
export function tokenizeUnits(text: string): string[] {
  const units: string[] = [];
  for (const token of tokenizeWords(text)) {
    const last = units.pop();
    // Whitespace runs are maximal tokens, so the previous unit never ends in whitespace already.
    if (last === undefined) units.push(token);
    else if (WHITESPACE_START.test(token)) units.push(last + token);
    else units.push(last, token);
  }
  return units;
}

/** Whether a token is a word or number (rather than whitespace or punctuation). */
export function isWordToken(token: Token): boolean {
  return WORD_START.test(token);
}

/**
 * Counts the words and numbers in a text, the way the diff summary counts words added and
 * removed: punctuation and whitespace do not count, a hyphenated word counts once.
 */
export function countWords(text: string): number {
  let count = 0;
  for (const token of tokenizeWords(text)) if (isWordToken(token)) count += 1;
  return count;
}
