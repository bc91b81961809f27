/*
 * XML 1.0 allows only TAB, LF, CR and the ranges U+0020–U+D7FF, U+E000–U+FFFD and
 * U+10000–U+10FFFF. Anything else (other control characters, lone surrogate halves, U+FFFE/FFFF)
 * makes the whole part unreadable to LibreOffice and Word, and user text can hold such
 * characters after a paste from another program. The `u` flag makes a lone surrogate one match.
 */
const ILLEGAL_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 does not allow at all, not even escaped. */
export function stripIllegalXmlChars(value: string): string {
  return value.replace(ILLEGAL_IN_XML, '');
}

/**
 * Escapes `value` for XML character data and for attribute values in double or single quotes:
 * `&`, `<`, `>`, `"` and `'` become entities and characters XML 1.0 forbids are dropped. Every
 * string a person typed passes through here before it reaches an ODF part, so no comment or
 * title can add markup to the package.
 */
export function escapeXml(value: string): string {
  return stripIllegalXmlChars(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
