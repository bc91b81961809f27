import type { Encoding } from './compression.ts';

/** One JSON answer's text as bytes, and its compressed forms, made once however often it is sent. */
interface Prepared {
  raw: Buffer;
  compressed: Map<Encoding, Promise<Buffer>>;
}

/** Bodies marked with `shareJson`, and what was made of each the first time it was sent. */
const shared = new WeakMap<object, Prepared | null>();

/**
 * Marks `body` as one answer that many requests send as it is: the first `res.json` of it
 * (through `compressJson`) keeps its JSON text and each compressed form, and later ones send
 * those instead of serialising and compressing it again. On a large draft's thread list that is
 * 2 MB of JSON and its compression per participant of a workshop opening it together.
 *
 * The body is frozen (its top level: the API never changes an answer once made), since a later
 * change would not reach the kept text.
 */
export function shareJson<T extends object>(body: T): T {
  shared.set(body, null);
  return Object.freeze(body);
}

/**
 * The bytes of a body marked with `shareJson` (its JSON, made the first time), or null for any
 * other body.
 */
export function sharedJsonBytes(body: unknown): Prepared | null {
  if (typeof body !== 'object' || body === null || !shared.has(body)) return null;
  let prepared = shared.get(body) ?? null;
  if (!prepared) {
    prepared = { raw: Buffer.from(JSON.stringify(body), 'utf8'), compressed: new Map() };
    shared.set(body, prepared);
  }
  return prepared;
}

/** `prepared` compressed with `encoding`: made by `make` the first time, then kept. */
export function compressedOnce(
  prepared: Prepared,
  encoding: Encoding,
  make: (raw: Buffer) => Promise<Buffer>,
): Promise<Buffer> {
  let made = prepared.compressed.get(encoding);
  if (!made) {
    made = make(prepared.raw);
    prepared.compressed.set(encoding, made);
  }
  return made;
}
