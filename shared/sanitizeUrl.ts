/** URL schemes a link may use. Everything else (javascript:, data:, vbscript:, file: …) is dropped. */
export const ALLOWED_URL_SCHEMES = ['http', 'https', 'mailto'] as const;

// Browsers ignore ASCII control characters and whitespace inside a scheme ("java\tscript:"), so
// they are removed before the scheme is read; otherwise such spellings would slip through.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const IGNORED_BY_BROWSERS = /[\u0000-\u0020\u007f-\u009f]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Scheme characters plus what an HTML entity is made of ("&", "#", ";").
const SCHEME_CANDIDATE = /^[a-z0-9+.\-&#;]*/i;

/**
 * Returns the URL if it is safe to put in `href` or `src`, or `null` if it is not. Safe means an
 * absolute http(s) or mailto URL, or a relative reference (path, query or fragment). Every link in
 * the editor, in comments and in exports passes through here.
 */
export function sanitizeUrl(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const probe = trimmed.replace(IGNORED_BY_BROWSERS, '');
  // HTML entities inside an attribute are decoded before the scheme is read ("&#106;avascript:",
  // "javascript&colon;"). Look at the leading run that could spell a scheme once decoded, which
  // stops at the first "/", "?" or "#" of a relative reference, and refuse any entity in it.
  const schemeCandidate = SCHEME_CANDIDATE.exec(probe)?.[0] ?? '';
  if (/&#?[a-z0-9]+;?/i.test(schemeCandidate)) return null;
  const scheme = SCHEME.exec(probe);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    return (ALLOWED_URL_SCHEMES as readonly string[]).includes(name) ? trimmed : null;
  }
  // No scheme: a relative reference. "//host" is protocol-relative and leaves the site, which is
  // fine for http(s); a leading backslash is read as a slash by browsers, so refuse it.
  if (probe.startsWith('\\')) return null;
  return trimmed;
}
