import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MessageMalformed } from '../../shared/closeCodes.ts';
import {
  COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS,
  COLLAB_FAILED_ATTEMPTS_PER_SECOND_PER_ADDRESS,
} from '../../shared/limits.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildDocument, buildUser } from '../test/factories.ts';
import { AuthType, rawAuthFrame } from '../test/rawFrames.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { CollabAttemptLimiter } from './CollabAttemptLimiter.ts';
import { MessageType } from './collabMessage.ts';

/**
 * The per-address limit on failing collaboration sockets, on one real server: real sockets from
 * 127.0.0.1, and X-Forwarded-For (believed from loopback) to stand for other addresses, so each
 * test drains a bucket of its own.
 */
let server: TestServer;
let documentId: string;
const sockets: WebSocket[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await buildDocument(server.storage, server.owner.id)).id;
});

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  for (const client of clients) client.destroy();
  await server.close();
});

type Attempt =
  | { opened: true; socket: WebSocket }
  | { opened: false; status: number; retryAfter: string | undefined };

/**
 * Opens a raw socket as `address` (through X-Forwarded-For), or as 127.0.0.1 itself when it is
 * null; resolves with how it went.
 */
function attempt(address: string | null): Promise<Attempt> {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab`, {
    headers: address === null ? {} : { 'X-Forwarded-For': address },
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (_request, response) => {
      const retryAfter = response.headers['retry-after'];
      resolve({
        opened: false,
        status: response.statusCode ?? 0,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
      });
      response.resume();
    });
    socket.once('error', reject);
  });
}

const closed = (socket: WebSocket) =>
  new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

/** A socket that fails the way the attack's do: one text frame, closed malformed-message. */
async function failOnce(address: string | null): Promise<Attempt> {
  const result = await attempt(address);
  if (!result.opened) return result;
  const code = closed(result.socket);
  result.socket.send('not a collaboration frame');
  expect(await code).toBe(MessageMalformed.code);
  return result;
}

/** A socket that authenticates as `userId` with a valid token, and stays open, silent. */
async function authenticate(address: string, userId = server.owner.id): Promise<Attempt> {
  const result = await attempt(address);
  if (!result.opened) return result;
  const { socket } = result;
  const answer = new Promise<number>((resolve) =>
    socket.once('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      decoding.readVarString(decoder);
      expect(decoding.readVarUint(decoder)).toBe(MessageType.Auth);
      resolve(decoding.readVarUint(decoder));
    }),
  );
  socket.send(rawAuthFrame(documentId, server.tokens.issue(userId, documentId).token));
  expect(await answer).toBe(AuthType.Authenticated);
  return result;
}

/** A socket that authenticates, then closes normally. */
async function authenticateOnce(address: string): Promise<Attempt> {
  const result = await authenticate(address);
  if (!result.opened) return result;
  const code = closed(result.socket);
  result.socket.close(1000);
  expect(await code).toBe(1000);
  return result;
}

/**
 * Fails sockets from `address` until an upgrade is refused; returns how many opened before, and
 * the refusal. The bucket refills while this runs, so more than the burst may open.
 */
async function failUntilRefused(
  address: string | null,
): Promise<{ opened: number; refusal: Attempt }> {
  let opened = 0;
  for (let tries = 0; tries < COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS * 5; tries += 1) {
    const result = await failOnce(address);
    if (!result.opened) return { opened, refusal: result };
    opened += 1;
  }
  throw new Error(`${opened} failing sockets from ${address} and not one refused`);
}

describe('the per-address limit on failing collaboration sockets', () => {
  it('refuses the upgrade with 429 and Retry-After once an address has failed a burst', async () => {
    const { opened, refusal: refused } = await failUntilRefused('203.0.113.10');
    expect(opened).toBeGreaterThanOrEqual(COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS);
    expect(refused).toMatchObject({ opened: false, status: 429 });
    if (refused.opened) throw new Error('the upgrade was not refused');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(
      Math.ceil(1 / COLLAB_FAILED_ATTEMPTS_PER_SECOND_PER_ADDRESS),
    );
    // Another address is not touched by this one's failures.
    expect((await attempt('203.0.113.11')).opened).toBe(true);
  });

  it('keeps an authenticated client from the same address editing while the address is refused', async () => {
    const user = connectLocalUser(server, documentId);
    clients.push(user);
    await user.synced;
    // The provider connected from 127.0.0.1, as the failing sockets do now.
    const { refusal } = await failUntilRefused(null);
    expect(refusal).toMatchObject({ opened: false, status: 429 });
    // The authenticated socket stays, and its edit is stored and acknowledged.
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('skrivet under angreppet')]);
    user.ydoc.getXmlFragment('default').insert(0, [paragraph]);
    await user.allAcked();
    const content = await server.storage.updates.load(documentId);
    const stored = new Y.Doc();
    if (content.state) Y.applyUpdate(stored, content.state.data);
    for (const update of content.updates) Y.applyUpdate(stored, update.data);
    expect(stored.getXmlFragment('default').toJSON()).toContain('skrivet under angreppet');
  });

  it('does not count sockets that authenticate, however many connect from one address', async () => {
    const address = '203.0.113.30';
    // Enough more than the burst that the refill while they run could not cover them.
    for (let index = 0; index < COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS + 30; index += 1) {
      expect((await authenticateOnce(address)).opened).toBe(true);
    }
  });

  it('does not count sockets that authenticate and stay open without sending another frame', async () => {
    const address = '203.0.113.40';
    // Several editors, since one person may hold only MAX_CONNECTIONS_PER_USER connections.
    const editors = await Promise.all(
      [1, 2, 3].map(() => buildUser(server.storage, { role: 'editor', documentId })),
    );
    const held: WebSocket[] = [];
    for (let index = 0; index < COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS + 15; index += 1) {
      const result = await authenticate(address, editors[index % editors.length]?.id);
      if (!result.opened) throw new Error(`socket ${index} was refused: ${result.status}`);
      held.push(result.socket);
    }
    for (const socket of held) socket.close(1000);
  });
});

describe('CollabAttemptLimiter', () => {
  it('admits a burst, then one attempt per refill, and says when to come back', () => {
    let now = 0;
    const limiter = new CollabAttemptLimiter({ burst: 3, perSecond: 2 }, () => now);
    expect([1, 2, 3].map(() => limiter.admit('a'))).toEqual([0, 0, 0]);
    expect(limiter.admit('a')).toBe(1);
    now += 500;
    expect(limiter.admit('a')).toBe(0);
    expect(limiter.admit('a')).toBe(1);
    expect(limiter.admit('b')).toBe(0);
  });

  it('gives back the token of a socket that authenticated, and takes it again on a refusal', () => {
    const limiter = new CollabAttemptLimiter({ burst: 1, perSecond: 0.1 }, () => 0);
    expect(limiter.admit('a')).toBe(0);
    limiter.refund('a');
    expect(limiter.admit('a')).toBe(0);
    limiter.refund('a');
    limiter.charge('a');
    expect(limiter.admit('a')).toBe(10);
  });
});
