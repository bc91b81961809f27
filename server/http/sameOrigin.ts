/**
 * Whether a browser's Origin header names this server: the host the request was sent to (over
 * http or https, since a TLS proxy may sit in front), or one of the configured public origins.
 * Used for cookie-authenticated requests and for the collaboration socket's upgrade, where a
 * page on another site must not act with the user's session.
 */
export function isSameOrigin(
  origin: string,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) {
    return true;
  }
  return allowedOrigins.includes(origin);
}
