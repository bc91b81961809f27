import * as decoding from 'lib0/decoding';
import { MAX_DOCUMENT_NAME_LENGTH } from '../../shared/limits.ts';
import { MessageType, SyncType } from './collabMessage.ts';
import { validateYjsUpdate } from './validateYjsUpdate.ts';

/** What a well-formed frame from a client says about itself. */
export type FrameCheck =
  { ok: true; documentName: string; type: number } | { ok: false; problem: string };

// Message types a client may send. SyncReply (4) and SyncStatus (8) go only from the server.
const CLIENT_TYPES = new Set<number>([
  MessageType.Sync,
  MessageType.Awareness,
  MessageType.Auth,
  MessageType.QueryAwareness,
  MessageType.Stateless,
  MessageType.BroadcastStateless,
  MessageType.Close,
]);

/** Reads the body of a message of `type`, as @hocuspocus/provider 3.x writes it. */
function readBody(decoder: decoding.Decoder, type: number): string | null {
  switch (type) {
    case MessageType.Sync: {
      const syncType = decoding.readVarUint(decoder);
      if (syncType > 2) return 'unknown sync message';
      const body = decoding.readVarUint8Array(decoder);
      // A document update is checked here as well as in MessagePolicyExtension: refused at the
      // door, a bad one never reaches Hocuspocus, which prints each refusal from a hook to
      // stderr with its stack (about 10 lines; the largest cost per bad frame in the attack).
      if (syncType === SyncType.Step2 || syncType === SyncType.Update) {
        const check = validateYjsUpdate(body);
        if (!check.ok) return `document update: ${check.problem}`;
      }
      return null;
    }
    case MessageType.Awareness:
      decoding.readVarUint8Array(decoder);
      return null;
    case MessageType.Auth:
      decoding.readVarUint(decoder);
      decoding.readVarString(decoder);
      return null;
    case MessageType.Stateless:
    case MessageType.BroadcastStateless:
      decoding.readVarString(decoder);
      return null;
    default:
      // QueryAwareness and Close carry nothing.
      return null;
  }
}

/**
 * Checks the envelope of one binary frame on the collaboration socket: a document name of sane
 * length, a message type a client may send, and a body of that type's shape with nothing after
 * it; and a document update's bytes (`validateYjsUpdate`). What else is inside (an awareness
 * state, a token) is checked where it is used. Linear in the frame, and never throws.
 */
export function checkFrame(data: Uint8Array): FrameCheck {
  const decoder = decoding.createDecoder(data);
  try {
    const nameLength = decoding.peekVarUint(decoder);
    if (nameLength > MAX_DOCUMENT_NAME_LENGTH * 4) return { ok: false, problem: 'name too long' };
    const documentName = decoding.readVarString(decoder);
    if (documentName === '' || documentName.length > MAX_DOCUMENT_NAME_LENGTH) {
      return { ok: false, problem: 'bad document name' };
    }
    const type = decoding.readVarUint(decoder);
    if (!CLIENT_TYPES.has(type)) return { ok: false, problem: `message type ${type}` };
    const problem = readBody(decoder, type);
    if (problem !== null) return { ok: false, problem };
    if (decoding.hasContent(decoder)) return { ok: false, problem: 'trailing bytes' };
    return { ok: true, documentName, type };
  } catch {
    return { ok: false, problem: 'truncated or undecodable' };
  }
}
