import type { CloseEvent } from '../../shared/closeCodes.ts';

/**
 * An Error carrying a named close code. Hocuspocus reads `code` and `reason` from whatever a hook
 * throws: it closes the connection with them, or sends `reason` as the permission-denied message
 * during authentication.
 */
export class CloseError extends Error implements CloseEvent {
  override name = 'CloseError';
  readonly code: number;
  readonly reason: string;

  constructor(event: CloseEvent) {
    super(event.reason);
    this.code = event.code;
    this.reason = event.reason;
  }
}
