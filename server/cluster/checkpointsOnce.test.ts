import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMPACTION_DEBOUNCE_MS } from '../../shared/limits.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { buildPerson } from '../test/commentFixtures.ts';
import { buildDocument } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { clusterTestServices } from '../test/testCluster.ts';
import { createTestDatabase, type TestDatabase } from '../test/testPostgres.ts';
import { insertText, paragraphsDoc } from '../test/yEdits.ts';

/**
 * Automatic checkpoints with two nodes (in one process here, each with its own engine, Redis
 * connections and cluster identity): a document edited on both is checkpointed once, not once
 * per node, and that checkpoint lists the authors of both nodes.
 */
const services = clusterTestServices();

describe.skipIf(services === null)('checkpoints on two nodes', () => {
  let database: TestDatabase;
  let nodeA: TestServer;
  let nodeB: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(services?.postgresUrl ?? '');
    const config = { postgresUrl: database.url, redisUrl: services?.redisUrl ?? '' };
    nodeA = await startTestServer({ config });
    nodeB = await startTestServer({ config });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await nodeA.destroy();
    await nodeB.destroy();
    await database.drop();
  });

  it('takes one checkpoint for edits on both nodes, listing both authors', async () => {
    // A document without versions: its first store on any node finds a checkpoint due.
    const document = await buildDocument(nodeA.storage, nodeA.owner.id, {
      content: paragraphsDoc('Utkast.'),
    });
    const anna = await buildPerson(nodeA, document.id, 'editor', { name: 'Anna' });
    const bertil = await buildPerson(nodeA, document.id, 'editor', { name: 'Bertil' });
    const onA = connectClient(
      nodeA.url,
      document.id,
      () => nodeA.tokens.issue(anna.user.id, document.id).token,
    );
    const onB = connectClient(
      nodeB.url,
      document.id,
      () => nodeB.tokens.issue(bertil.user.id, document.id).token,
    );
    clients.push(onA, onB);
    await Promise.all([onA.synced, onB.synced]);

    // Both type at once; each node's debounced store then runs its checkpoint rule.
    insertText(onA.ydoc, 0, 'Anna ');
    insertText(onB.ydoc, 0, 'Bertil ');
    await Promise.all([onA.allAcked(), onB.allAcked()]);

    const checkpoints = async () =>
      (await nodeA.storage.versions.listForDocument(document.id, 100)).filter(
        (version) => version.kind === 'checkpoint',
      );
    await vi.waitFor(async () => expect(await checkpoints()).toHaveLength(1), {
      timeout: COMPACTION_DEBOUNCE_MS * 10,
      interval: 100,
    });
    // Both nodes' stores have run (they follow the same edits by the same debounce); a second
    // checkpoint would have to come from the node that did not take the first.
    await nodeA.engine.persistence.storeAll();
    await nodeB.engine.persistence.storeAll();
    const taken = await checkpoints();
    expect(taken).toHaveLength(1);
    expect(new Set(taken[0]?.authors)).toEqual(new Set([anna.user.id, bertil.user.id]));
  });
});
