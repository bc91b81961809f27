/**
 * The bench's own encoding of Hocuspocus frames (the provider's wire format, read from
 * @hocuspocus/common and the server's MessageReceiver), so that hundreds of lightweight clients
 * can take part without a Y.Doc or a provider each. Only what the load needs is here: the auth
 * frame, SyncStep1, an update, an awareness update, and a cheap peek at what arrived.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncType } from '../collab/collabMessage.ts';

/** Auth sub-types (`AuthMessageType` in @hocuspocus/common). */
const AuthType = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const;

function frame(documentName: string, type: number, write: (e: encoding.Encoder) => void) {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** The first frame a provider sends on a document: its token. */
export function authFrame(documentName: string, token: string): Uint8Array {
  return frame(documentName, MessageType.Auth, (e) => {
    encoding.writeVarUint(e, AuthType.Token);
    encoding.writeVarString(e, token);
  });
}

/** SyncStep1 with a state vector; the server answers with SyncStep2 (what we lack). */
export function syncStep1Frame(documentName: string, stateVector: Uint8Array): Uint8Array {
  return frame(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncType.Step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** A Yjs update, as the provider sends each local change. */
export function updateFrame(documentName: string, update: Uint8Array): Uint8Array {
  return frame(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncType.Update);
    encoding.writeVarUint8Array(e, update);
  });
}

/** SyncStep2 answering the server's SyncStep1, as the provider sends it (type Sync). */
export function syncStep2Frame(documentName: string, update: Uint8Array): Uint8Array {
  return frame(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncType.Step2);
    encoding.writeVarUint8Array(e, update);
  });
}

/**
 * An awareness update for one client (y-protocols: count, then client id, clock and JSON state),
 * wrapped in a Hocuspocus frame.
 */
export function awarenessFrame(
  documentName: string,
  clientId: number,
  clock: number,
  state: unknown,
): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const update = encoding.toUint8Array(inner);
  return frame(documentName, MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update));
}

/** What a lightweight client needs to know about a frame it received. */
export type Peeked =
  | { kind: 'synced' }
  | { kind: 'sync-request' }
  | { kind: 'update' }
  | { kind: 'ack' }
  | { kind: 'denied' }
  | { kind: 'authenticated' }
  | { kind: 'other' };

/** A cursor over a frame that reads varUints without allocating. */
class Reader {
  position = 0;
  constructor(private readonly data: Uint8Array) {}
  varUint(): number {
    let value = 0;
    let multiplier = 1;
    for (;;) {
      const byte = this.data[this.position++];
      if (byte === undefined) throw new RangeError('frame ended inside a varUint');
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return value;
      multiplier *= 128;
      if (multiplier > 2 ** 53) throw new RangeError('varUint too long');
    }
  }
  skip(bytes: number): void {
    this.position += bytes;
  }
}

/**
 * Reads just enough of a frame to classify it: our SyncStep2 (synced), a broadcast update (whose
 * keystrokes {@link updateSpans} reads), an ack (SyncStatus), or a refused authentication. Only
 * the header is read, so a lightweight client spends well under a microsecond on a frame it
 * does not count.
 *
 * The same applies to frames the plain relay forwards: they are the typist's own frames.
 */
export function peekFrame(data: Uint8Array): Peeked {
  try {
    const reader = new Reader(data);
    reader.skip(reader.varUint()); // document name
    const type = reader.varUint();
    if (type === MessageType.SyncStatus) return { kind: 'ack' };
    if (type === MessageType.Auth) {
      const authType = reader.varUint();
      if (authType === AuthType.PermissionDenied) return { kind: 'denied' };
      return authType === AuthType.Authenticated ? { kind: 'authenticated' } : { kind: 'other' };
    }
    if (type !== MessageType.Sync && type !== MessageType.SyncReply) return { kind: 'other' };
    const syncType = reader.varUint();
    if (syncType === SyncType.Step1) return { kind: 'sync-request' };
    if (syncType === SyncType.Step2) return { kind: 'synced' };
    if (syncType !== SyncType.Update) return { kind: 'other' };
    reader.varUint(); // length of the update
    // An update without structs (only deletions) carries no keystroke.
    return reader.varUint() === 0 ? { kind: 'other' } : { kind: 'update' };
  } catch {
    return { kind: 'other' };
  }
}

/** Reads the state vector out of a SyncStep1 frame, or null for any other frame. */
export function stateVectorOf(data: Uint8Array): Uint8Array | null {
  try {
    const reader = new Reader(data);
    reader.skip(reader.varUint());
    const type = reader.varUint();
    if (type !== MessageType.Sync && type !== MessageType.SyncReply) return null;
    if (reader.varUint() !== SyncType.Step1) return null;
    const length = reader.varUint();
    return data.subarray(reader.position, reader.position + length);
  } catch {
    return null;
  }
}

/** Reads the Yjs update out of a SyncStep2 or Update frame, or null for any other frame. */
export function updateOf(data: Uint8Array): { syncType: number; update: Uint8Array } | null {
  try {
    const reader = new Reader(data);
    reader.skip(reader.varUint());
    const type = reader.varUint();
    if (type !== MessageType.Sync && type !== MessageType.SyncReply) return null;
    const syncType = reader.varUint();
    if (syncType !== SyncType.Step2 && syncType !== SyncType.Update) return null;
    const length = reader.varUint();
    return { syncType, update: data.subarray(reader.position, reader.position + length) };
  } catch {
    return null;
  }
}

/** One author's consecutive clocks in an update, [from, to): one per character or other item. */
export interface UpdateSpan {
  client: number;
  from: number;
  to: number;
}

