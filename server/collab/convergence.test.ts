import fs from 'node:fs';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { WebSocketStatus } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildTextDocument } from '../test/commentFixtures.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { randomEdit, type EditKind } from '../test/randomEdit.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';

/**
 * Convergence under concurrency and disconnects, the Yjs test-suite way: seeded random edits
 * from several real providers against a real server and SQLite file, with random disconnects.
 * Afterwards every client must hold the same document, and so must the database, both read
 * directly and loaded by a restarted server.
 *
 * `npm test` runs 2,000 edits, which take about 10 s on a two-core machine; `npm run fuzz` runs
 * the full 10,000 (about 35 s alone, too long to share the machine with the rest of `npm test`).
 * REMISS_FUZZ_SEED replays a run's choice of edits, clients and disconnects (the network's
 * timing still varies); REMISS_FUZZ_OPERATIONS sets the number of edits.
 */
const CLIENTS = 5;
const OPERATIONS = Number(process.env['REMISS_FUZZ_OPERATIONS'] ?? 2_000);
const DISCONNECT_CHANCE = 0.02;
/** Edits made between two turns of the event loop, so that clients run ahead of each other. */
const EDITS_PER_TURN = 8;
const seed = Number(process.env['REMISS_FUZZ_SEED'] || Math.floor(Math.random() * 2 ** 32));
if (!Number.isInteger(seed)) throw new Error(`REMISS_FUZZ_SEED must be an integer, not ${seed}`);

const dataDir = makeTempDir('remiss-fuzz-');
let server: TestServer | null = null;
const clients: TestClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What two documents must agree on: the tree with its formatting, and the Yjs snapshot. */
function contentOf(doc: Y.Doc): { xml: string; snapshot: Y.Snapshot } {
  return { xml: doc.getXmlFragment(YJS_FRAGMENT).toJSON(), snapshot: Y.snapshot(doc) };
}

/** Where two documents' Yjs histories differ, for the failure message. */
function historyDifference(actual: Y.Doc, expected: Y.Doc): string {
  const clocks = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));
  const a = clocks(actual);
  const b = clocks(expected);
  const clients = [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id));
  const pending = (doc: Y.Doc) => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  return (
    `clocks differ for ${clients.map((id) => `${id}: ${a.get(id)} vs ${b.get(id)}`).join(', ') || 'no client'}; ` +
    `pending ${pending(actual)} vs ${pending(expected)}`
  );
}

function expectSame(actual: Y.Doc, expected: Y.Doc, what: string, context: string): void {
  const a = contentOf(actual);
  const b = contentOf(expected);
  expect(a.xml, `${what} differs; ${context}`).toBe(b.xml);
  expect(
    Y.equalSnapshots(a.snapshot, b.snapshot),
    `${what}: history differs (${historyDifference(actual, expected)}); ${context}`,
  ).toBe(true);
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects a client whose socket is fully closed. The provider's `connect()` does nothing while
 * a close it was asked for is still under way, and would then stay offline, so a client that is
 * still closing is left for a later call.
 */
function reconnect(client: TestClient, errors: unknown[]): boolean {
  if (client.socket.status !== WebSocketStatus.Disconnected) return false;
  client.socket.connect().catch((error: unknown) => errors.push(error));
  return true;
}

/**
 * Reconnects every client, then waits until each is synced, has nothing unacknowledged and holds
 * the state of the document the server has loaded. Returns that document.
 */
async function settle(
  target: TestServer,
  documentId: string,
  errors: unknown[],
  timeoutMs: number,
  context: string,
): Promise<Y.Doc> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    for (const client of clients) reconnect(client, errors);
    const serverDoc = target.engine.hocuspocus.documents.get(documentId);
    const serverState = serverDoc ? Y.encodeStateVector(serverDoc).toString() : null;
    const pending = clients.filter(
      (client) =>
        !client.provider.synced ||
        client.provider.unsyncedChanges > 0 ||
        Y.encodeStateVector(client.ydoc).toString() !== serverState,
    );
    if (serverDoc && pending.length === 0) return serverDoc;
    if (performance.now() > deadline) {
      const states = pending.map(
        (client) =>
          `client ${clients.indexOf(client)}: socket ${client.socket.status}, ` +
          `synced ${client.provider.synced}, unacknowledged ${client.provider.unsyncedChanges}`,
      );
      throw new Error(
        `${pending.length} clients did not converge in ${timeoutMs} ms (${states.join('; ')}); ` +
          context,
      );
    }
    await sleep(20);
  }
}

