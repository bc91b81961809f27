import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createJsonLogger, type LogFields } from '../logger.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: TestServer | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await server?.destroy();
  server = null;
});

/** A server whose log lines are kept, parsed, in `lines`. */
async function startLogged() {
  const lines: LogFields[] = [];
  const logger = createJsonLogger({
    level: 'debug',
    write: (line) => lines.push(JSON.parse(line) as LogFields),
  });
  server = await startTestServer({ logger });
  return { server, lines };
}

/** Opens a raw collaboration socket; resolves with the handshake's status and X-Request-Id. */
function upgrade(
  target: TestServer,
  headers: Record<string, string>,
): Promise<{ socket: WebSocket; status: number; requestId: string | null }> {
  const socket = new WebSocket(`${target.url.replace(/^http/, 'ws')}/collab`, { headers });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    const header = (value: string | string[] | undefined) =>
      typeof value === 'string' ? value : null;
    socket.once('upgrade', (response) =>
      resolve({ socket, status: 101, requestId: header(response.headers['x-request-id']) }),
    );
    socket.once('unexpected-response', (_request, response) =>
      resolve({
        socket,
        status: response.statusCode ?? 0,
        requestId: header(response.headers['x-request-id']),
      }),
    );
    socket.once('error', reject);
  });
}

describe('request ids on the collaboration socket', () => {
  it('reuses a sane X-Request-Id, echoes it in the 101, and logs the socket under it', async () => {
    const { server: target, lines } = await startLogged();
    const { socket, status, requestId } = await upgrade(target, { 'X-Request-Id': 'proxy-ws.7' });
    expect(status).toBe(101);
    expect(requestId).toBe('proxy-ws.7');
    socket.close(1000);
    await vi.waitFor(() =>
      expect(
        lines.filter((line) => line['requestId'] === 'proxy-ws.7').map((line) => line['message']),
      ).toEqual(['collab socket opened', 'collab socket closed']),
    );
    expect(lines.find((line) => line['message'] === 'collab socket closed')?.['code']).toBe(1000);
  });

  it('makes its own id for an upgrade without a sane one, also when it refuses the upgrade', async () => {
    const { server: target, lines } = await startLogged();
    const plain = await upgrade(target, { 'X-Request-Id': 'two words' });
    expect(plain.requestId).toMatch(UUID);
    const opened = lines.find((line) => line['message'] === 'collab socket opened');
    expect(opened?.['requestId']).toBe(plain.requestId);

    const foreign = await upgrade(target, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const refused = lines.find(
      (line) => line['message'] === 'refused a collab socket from another origin',
    );
    expect(refused?.['requestId']).toMatch(UUID);
    expect(refused?.['requestId']).not.toBe(plain.requestId);
  });
});