/** Yjs struct kinds in an update (the low five bits of a struct's info byte). */
const Struct = { GC: 0, Skip: 10 } as const;
/** Item content kinds (yjs `contentRefs`). */
const Content = {
  Deleted: 1,
  JSON: 2,
  Binary: 3,
  String: 4,
  Embed: 5,
  Format: 6,
  Type: 7,
  Any: 8,
  Doc: 9,
} as const;
/** Type kinds that carry a name (yjs `typeRefs`: YXmlElement, YXmlHook). */
const NAMED_TYPES: ReadonlySet<number> = new Set([3, 5]);

/** Skips a varString without decoding it. */
function skipString(decoder: decoding.Decoder): void {
  // Read first: `pos += read()` would add to the position from before the length was read.
  const bytes = decoding.readVarUint(decoder);
  if (decoder.pos + bytes > decoder.arr.length) throw new RangeError('string runs past the update');
  decoder.pos += bytes;
}

/**
 * The length a Yjs string has in the document (`ContentString.getLength`: UTF-16 code units),
 * counted from its UTF-8 bytes without decoding it: one unit per code point, two for a code
 * point beyond the Basic Multilingual Plane (a four-byte sequence).
 */
function stringLength(decoder: decoding.Decoder): number {
  const bytes = decoding.readVarUint(decoder);
  const end = decoder.pos + bytes;
  if (end > decoder.arr.length) throw new RangeError('string runs past the update');
  let units = 0;
  for (let index = decoder.pos; index < end; index += 1) {
    const byte = decoder.arr[index] ?? 0;
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
  }
  decoder.pos = end;
  return units;
}

/** Reads past one item's content (update format v1) and returns its length in clocks. */
function contentLength(decoder: decoding.Decoder, kind: number): number {
  switch (kind) {
    case Content.Deleted:
      return decoding.readVarUint(decoder);
    case Content.JSON: {
      const count = decoding.readVarUint(decoder);
      for (let index = 0; index < count; index += 1) skipString(decoder);
      return count;
    }
    case Content.Binary:
      decoding.readVarUint8Array(decoder);
      return 1;
    case Content.String:
      return stringLength(decoder);
    case Content.Embed:
      skipString(decoder);
      return 1;
    case Content.Format:
      skipString(decoder);
      skipString(decoder);
      return 1;
    case Content.Type:
      if (NAMED_TYPES.has(decoding.readVarUint(decoder))) skipString(decoder);
      return 1;
    case Content.Any: {
      const count = decoding.readVarUint(decoder);
      for (let index = 0; index < count; index += 1) decoding.readAny(decoder);
      return count;
    }
    case Content.Doc:
      skipString(decoder);
      decoding.readAny(decoder);
      return 1;
    default:
      throw new RangeError(`unknown item content ${kind}`);
  }
}

/**
 * Every author's run of clocks an update carries. One update may carry several keystrokes: a
 * node broadcasts what it got from another node through Redis as one update per diff it
 * applied, which holds whatever arrived since the last one, often of several typists, and Yjs
 * merges one author's consecutive characters into one struct. Counting only the first struct's
 * author and clock loses the rest (issue 10: the two-node W1 at 200 clients).
 *
 * Every struct of the update is read, in the order `Y.decodeUpdate` reads them, but only its
 * header and the length of its content: no Item, content or string is built. A watcher reads
 * every update frame it gets, so this runs some 100 times a second per client;
 * `Y.decodeUpdate` spent about 20 µs on a one-character update, which made the generator,
 * not the server, the first thing to saturate (docs/benchmarks.md). Update format v1, as the
 * provider and Hocuspocus send it.
 */
export function updateSpans(update: Uint8Array): UpdateSpan[] {
  const spans: UpdateSpan[] = [];
  const decoder = decoding.createDecoder(update);
  const groups = decoding.readVarUint(decoder);
  for (let group = 0; group < groups; group += 1) {
    const structs = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    let clock = decoding.readVarUint(decoder);
    for (let struct = 0; struct < structs; struct += 1) {
      const info = decoding.readUint8(decoder);
      const kind = info & 0x1f;
      let length: number;
      if (info === Struct.Skip || kind === Struct.GC) length = decoding.readVarUint(decoder);
      else {
        // The bits say which of origin, right origin and parent the item carries (yjs
        // `lazyStructReaderGenerator`): origin (bit 8) and right origin (bit 7) are IDs, and
        // without either the parent follows, a root type's name or an ID, then a map key if
        // bit 6 is set.
        if ((info & 0x80) !== 0) {
          decoding.readVarUint(decoder);
          decoding.readVarUint(decoder);
        }
        if ((info & 0x40) !== 0) {
          decoding.readVarUint(decoder);
          decoding.readVarUint(decoder);
        }
        if ((info & 0xc0) === 0) {
          if (decoding.readVarUint(decoder) === 1) skipString(decoder);
          else {
            decoding.readVarUint(decoder);
            decoding.readVarUint(decoder);
          }
          if ((info & 0x20) !== 0) skipString(decoder);
        }
        length = contentLength(decoder, kind);
      }
      // A Skip stands for clocks the update does not hold (merged updates only).
      if (info !== Struct.Skip) {
        const last = spans.at(-1);
        if (last && last.client === client && last.to === clock) last.to += length;
        else spans.push({ client, from: clock, to: clock + length });
      }
      clock += length;
    }
  }
  return spans;
}

/** A key for one update: its author's client id and the clock of its first struct. */
export function updateKey(client: number, clock: number): string {
  return `${client}:${clock}`;
}