describe('convergence fuzz', () => {
  it(
    `${CLIENTS} clients, ${OPERATIONS} random edits, ${DISCONNECT_CHANCE * 100} % disconnects`,
    { timeout: 30_000 + OPERATIONS * 15 },
    async () => {
      const context = `seed ${seed} (replay with REMISS_FUZZ_SEED=${seed})`;
      onTestFailed(() => {
        console.error(`convergence fuzz failed; ${context}`);
      });
      const random = seededRandom(seed);
      const startedAt = performance.now();
      server = await startTestServer({ dataDir });
      const documentId = await buildTextDocument(
        server.storage,
        LOCAL_USER_ID,
        'Myndigheten ska publicera sin rapport.',
        'Remissvar lämnas senast den 1 maj.',
        'Synpunkter på förslaget välkomnas.',
      );
      const live = server;
      for (let i = 0; i < CLIENTS; i++) {
        clients.push(connectLocalUser(live, documentId));
      }
      await Promise.all(clients.map((client) => client.synced));

      const stats: Record<EditKind | 'disconnect' | 'reconnect', number> = {
        insert: 0,
        delete: 0,
        format: 0,
        split: 0,
        join: 0,
        'delete-across': 0,
        disconnect: 0,
        reconnect: 0,
      };
      const connectionErrors: unknown[] = [];
      for (let n = 0; n < OPERATIONS; n++) {
        if (random.chance(DISCONNECT_CHANCE)) {
          // Toggle one client: take it offline if it is connected, bring it back if it is
          // offline; a client still connecting or closing is left as it is.
          const client = clients[random.int(CLIENTS)];
          if (client?.socket.status === WebSocketStatus.Connected) {
            client.socket.disconnect();
            stats.disconnect += 1;
          } else if (client && reconnect(client, connectionErrors)) {
            stats.reconnect += 1;
          }
        }
        const index = random.int(CLIENTS);
        const client = clients[index];
        if (!client) throw new Error('no client');
        stats[randomEdit(client.ydoc, random, `c${index}-${n}`)] += 1;
        if (n % EDITS_PER_TURN === EDITS_PER_TURN - 1) await turn();
      }
      const editedMs = performance.now() - startedAt;

      const serverDoc = await settle(live, documentId, connectionErrors, 60_000, context);
      expect(connectionErrors, context).toEqual([]);
      const reference = clients[0]?.ydoc;
      if (!reference) throw new Error('no client');
      clients.forEach((client, i) => expectSame(client.ydoc, reference, `client ${i}`, context));
      expectSame(serverDoc, reference, "the server's document", context);

      // What the database holds, read through the store while the server runs.
      const stored = await live.storage.updates.load(documentId);
      const fromStore = new Y.Doc();
      if (stored.state) Y.applyUpdate(fromStore, stored.state.data);
      for (const update of stored.updates) Y.applyUpdate(fromStore, update.data);
      expectSame(fromStore, reference, 'the document loaded from SQLite', context);

      // And what a restarted server loads from the same file.
      const expected = new Y.Doc();
      Y.applyUpdate(expected, Y.encodeStateAsUpdate(reference));
      for (const client of clients.splice(0)) client.destroy();
      await live.destroy();
      server = await startTestServer({ dataDir });
      const reader = connectLocalUser(server, documentId);
      clients.push(reader);
      await reader.synced;
      expectSame(reader.ydoc, expected, 'the document a restarted server loads', context);

      // The run exercised every kind of edit and real disconnects, not just typing.
      for (const [kind, count] of Object.entries(stats)) {
        expect(count, `no ${kind} happened; ${context}`).toBeGreaterThan(0);
      }
      console.info(
        `convergence fuzz: ${context}: ${OPERATIONS} edits in ${Math.round(editedMs)} ms, ` +
          `converged and verified after ${Math.round(performance.now() - startedAt)} ms; ` +
          `${JSON.stringify(stats)}; ${contentOf(expected).xml.length} characters of XML`,
      );
    },
  );
});
