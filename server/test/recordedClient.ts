import * as decoding from 'lib0/decoding';
import { serverMessageSchema, type ServerMessage } from '../../shared/api/serverMessages.ts';
import { MessageType } from '../collab/collabMessage.ts';
import { connectClient, type TestClient } from './collabClient.ts';

/** A provider that records what the server tells it, each with `performance.now()`. */
export interface RecordedClient extends TestClient {
  /** SyncStatus answers: 1 = the update was applied and stored, 0 = refused. */
  statuses: { status: number; at: number }[];
  /** Stateless server messages, parsed with the shared schema. */
  messages: { message: ServerMessage; at: number }[];
  /** Close codes of the socket, in order. */
  closeCodes: { code: number; at: number }[];
  /** Reasons the server gave for refusing to authenticate a (re)connect. */
  authenticationFailures: string[];
}

/**
 * Connects a real provider to the server at `url` and records every SyncStatus, server message
 * and socket close it sees. `getToken` is called for every (re)connect.
 */
export function connectRecordedClient(
  url: string,
  documentId: string,
  getToken: () => Promise<string>,
): RecordedClient {
  const authenticationFailures: string[] = [];
  const client = connectClient(url, documentId, getToken, {
    onAuthenticationFailed: (reason) => authenticationFailures.push(reason),
  });
  const recorded: RecordedClient = Object.assign(client, {
    statuses: [],
    messages: [],
    closeCodes: [],
    authenticationFailures,
  });
  client.provider.on('message', ({ event }: { event: { data: unknown } }) => {
    if (!(event.data instanceof ArrayBuffer)) return;
    const decoder = decoding.createDecoder(new Uint8Array(event.data));
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.SyncStatus) return;
    recorded.statuses.push({ status: decoding.readVarUint(decoder), at: performance.now() });
  });
  client.provider.on('stateless', ({ payload }: { payload: string }) => {
    recorded.messages.push({
      message: serverMessageSchema.parse(JSON.parse(payload)),
      at: performance.now(),
    });
  });
  client.socket.on('close', ({ event }: { event: { code: number } }) => {
    recorded.closeCodes.push({ code: event.code, at: performance.now() });
  });
  return recorded;
}
