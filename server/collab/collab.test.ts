import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import { insertText, paragraphsDoc } from '../test/yEdits.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';

let server: TestServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.destroy();
  server = null;
});

describe('collaboration', () => {
  it('delivers an edit made on one client to the other', async () => {
    server = await startTestServer();
    const doc = await server.storage.documents.create({
      id: 'doc-1',
      title: 'Test',
      ownerId: LOCAL_USER_ID,
      initialState: contentToYUpdate(paragraphsDoc('Text.')),
    });
    const a = connectLocalUser(server, doc.id);
    const b = connectLocalUser(server, doc.id);
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);

    const received = new Promise<void>((resolve) => {
      b.ydoc.on('update', () => {
        if (flattenText(b.ydoc).text.startsWith('hej ')) resolve();
      });
    });
    insertText(a.ydoc, 0, 'hej ');
    await received;
    await a.allAcked();
    expect(flattenText(b.ydoc).text).toBe(flattenText(a.ydoc).text);
  });
});
