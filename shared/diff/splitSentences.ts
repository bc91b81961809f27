// A sentence ends after a full stop, question mark, exclamation mark or ellipsis, any closing
// quotes or brackets ("…slut.”"), and the whitespace after them; or after a line break.
// Requiring whitespace keeps "4.0" and "2019/1024." in one piece at the end of a text.
const SENTENCE = /[^\n]*?(?:[.!?…]+["'”’»)\]]*\s+|\n\s*)|[^\n]+$/gsu;

/**
 * Splits text into sentences, for the coarser comparison of texts too long or too different to
 * compare word by word. The whitespace after a sentence stays with it, so joining the sentences
 * gives back the text exactly. Abbreviations such as "t.ex." end a sentence too, which only makes
 * the comparison slightly finer.
 */
export function splitSentences(text: string): string[] {
  return text.match(SENTENCE) ?? [];
}
