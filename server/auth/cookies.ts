/** Name of the session cookie. */
export const SESSION_COOKIE = 'remiss_session';

/** Reads one cookie from a Cookie header, or null. Values are URL-decoded. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The Set-Cookie value for a session: httpOnly so scripts cannot read it, SameSite=Lax so other
 * sites cannot send it with their requests, Secure whenever the site is served over https.
 */
export function sessionCookie(
  token: string,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** The Set-Cookie value that deletes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}
