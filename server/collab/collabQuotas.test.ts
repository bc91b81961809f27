import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TooManyConnections } from '../../shared/closeCodes.ts';
import { MAX_AWARENESS_UPDATES_PER_SECOND, MAX_CONNECTIONS_PER_USER } from '../../shared/limits.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { buildPerson } from '../test/commentFixtures.ts';
import { buildDocument } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { AuthType, rawAuthFrame, rawFrame } from '../test/rawFrames.ts';
import { paragraphsDoc } from '../test/yEdits.ts';
import { MessageType } from './collabMessage.ts';

let server: TestServer | null = null;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const client of clients.splice(0)) client.destroy();
  await server?.destroy();
  server = null;
});

/** Opens a raw socket and authenticates; resolves with the server's answer. */
async function authenticate(
  target: TestServer,
  documentId: string,
  token: string,
): Promise<{ socket: WebSocket; authenticated: boolean; reason: string }> {
  const socket = new WebSocket(`${target.url.replace(/^http/u, 'ws')}/collab`);
  sockets.push(socket);
  await new Promise((resolve) => socket.once('open', resolve));
  const answer = new Promise<{ authenticated: boolean; reason: string }>((resolve) => {
    const onMessage = (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      decoding.readVarString(decoder);
      if (decoding.readVarUint(decoder) !== MessageType.Auth) return;
      socket.off('message', onMessage);
      const type = decoding.readVarUint(decoder);
      resolve({
        authenticated: type === AuthType.Authenticated,
        reason: type === AuthType.PermissionDenied ? decoding.readVarString(decoder) : '',
      });
    };
    socket.on('message', onMessage);
  });
  socket.send(rawAuthFrame(documentId, token));
  return { socket, ...(await answer) };
}

async function setUp() {
  server = await startTestServer();
  const target = server;
  const owner = await buildPerson(target, null, null);
  const document = await buildDocument(target.storage, owner.user.id, {
    content: paragraphsDoc('Text.'),
  });
  const anna = await buildPerson(target, document.id, 'commenter');
  const bo = await buildPerson(target, document.id, 'commenter');
  const tokenFor = (userId: string) => target.tokens.issue(userId, document.id).token;
  return { target, documentId: document.id, anna, bo, tokenFor };
}

describe('collaboration quotas', () => {
  it('refuses a connection past MAX_CONNECTIONS_PER_USER, for that user only', async () => {
    const { target, documentId, anna, bo, tokenFor } = await setUp();
    const open: WebSocket[] = [];
    for (let index = 0; index < MAX_CONNECTIONS_PER_USER; index += 1) {
      const answer = await authenticate(target, documentId, tokenFor(anna.user.id));
      expect(answer.authenticated, `connection ${index + 1}`).toBe(true);
      open.push(answer.socket);
    }
    const refused = await authenticate(target, documentId, tokenFor(anna.user.id));
    expect(refused).toMatchObject({ authenticated: false, reason: TooManyConnections.reason });
    // Someone else is not affected.
    expect((await authenticate(target, documentId, tokenFor(bo.user.id))).authenticated).toBe(true);
    // Closing one makes room again.
    const closed = new Promise((resolve) => open[0]?.once('close', resolve));
    open[0]?.close();
    await closed;
    await expect
      .poll(
        async () => (await authenticate(target, documentId, tokenFor(anna.user.id))).authenticated,
      )
      .toBe(true);
  });

  it('relays at most MAX_AWARENESS_UPDATES_PER_SECOND presence updates, and keeps the socket', async () => {
    const { target, documentId, anna, bo, tokenFor } = await setUp();
    const peer = connectClient(target.url, documentId, () => tokenFor(bo.user.id));
    clients.push(peer);
    await peer.synced;
    const clientId = 424_242;
    let relayed = 0;
    peer.provider.awareness?.on(
      'update',
      ({ added, updated }: { added: number[]; updated: number[] }) => {
        if (added.includes(clientId) || updated.includes(clientId)) relayed += 1;
      },
    );

    const { socket } = await authenticate(target, documentId, tokenFor(anna.user.id));
    let closed = false;
    socket.once('close', () => (closed = true));
    const burst = 10 * MAX_AWARENESS_UPDATES_PER_SECOND;
    for (let clock = 1; clock <= burst; clock += 1) {
      const update = encoding.createEncoder();
      encoding.writeVarUint(update, 1);
      encoding.writeVarUint(update, clientId);
      encoding.writeVarUint(update, clock);
      encoding.writeVarString(update, JSON.stringify({ cursor: { at: clock } }));
      socket.send(
        rawFrame(documentId, MessageType.Awareness, (e) =>
          encoding.writeVarUint8Array(e, encoding.toUint8Array(update)),
        ),
      );
    }
    await expect.poll(() => relayed).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The bucket holds one second's worth, and refills while the burst is sent.
    expect(relayed).toBeLessThanOrEqual(MAX_AWARENESS_UPDATES_PER_SECOND + 10);
    expect(closed).toBe(false);
  });
});
