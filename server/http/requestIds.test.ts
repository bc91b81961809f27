import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { errorResponseSchema } from '../../shared/api/errors.ts';
import { createJsonLogger, type LogFields } from '../logger.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import type { Storage } from '../storage/types.ts';
import { buildUser } from '../test/factories.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RESET_LINE = 'password reset requested; pass this link to the account holder';

let server: TestServer | null = null;
const tempDirs: string[] = [];

afterEach(async () => {
  await server?.destroy();
  server = null;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A server whose log lines are kept, parsed, in `lines`. */
async function startLogged(storage?: Storage, dataDir?: string) {
  const lines: LogFields[] = [];
  const logger = createJsonLogger({
    level: 'debug',
    write: (line) => lines.push(JSON.parse(line) as LogFields),
  });
  server = await startTestServer({
    logger,
    ...(storage ? { storage } : {}),
    ...(dataDir ? { dataDir } : {}),
  });
  return { server, lines };
}

/** `POST /api/password-resets`, which writes a log line while it handles the request. */
function requestReset(target: TestServer, email: string, requestId?: string) {
  return target.request('/api/password-resets', {
    method: 'POST',
    cookie: null,
    body: JSON.stringify({ email }),
    headers: requestId === undefined ? {} : { 'X-Request-Id': requestId },
  });
}

describe('request ids', () => {
  it('reuses a sane incoming X-Request-Id, echoes it, and puts it on every line the request writes', async () => {
    const { server: target, lines } = await startLogged();
    const response = await requestReset(target, target.owner.email, 'proxy-trace.42');
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe('proxy-trace.42');

    const written = lines.filter((line) => line['requestId'] === 'proxy-trace.42');
    expect(written.map((line) => line['message'])).toEqual([RESET_LINE, 'request']);
    expect(lines.filter((line) => line['message'] === RESET_LINE)).toHaveLength(1);
  });

  it('makes its own id when there is none, or the incoming one is not sane', async () => {
    const { server: target, lines } = await startLogged();
    for (const incoming of [undefined, 'a'.repeat(65), 'two words', '<script>']) {
      const response = await requestReset(target, target.owner.email, incoming);
      await response.body?.cancel();
      const id = response.headers.get('x-request-id') ?? '';
      expect(id, `for incoming ${String(incoming)}`).toMatch(UUID);
      const reset = lines.filter((line) => line['message'] === RESET_LINE).at(-1);
      expect(reset?.['requestId']).toBe(id);
    }
  });

  it('keeps concurrent requests apart', async () => {
    const { server: target, lines } = await startLogged();
    // The reset backoff counts per address after 5 requests, so stay under it.
    const users = await Promise.all(
      [1, 2, 3, 4].map((n) => buildUser(target.storage, { email: `person${n}@test.invalid` })),
    );
    const responses = await Promise.all(
      users.map((user, n) => requestReset(target, user.email, `parallel-${n}`)),
    );
    for (const response of responses) await response.body?.cancel();
    users.forEach((user, n) => {
      const line = lines.find(
        (entry) => entry['message'] === RESET_LINE && entry['email'] === user.email,
      );
      expect(line?.['requestId']).toBe(`parallel-${n}`);
    });
  });

  it('puts the id on an error answer and on the line that logs the error', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    const inner = SqliteStorage.open(dataDir);
    const documents = new Proxy(inner.documents, {
      get: (target, key, receiver) =>
        key === 'listAll'
          ? () => Promise.reject(new Error('disk on fire'))
          : (Reflect.get(target, key, receiver) as unknown),
    });
    const storage = new Proxy<Storage>(inner, {
      get: (target, key, receiver) =>
        key === 'documents' ? documents : (Reflect.get(target, key, receiver) as unknown),
    });
    const { server: target, lines } = await startLogged(storage, dataDir);

    const response = await target.request('/api/documents', {
      headers: { 'X-Request-Id': 'trace-500' },
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('trace-500');
    // The body stays the one generic shape; the id travels in the header.
    const body = errorResponseSchema.parse(await response.json());
    expect(body.error).toEqual({ code: 'internal', message: 'An unexpected error occurred.' });
    const logged = lines.find((line) => line['message'] === 'unhandled error in request');
    expect(logged).toMatchObject({ level: 'error', requestId: 'trace-500' });
    expect(JSON.stringify(logged)).toContain('disk on fire');

    // A 4xx carries it too, and a route outside /api as well.
    const missing = await target.request('/api/no-such-route');
    await missing.body?.cancel();
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toMatch(UUID);
    const page = await fetch(`${target.url}/metrics`, { headers: { 'X-Request-Id': 'scrape-1' } });
    await page.body?.cancel();
    expect(page.headers.get('x-request-id')).toBe('scrape-1');
  });
});
