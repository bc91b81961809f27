/**
 * Why a store could not be opened, in words an operator can act on. Start-up prints the message
 * and exits, rather than run on data it does not understand.
 */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}
