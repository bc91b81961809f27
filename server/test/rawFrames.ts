import * as encoding from 'lib0/encoding';
import { MessageType, SyncType } from '../collab/collabMessage.ts';

/** @hocuspocus/common's AuthMessageType. */
export const AuthType = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const;

/** A collaboration frame built by hand: document name, message type, then `body`. */
export function rawFrame(
  documentName: string,
  type: number,
  body: (encoder: encoding.Encoder) => void = () => {},
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, type);
  body(encoder);
  return encoding.toUint8Array(encoder);
}

/** An authentication frame carrying `token`, as @hocuspocus/provider sends it. */
export const rawAuthFrame = (documentName: string, token: string): Uint8Array =>
  rawFrame(documentName, MessageType.Auth, (e) => {
    encoding.writeVarUint(e, AuthType.Token);
    encoding.writeVarString(e, token);
  });

/** A sync frame carrying a Yjs update. */
export const rawUpdateFrame = (documentName: string, update: Uint8Array): Uint8Array =>
  rawFrame(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncType.Update);
    encoding.writeVarUint8Array(e, update);
  });
