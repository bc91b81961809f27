/**
 * RFC 5987 `attr-char`s other than letters and digits: what may stand unencoded in `filename*`.
 * `encodeURIComponent` leaves `' ( ) *` alone too, but those are not attr-chars.
 */
const RFC5987_UNRESERVED = /[!#$&+.^_`|~-]/;

function encodeRfc5987(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte);
    out +=
      /[A-Za-z0-9]/.test(char) || RFC5987_UNRESERVED.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The plain-ASCII stand-in for a file name, for clients that do not read `filename*`: accents
 * are dropped ("å" becomes "a", "é" becomes "e"), and anything else outside `A-Z a-z 0-9 . _ -`
 * becomes "-". The result needs no quoting or escaping inside `filename="…"`, so a name can never
 * break out of the header.
 */
export function asciiFilename(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/-\./g, '.')
    .replace(/^[-.]+|-+$/g, '');
  return ascii === '' ? 'download' : ascii;
}

/**
 * A `Content-Disposition` header that makes the browser download the response as `filename`:
 * `attachment; filename="<ASCII stand-in>"; filename*=UTF-8''<percent-encoded name>`. Browsers
 * that understand RFC 6266 use `filename*` and keep "å", "ä" and "ö"; older clients fall back
 * to the ASCII name.
 */
export function attachmentDisposition(filename: string): string {
  return `attachment; filename="${asciiFilename(filename)}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}
