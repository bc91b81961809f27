import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuthenticationFailed } from '../../shared/closeCodes.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildDocument } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';

/** Short, so the deadline and several heartbeats fit in a test. */
const TIMEOUT_MS = 300;

let server: TestServer | null = null;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  server = null;
});

function collabUrl(target: TestServer): string {
  return `${target.url.replace(/^http/, 'ws')}/collab`;
}

/** Opens a raw socket; resolves with how the handshake ended. */
function openRaw(
  target: TestServer,
  headers: Record<string, string> = {},
): Promise<{ socket: WebSocket; opened: boolean; status: number | null }> {
  const socket = new WebSocket(collabUrl(target), { headers });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ socket, opened: true, status: null }));
    socket.once('unexpected-response', (_request, response) =>
      resolve({ socket, opened: false, status: response.statusCode ?? null }),
    );
    socket.once('error', () => resolve({ socket, opened: false, status: null }));
  });
}

function closeOf(socket: WebSocket): Promise<{ code: number; reason: string; afterMs: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    socket.once('close', (code, reason) =>
      resolve({ code, reason: reason.toString(), afterMs: Date.now() - started }),
    );
  });
}

describe('the collaboration socket guards', () => {
  it('closes a socket that never authenticates, with authentication-failed', async () => {
    server = await startTestServer({ collabTimeoutMs: TIMEOUT_MS });
    const { socket, opened } = await openRaw(server);
    expect(opened).toBe(true);
    const closed = await closeOf(socket);
    expect(closed.code).toBe(AuthenticationFailed.code);
    expect(closed.reason).toBe(AuthenticationFailed.reason);
    expect(closed.afterMs).toBeLessThan(TIMEOUT_MS * 5);
  });

  it('keeps an authenticated client connected through many heartbeats', async () => {
    server = await startTestServer({ collabTimeoutMs: TIMEOUT_MS });
    const document = await buildDocument(server.storage, server.owner.id);
    const client = connectLocalUser(server, document.id);
    clients.push(client);
    await client.synced;
    const disconnects: unknown[] = [];
    client.provider.on('disconnect', (event: unknown) => disconnects.push(event));
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 6));
    expect(disconnects).toEqual([]);
    expect(server.engine.hocuspocus.getConnectionsCount()).toBe(1);
  });

  it('refuses an upgrade from another origin, and accepts one from its own', async () => {
    server = await startTestServer();
    const foreign = await openRaw(server, { Origin: 'https://evil.example' });
    expect(foreign).toMatchObject({ opened: false, status: 403 });
    const own = await openRaw(server, { Origin: server.url });
    expect(own.opened).toBe(true);
  });
});
