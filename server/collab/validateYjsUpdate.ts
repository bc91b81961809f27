import * as decoding from 'lib0/decoding';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { MAX_YJS_ANY_DEPTH, MAX_YJS_CLOCK } from '../../shared/limits.ts';

/** Why an update was refused; logged, never sent to the client. */
export type UpdateProblem =
  | 'malformed'
  | 'count-exceeds-bytes'
  | 'clock-too-large'
  | 'foreign-root'
  | 'content-not-allowed'
  | 'type-not-allowed'
  | 'nesting-too-deep'
  | 'trailing-bytes';

/** The result of {@link validateYjsUpdate}. */
export type UpdateCheck = { ok: true } | { ok: false; problem: UpdateProblem };

class Refused extends Error {
  constructor(readonly problem: UpdateProblem) {
    super(problem);
  }
}

// Item content kinds (the low five bits of a struct's info byte) that the editor's binding
// (y-prosemirror, through y-tiptap) writes: deleted runs, text, formatting marks, XML elements
// and text nodes, and attribute values. JSON (2, deprecated), binary (3) and subdocuments (9)
// never occur in this document; embeds (5) neither.
const CONTENT_DELETED = 1;
const CONTENT_STRING = 4;
const CONTENT_FORMAT = 6;
const CONTENT_TYPE = 7;
const CONTENT_ANY = 8;
const STRUCT_GC = 0;
const STRUCT_SKIP = 10;

// Shared types the binding creates inside the fragment: elements and their text.
const TYPE_XML_ELEMENT = 3;
const TYPE_XML_TEXT = 6;

const BIT6 = 0b0010_0000;
const BIT7 = 0b0100_0000;
const BIT8 = 0b1000_0000;
const BITS5 = 0b0001_1111;

/**
 * A count read from the update: each counted thing takes at least one byte, so a count larger
 * than the bytes left is a lie that would make a decoder loop, or allocate, for nothing.
 */
function readCount(decoder: decoding.Decoder): number {
  const count = decoding.readVarUint(decoder);
  if (count > decoder.arr.length - decoder.pos) throw new Refused('count-exceeds-bytes');
  return count;
}

/** A clock or a length: bounded, so no arithmetic on it leaves the safe integers. */
function readClock(decoder: decoding.Decoder): number {
  const value = decoding.readVarUint(decoder);
  if (value > MAX_YJS_CLOCK) throw new Refused('clock-too-large');
  return value;
}

/** lib0's `readAny`, with counts checked against the bytes left and nesting bounded. */
function skipAny(decoder: decoding.Decoder, depth: number): void {
  if (depth > MAX_YJS_ANY_DEPTH) throw new Refused('nesting-too-deep');
  const type = decoding.readUint8(decoder);
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125:
      decoding.readVarInt(decoder);
      return;
    case 124:
      decoding.readFloat32(decoder);
      return;
    case 123:
      decoding.readFloat64(decoder);
      return;
    case 122:
      decoding.readBigInt64(decoder);
      return;
    case 119:
      decoding.readVarString(decoder);
      return;
    case 118: {
      const entries = readCount(decoder);
      for (let index = 0; index < entries; index += 1) {
        decoding.readVarString(decoder);
        skipAny(decoder, depth + 1);
      }
      return;
    }
    case 117: {
      const items = readCount(decoder);
      for (let index = 0; index < items; index += 1) skipAny(decoder, depth + 1);
      return;
    }
    case 116:
      decoding.readVarUint8Array(decoder);
      return;
    default:
      throw new Refused('malformed');
  }
}

function skipContent(decoder: decoding.Decoder, info: number): void {
  switch (info & BITS5) {
    case CONTENT_DELETED:
      readClock(decoder);
      return;
    case CONTENT_STRING:
      decoding.readVarString(decoder);
      return;
    case CONTENT_FORMAT:
      decoding.readVarString(decoder);
      JSON.parse(decoding.readVarString(decoder));
      return;
    case CONTENT_TYPE: {
      const typeRef = decoding.readVarUint(decoder);
      if (typeRef === TYPE_XML_ELEMENT) decoding.readVarString(decoder);
      else if (typeRef !== TYPE_XML_TEXT) throw new Refused('type-not-allowed');
      return;
    }
    case CONTENT_ANY: {
      const values = readCount(decoder);
      for (let index = 0; index < values; index += 1) skipAny(decoder, 0);
      return;
    }
    default:
      throw new Refused('content-not-allowed');
  }
}

function skipStructs(decoder: decoding.Decoder): void {
  const clients = readCount(decoder);
  for (let client = 0; client < clients; client += 1) {
    const structs = readCount(decoder);
    decoding.readVarUint(decoder); // client id
    let clock = readClock(decoder);
    for (let index = 0; index < structs; index += 1) {
      const info = decoding.readUint8(decoder);
      const kind = info & BITS5;
      if (kind === STRUCT_GC || kind === STRUCT_SKIP) {
        clock += readClock(decoder);
      } else {
        if ((info & BIT8) !== 0) {
          decoding.readVarUint(decoder); // origin client
          readClock(decoder);
        }
        if ((info & BIT7) !== 0) {
          decoding.readVarUint(decoder); // right origin client
          readClock(decoder);
        }
        if ((info & (BIT7 | BIT8)) === 0) {
          // No origin to copy the parent from: the parent is named (a root type) or an item.
          if (decoding.readVarUint(decoder) === 1) {
            // A root type: the document has exactly one, and an update may not add others,
            // each of which the server would keep in memory for as long as the document.
            if (decoding.readVarString(decoder) !== YJS_FRAGMENT) throw new Refused('foreign-root');
          } else {
            decoding.readVarUint(decoder);
            readClock(decoder);
          }
          if ((info & BIT6) !== 0) decoding.readVarString(decoder); // parent sub (attribute key)
        }
        // An item's own length is its content's, which the bytes bound; only the runs above
        // can claim lengths out of proportion to their size.
        skipContent(decoder, info);
      }
      if (clock > MAX_YJS_CLOCK) throw new Refused('clock-too-large');
    }
  }
}

function skipDeleteSet(decoder: decoding.Decoder): void {
  const clients = readCount(decoder);
  for (let client = 0; client < clients; client += 1) {
    decoding.readVarUint(decoder); // client id
    const ranges = readCount(decoder);
    for (let index = 0; index < ranges; index += 1) {
      const clock = readClock(decoder);
      const length = readClock(decoder);
      if (clock + length > MAX_YJS_CLOCK) throw new Refused('clock-too-large');
    }
  }
}

/**
 * Checks an update (Yjs encoding V1, as the collaboration socket carries) from a client before
 * the server applies it, in time linear in its size: every count is bounded by the bytes left,
 * every clock and length by MAX_YJS_CLOCK, nesting by MAX_YJS_ANY_DEPTH, and the content must be
 * what the editor writes, inside the one root fragment. Crafted updates of the kind in Yjs issue
 * #687 (counts and lengths that make a decoder loop or allocate without end) are refused here,
 * before Yjs sees them.
 *
 * Structurally valid is not semantically valid: an update that passes can still be refused by
 * Yjs (missing dependencies stay pending), which is harmless.
 */
export function validateYjsUpdate(update: Uint8Array): UpdateCheck {
  const decoder = decoding.createDecoder(update);
  try {
    skipStructs(decoder);
    skipDeleteSet(decoder);
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem };
    // lib0 throws on reading past the end, and JSON.parse on a bad mark value.
    return { ok: false, problem: 'malformed' };
  }
  if (decoding.hasContent(decoder)) return { ok: false, problem: 'trailing-bytes' };
  return { ok: true };
}
