/**
 * Tells the inbox in the header that the server reported a change to it. The message arrives on
 * the open document's collaboration socket, which the header does not hold; this small event
 * target carries it across without threading a callback through every page.
 */
const inboxEvents = new EventTarget();
const CHANGED = 'changed';

/** Reports that the signed-in user's inbox changed. */
export function notifyInboxChanged(): void {
  inboxEvents.dispatchEvent(new Event(CHANGED));
}

/** Calls `listener` whenever the inbox changes; returns the function that stops it. */
export function onInboxChanged(listener: () => void): () => void {
  inboxEvents.addEventListener(CHANGED, listener);
  return () => inboxEvents.removeEventListener(CHANGED, listener);
}
