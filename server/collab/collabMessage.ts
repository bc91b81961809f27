import * as decoding from 'lib0/decoding';

/** Hocuspocus message types (first varUint after the document name). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  SyncReply: 4,
  Stateless: 5,
  BroadcastStateless: 6,
  Close: 7,
  SyncStatus: 8,
} as const;

/** y-protocols sync sub-types. */
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

/** What the server needs to know about an incoming collaboration frame. */
export type DecodedMessage =
  | { kind: 'document-update'; documentName: string; syncType: 1 | 2; update: Uint8Array }
  | { kind: 'broadcast-stateless'; documentName: string }
  | { kind: 'awareness'; documentName: string; update: Uint8Array }
  | { kind: 'other'; documentName: string; type: number };

/**
 * Reads the header of a Hocuspocus frame, and for SyncStep2 and Update messages the Yjs update
 * they carry. Throws on a truncated or malformed frame, which makes Hocuspocus close the
 * connection instead of acting on garbage.
 */
export function decodeCollabMessage(data: Uint8Array): DecodedMessage {
  const decoder = decoding.createDecoder(data);
  const documentName = decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.BroadcastStateless) {
    return { kind: 'broadcast-stateless', documentName };
  }
  if (type === MessageType.Awareness) {
    return { kind: 'awareness', documentName, update: decoding.readVarUint8Array(decoder) };
  }
  if (type !== MessageType.Sync && type !== MessageType.SyncReply) {
    return { kind: 'other', documentName, type };
  }
  const syncType = decoding.readVarUint(decoder);
  if (syncType === SyncType.Step2 || syncType === SyncType.Update) {
    const update = decoding.readVarUint8Array(decoder);
    return { kind: 'document-update', documentName, syncType, update };
  }
  return { kind: 'other', documentName, type };
}
