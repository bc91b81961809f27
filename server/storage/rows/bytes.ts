/**
 * A plain Uint8Array copy of a BLOB (SQLite) or BYTEA (PostgreSQL) value. Both drivers return a
 * Buffer, often a view into a pool they reuse; callers and Yjs should not hold on to it.
 */
export function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}

/** A Buffer over exactly the bytes of `data`, even when it is a view into a larger buffer. */
export function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
