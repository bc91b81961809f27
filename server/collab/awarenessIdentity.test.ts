import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { presenceName } from '../../shared/editor/presenceName.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { buildDocument, buildUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { checkAwarenessIdentity } from './awarenessIdentity.ts';

/** Encodes an awareness update as y-protocols does. */
function awarenessUpdate(entries: { clientId: number; state: unknown }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

const ANNA = 'Anna Svensson (DIGG)';
const unknown = (): number | undefined => undefined;

describe('checkAwarenessIdentity', () => {
  it('accepts the signed-in user under their own client id, and learns that id', () => {
    const update = awarenessUpdate([{ clientId: 7, state: { user: { name: ANNA } } }]);
    expect(checkAwarenessIdentity(update, ANNA, null, unknown)).toEqual({ ok: true, clientId: 7 });
    expect(checkAwarenessIdentity(update, ANNA, 7, unknown)).toEqual({ ok: true, clientId: 7 });
  });

  it('accepts removals, of anyone, without taking their id as its own', () => {
    const update = awarenessUpdate([
      { clientId: 8, state: null },
      { clientId: 9, state: null },
    ]);
    expect(checkAwarenessIdentity(update, ANNA, null, unknown)).toEqual({
      ok: true,
      clientId: null,
    });
  });

  it('accepts a state that shows no one', () => {
    const cursorOnly = awarenessUpdate([{ clientId: 7, state: { cursor: null } }]);
    expect(checkAwarenessIdentity(cursorOnly, ANNA, 7, unknown).ok).toBe(true);
  });

  it("lets through other people's states the server already has, as a QueryAwareness answer", () => {
    const relayed = awarenessUpdate([
      { clientId: 7, state: { user: { name: ANNA } } },
      { clientId: 8, state: { user: { name: 'Bo Ek (PRV)' } } },
    ]);
    const known = (clientId: number) => (clientId === 8 ? 1 : undefined);
    expect(checkAwarenessIdentity(relayed, ANNA, 7, known)).toEqual({ ok: true, clientId: 7 });
    // A newer clock for someone else is new information, and not this connection's to give.
    const newer = (clientId: number) => (clientId === 8 ? 0 : undefined);
    expect(checkAwarenessIdentity(relayed, ANNA, 7, newer).ok).toBe(false);
  });

  it('refuses another name, another client id, and garbage', () => {
    const spoofed = awarenessUpdate([{ clientId: 7, state: { user: { name: 'Bo Ek (PRV)' } } }]);
    expect(checkAwarenessIdentity(spoofed, ANNA, null, unknown)).toEqual({
      ok: false,
      problem: 'other-name',
    });
    const other = awarenessUpdate([{ clientId: 8, state: { user: { name: ANNA } } }]);
    expect(checkAwarenessIdentity(other, ANNA, 7, unknown)).toEqual({
      ok: false,
      problem: 'other-client',
    });
    const two = awarenessUpdate([
      { clientId: 7, state: { user: { name: ANNA } } },
      { clientId: 8, state: { cursor: null } },
    ]);
    expect(checkAwarenessIdentity(two, ANNA, null, unknown)).toEqual({
      ok: false,
      problem: 'other-client',
    });
    expect(checkAwarenessIdentity(new Uint8Array([5, 1]), ANNA, null, unknown)).toEqual({
      ok: false,
      problem: 'malformed',
    });
  });
});

describe('presence on the collaboration socket', () => {
  let server: TestServer | null = null;
  const clients: TestClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
    server = null;
  });

  it('relays a member under their own name, and refuses one posing as someone else', async () => {
    server = await startTestServer();
    const target = server;
    const document = await buildDocument(target.storage, target.owner.id);
    const honest = await buildUser(target.storage, {
      name: 'Anna Svensson',
      organisation: 'DIGG',
      role: 'commenter',
      documentId: document.id,
    });
    const impostor = await buildUser(target.storage, { role: 'viewer', documentId: document.id });
    const connect = (userId: string) => {
      const client = connectClient(
        target.url,
        document.id,
        () => target.tokens.issue(userId, document.id).token,
      );
      clients.push(client);
      return client;
    };
    const watcher = connect(target.owner.id);
    const anna = connect(honest.id);
    const faker = connect(impostor.id);
    await Promise.all([watcher.synced, anna.synced, faker.synced]);

    const closes: number[] = [];
    faker.provider.on('close', ({ event }: { event: { code: number } }) => {
      closes.push(event.code);
    });
    anna.provider.setAwarenessField('user', { name: presenceName(honest), color: '#123456' });
    faker.provider.setAwarenessField('user', { name: presenceName(honest), color: '#654321' });

    const names = () =>
      [...(watcher.provider.awareness?.getStates().values() ?? [])].map(
        (state) => (state as { user?: { name?: string } }).user?.name,
      );
    await expect.poll(names, { timeout: 2_000 }).toContain(presenceName(honest));
    // Hocuspocus ends the document connection with the reason (message-refused) in a Close
    // message; the provider sees its connection close.
    await expect.poll(() => closes.length, { timeout: 2_000 }).toBeGreaterThan(0);
    // Only Anna's own state carries her name; the impostor's never reached the watcher.
    expect(names().filter((name) => name === presenceName(honest))).toHaveLength(1);
  });
});
