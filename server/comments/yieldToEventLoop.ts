/**
 * Resolves once the event loop has gone round: sockets' messages and other requests that
 * arrived meanwhile are handled before the caller goes on. Long CPU-bound work (a large draft's
 * thread list) calls it between its phases, so that no phase stalls every socket on the server
 * for the whole request.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
