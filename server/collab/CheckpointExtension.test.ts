import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPACTION_DEBOUNCE_MS } from '../../shared/limits.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { buildPerson } from '../test/commentFixtures.ts';
import { buildDocument } from '../test/factories.ts';
import { startTestServer, testLogger, type TestServer } from '../test/startTestServer.ts';
import { buildDoc, insertText, paragraphsDoc } from '../test/yEdits.ts';
import { EditTracker } from '../versions/EditTracker.ts';
import { VersionRecorder } from '../versions/VersionRecorder.ts';
import { CheckpointExtension } from './CheckpointExtension.ts';

let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await server.destroy();
});

const checkpointsOf = async (documentId: string) =>
  (await server.storage.versions.listForDocument(documentId, 100)).filter(
    (version) => version.kind === 'checkpoint',
  );

describe('the checkpoint rule', () => {
  it('takes one checkpoint per interval while the text changes, and none when it does not', async () => {
    const document = await buildDocument(server.storage, server.owner.id, {
      content: paragraphsDoc('Ett stycke.'),
    });
    const tracker = new EditTracker();
    const recorder = new VersionRecorder(server.storage, testLogger());
    const anna = await buildPerson(server, document.id, 'editor');
    const bertil = await buildPerson(server, document.id, 'editor');
    let now = Date.now();
    const extension = new CheckpointExtension(server.storage, recorder, tracker, testLogger(), {
      intervalMs: 60_000,
      now: () => now,
    });
    const doc = buildDoc(paragraphsDoc('Ett stycke.'));

    // Nothing changed: nothing to keep.
    expect(await extension.checkpointIfDue(document.id, doc)).toBe(false);

    tracker.noteEdit(document.id, anna.user.id);
    insertText(doc, 0, 'Nu ');
    expect(await extension.checkpointIfDue(document.id, doc)).toBe(true);

    // A busy stretch inside the interval is merged into the next checkpoint.
    for (let step = 0; step < 50; step += 1) {
      now += 1_000;
      tracker.noteEdit(document.id, (step % 2 ? anna : bertil).user.id);
      insertText(doc, 0, 'x');
      expect(await extension.checkpointIfDue(document.id, doc)).toBe(false);
    }
    now += 10_001;
    expect(await extension.checkpointIfDue(document.id, doc)).toBe(true);
    // And after it, with no edit, none.
    now += 120_000;
    expect(await extension.checkpointIfDue(document.id, doc)).toBe(false);

    const checkpoints = await checkpointsOf(document.id);
    expect(checkpoints).toHaveLength(2);
    expect(checkpoints[0]).toMatchObject({
      reason: 'interval',
      authors: [bertil.user.id, anna.user.id],
      summary: { wordsAdded: 1, wordsRemoved: 1, paragraphsChanged: 1 },
    });
    const stored = await recorder.readState(document.id, checkpoints[0]?.id ?? '');
    const restored = new Y.Doc();
    Y.applyUpdate(restored, stored ?? new Uint8Array());
    expect(flattenText(restored).text).toBe(flattenText(doc).text);
  });

  it('merges many edits over the socket into one checkpoint', async () => {
    const document = await buildDocument(server.storage, server.owner.id, {
      content: paragraphsDoc('Början.'),
    });
    const editor = await buildPerson(server, document.id, 'editor');
    const client = connectClient(
      server.url,
      document.id,
      () => server.tokens.issue(editor.user.id, document.id).token,
    );
    clients.push(client);
    await client.synced;
    const type = async (count: number) => {
      for (let key = 0; key < count; key += 1) {
        insertText(client.ydoc, 0, 'a');
        await client.allAcked();
      }
    };
    await type(40);
    let checkpoints = await checkpointsOf(document.id);
    // The first store after the edits (the compaction debounce) takes the checkpoint.
    const deadline = Date.now() + COMPACTION_DEBOUNCE_MS + 5_000;
    while (checkpoints.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      checkpoints = await checkpointsOf(document.id);
    }
    expect(checkpoints).toHaveLength(1);

    await type(40);
    // Let the next store happen: it finds the newest version younger than the interval.
    await new Promise((resolve) => setTimeout(resolve, COMPACTION_DEBOUNCE_MS + 500));
    checkpoints = await checkpointsOf(document.id);
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]).toMatchObject({
      reason: 'interval',
      createdBy: editor.user.id,
      authors: [editor.user.id],
    });
  });
});
