import type { JSONContent } from '@tiptap/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  compareResponseSchema,
  createVersionResponseSchema,
  listVersionsResponseSchema,
  restoreVersionResponseSchema,
  versionWithContentSchema,
} from '../../../../shared/api/versions.ts';
import type { BlockChange } from '../../../../shared/diff/diffDocuments.ts';
import { MAX_VERSION_NAME_LENGTH } from '../../../../shared/limits.ts';
import { flattenText } from '../../../comments/anchors/flattenText.ts';
import { parseContent } from '../../../editor/schema.ts';
import { yDocToProseMirror } from '../../../editor/yDocToProseMirror.ts';
import { connectClient, type TestClient } from '../../../test/collabClient.ts';
import {
  buildPerson,
  call,
  expectError,
  expectOk,
  listThreads,
  quoteTarget,
  startThread,
  type Person,
} from '../../../test/commentFixtures.ts';
import { buildDocument } from '../../../test/factories.ts';
import { startTestServer, type TestServer } from '../../../test/startTestServer.ts';
import {
  deleteText,
  formatText,
  insertText,
  splitBlock,
  typeIntoEmptyBlock,
} from '../../../test/yEdits.ts';
import { applyContent } from '../../../versions/applyContent.ts';
import { toTiptapJson } from '../../../editor/toTiptapJson.ts';

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

const heading = (id: string, text: string): JSONContent => ({
  type: 'heading',
  attrs: { id, level: 2 },
  content: [{ type: 'text', text }],
});
const paragraph = (id: string, text: string): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content: [{ type: 'text', text }],
});

/** A draft of three sections, owned by a fresh owner, with an editor connected to it. */
async function draft(...content: JSONContent[]) {
  const owner = await buildPerson(server, null, null);
  const document = await buildDocument(server.storage, owner.user.id, {
    content: { type: 'doc', content },
  });
  const editor = await buildPerson(server, document.id, 'editor');
  const client = connectClient(
    server.url,
    document.id,
    () => server.tokens.issue(editor.user.id, document.id).token,
  );
  clients.push(client);
  await client.synced;
  return { documentId: document.id, owner, editor, client };
}

/** Runs an edit on the editor's Y.Doc and waits until the server has stored it. */
async function edit(client: TestClient, change: (doc: Y.Doc) => void): Promise<void> {
  change(client.ydoc);
  await client.allAcked();
}

/** Flat offset of the first occurrence of `text` in the document. */
function offsetOf(doc: Y.Doc, text: string): number {
  const at = flattenText(doc).text.indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not in the document`);
  return at;
}

const contentOf = (client: TestClient) => toTiptapJson(yDocToProseMirror(client.ydoc));

async function nameVersion(as: Person, documentId: string, name: string): Promise<string> {
  const created = await expectOk(
    await call(server, as, 'POST', `/documents/${documentId}/versions`, { name }),
    201,
    createVersionResponseSchema,
  );
  return created.id;
}

async function readVersion(as: Person, documentId: string, versionId: string) {
  return expectOk(
    await call(server, as, 'GET', `/documents/${documentId}/versions/${versionId}`),
    200,
    versionWithContentSchema,
  );
}

async function compare(as: Person, documentId: string, from: string, to: string) {
  const query = new URLSearchParams({ from, to });
  return expectOk(
    await call(server, as, 'GET', `/documents/${documentId}/compare?${query.toString()}`),
    200,
    compareResponseSchema,
  );
}

async function restore(as: Person, documentId: string, versionId: string) {
  return expectOk(
    await call(server, as, 'POST', `/documents/${documentId}/versions/${versionId}/restore`),
    200,
    restoreVersionResponseSchema,
  );
}

/** The changes of a comparison other than unchanged blocks. */
const changes = (blocks: readonly BlockChange[]) =>
  blocks.filter((block) => block.type !== 'unchanged');

describe('a version holds the text as it was made', () => {
  it('gives back exactly that text, as JSON and as safe HTML, after later edits', async () => {
    const { documentId, editor, client } = await draft(
      heading('h1', 'Bakgrund'),
      paragraph('p1', 'Myndigheten ska publicera data <script>alert(1)</script>.'),
      paragraph('p2', 'Läs mer hos DIGG eller här.'),
    );
    await edit(client, (doc) => {
      insertText(doc, offsetOf(doc, 'publicera'), 'snabbt ');
      const digg = offsetOf(doc, 'DIGG');
      formatText(doc, digg, digg + 4, { link: { href: 'https://www.digg.se/' } });
      const here = offsetOf(doc, 'här');
      formatText(doc, here, here + 3, { link: { href: 'javascript:alert(1)' } });
    });
    const then = contentOf(client);
    const id = await nameVersion(editor, documentId, '  Utkast 1  ');

    await edit(client, (doc) =>
      deleteText(doc, offsetOf(doc, 'Bakgrund'), offsetOf(doc, 'Bakgrund') + 3),
    );
    expect(contentOf(client)).not.toEqual(then);

    const version = await readVersion(editor, documentId, id);
    expect(version).toMatchObject({
      kind: 'named',
      name: 'Utkast 1',
      note: null,
      createdBy: { id: editor.user.id },
      authors: [{ id: editor.user.id }],
    });
    expect(version.content).toEqual(then);

    const response = await call(
      server,
      editor,
      'GET',
      `/documents/${documentId}/versions/${id}/html`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<h2 data-id="h1">Bakgrund</h2>');
    expect(html).toContain('snabbt publicera data &lt;script&gt;alert(1)&lt;/script&gt;.');
    expect(html).not.toContain('<script');
    expect(html).toContain(
      '<a href="https://www.digg.se/" rel="noopener noreferrer nofollow">DIGG</a>',
    );
    expect(html).not.toContain('javascript:');
    expect(html).toContain(' eller här.</p>');
  });

  it('lists versions newest first with a summary of each change', async () => {
    const { documentId, editor, client } = await draft(paragraph('p1', 'Ett två tre.'));
    const first = await nameVersion(editor, documentId, 'Första');
    await edit(client, (doc) => insertText(doc, offsetOf(doc, 'tre'), 'och en halv '));
    const second = await call(server, editor, 'POST', `/documents/${documentId}/versions`, {
      name: 'Andra',
      note: 'Efter workshopen.',
    });
    expect(second.status).toBe(201);
    const { versions } = await expectOk(
      await call(server, editor, 'GET', `/documents/${documentId}/versions`),
      200,
      listVersionsResponseSchema,
    );
    const named = versions.filter((version) => version.kind === 'named');
    expect(named.map((version) => version.name)).toEqual(['Andra', 'Första']);
    expect(named[0]).toMatchObject({
      note: 'Efter workshopen.',
      summary: { wordsAdded: 3, wordsRemoved: 0, paragraphsChanged: 1 },
    });
    // The first version is compared with an empty text.
    expect(named[1]?.id).toBe(first);
    expect(named[1]?.summary).toEqual({ wordsAdded: 3, wordsRemoved: 0, paragraphsChanged: 1 });
  });

  it('refuses an empty or too long name and an unknown version', async () => {
    const { documentId, editor } = await draft(paragraph('p1', 'Text.'));
    const path = `/documents/${documentId}/versions`;
    await expectError(
      await call(server, editor, 'POST', path, { name: '   ' }),
      400,
      'invalid_input',
    );
    await expectError(
      await call(server, editor, 'POST', path, { name: 'x'.repeat(MAX_VERSION_NAME_LENGTH + 1) }),
      400,
      'invalid_input',
    );
    await expectError(await call(server, editor, 'GET', `${path}/nope`), 404, 'not_found');
    await expectError(
      await call(server, editor, 'GET', `/documents/${documentId}/compare?from=nope&to=current`),
      404,
      'not_found',
    );
    await expectError(
      await call(server, editor, 'GET', `/documents/${documentId}/compare?from=current`),
      400,
      'invalid_input',
    );
  });
});

describe('comparing versions', () => {
  it('shows a word inserted, a sentence deleted, a split, a moved section and a renamed heading', async () => {
    const { documentId, editor, client } = await draft(
      heading('h1', 'Bakgrund'),
      paragraph('p1', 'Myndigheten ska publicera data. Uppgifterna ska vara öppna.'),
      heading('h2', 'Syfte'),
      paragraph('p2', 'Syftet är att öka återanvändningen. Det gäller alla myndigheter.'),
      heading('h3', 'Avgifter'),
      paragraph('p3', 'Avgifter tas inte ut för öppna data.'),
    );
    const v0 = await nameVersion(editor, documentId, 'Start');

    // A word inserted.
    await edit(client, (doc) => insertText(doc, offsetOf(doc, 'publicera'), 'snabbt '));
    const v1 = await nameVersion(editor, documentId, 'Ord');
    const inserted = await compare(editor, documentId, v0, v1);
    expect(changes(inserted.diff.blocks)).toHaveLength(1);
    expect(changes(inserted.diff.blocks)[0]).toMatchObject({
      type: 'changed',
      after: { id: 'p1' },
      ops: [
        { type: 'equal', text: 'Myndigheten ska ' },
        { type: 'insert', text: 'snabbt ' },
        { type: 'equal', text: 'publicera data. Uppgifterna ska vara öppna.' },
      ],
    });
    expect(inserted.diff.summary).toMatchObject({ wordsAdded: 1, wordsRemoved: 0 });

    // A sentence deleted.
    await edit(client, (doc) => {
      const from = offsetOf(doc, ' Uppgifterna');
      deleteText(doc, from, from + ' Uppgifterna ska vara öppna.'.length);
    });
    const v2 = await nameVersion(editor, documentId, 'Mening');
    const deleted = await compare(editor, documentId, v1, v2);
    expect(changes(deleted.diff.blocks)).toHaveLength(1);
    expect(changes(deleted.diff.blocks)[0]?.ops).toContainEqual({
      type: 'delete',
      text: ' Uppgifterna ska vara öppna.',
    });
    expect(deleted.diff.summary).toMatchObject({ wordsAdded: 0, wordsRemoved: 4 });

    // A paragraph split in two.
    await edit(client, (doc) => splitBlock(doc, offsetOf(doc, 'Det gäller'), 'p2b'));
    const v3 = await nameVersion(editor, documentId, 'Delning');
    const split = await compare(editor, documentId, v2, v3);
    expect(changes(split.diff.blocks).map((block) => block.type)).toEqual(['changed', 'inserted']);
    expect(split.diff.summary).toMatchObject({ paragraphsChanged: 1, paragraphsInserted: 1 });

    // The section "Avgifter" moved before "Syfte", as the editor's binding writes a move.
    await edit(client, (doc) => {
      const blocks = contentOf(client).content ?? [];
      const [h1, p1, h2, p2, p2b, h3, p3] = blocks;
      const moved = [h1, p1, h3, p3, h2, p2, p2b].filter((block) => block !== undefined);
      doc.transact(() => applyContent(doc, parseContent({ type: 'doc', content: moved })));
    });
    const v4 = await nameVersion(editor, documentId, 'Flytt');
    const move = await compare(editor, documentId, v3, v4);
    expect(move.diff.summary.sectionsMoved).toBe(1);
    const movedSection = move.diff.sections.find((section) => section.type === 'moved');
    expect(movedSection?.after.title).toMatch(/^(Avgifter|Syfte)$/);
    expect(move.diff.summary).toMatchObject({ wordsAdded: 0, wordsRemoved: 0 });

    // A heading renamed.
    await edit(client, (doc) =>
      insertText(doc, offsetOf(doc, 'Syfte') + 'Syfte'.length, ' och mål'),
    );
    const renamed = await compare(editor, documentId, v4, 'current');
    expect(renamed.diff.summary.sectionsRenamed).toBe(1);
    expect(renamed.diff.sections.find((section) => section.type === 'renamed')).toMatchObject({
      before: { title: 'Syfte' },
      after: { title: 'Syfte och mål' },
    });
  });
});

describe('restoring a version', () => {
  it('keeps surviving threads anchored, marks the others, and can be undone exactly', async () => {
    const { documentId, editor, client } = await draft(
      paragraph('p1', 'Första stycket står kvar i alla versioner.'),
      paragraph('p2', 'Andra stycket.'),
    );
    const v1 = await nameVersion(editor, documentId, 'Utkast 1');
    const v1Content = contentOf(client);

    await edit(client, (doc) => {
      const end = offsetOf(doc, 'Andra stycket.') + 'Andra stycket.'.length;
      splitBlock(doc, end, 'p3');
      typeIntoEmptyBlock(doc, 'p3', 'Tredje stycket kom till senare.');
      insertText(doc, offsetOf(doc, 'kvar'), 'verkligen ');
    });
    const beforeRestore = contentOf(client);
    const commenter = await buildPerson(server, documentId, 'commenter');
    const surviving = await startThread(server, commenter, documentId, {
      target: quoteTarget('står verkligen kvar'),
      body: 'Bra.',
    });
    const removed = await startThread(server, commenter, documentId, {
      target: quoteTarget('Tredje stycket'),
      body: 'Varför?',
    });

    const first = await restore(editor, documentId, v1);
    await waitForText(client, v1Content);
    const threads = await listThreads(server, commenter, documentId);
    const anchorOf = (id: string) => threads.find((thread) => thread.id === id)?.anchor;
    // "verkligen " is not in version 1: the passage around it survives, so the thread keeps its
    // anchor on what is left of it.
    expect(anchorOf(surviving.id)).toMatchObject({ status: 'anchored', exact: 'står kvar' });
    expect(anchorOf(removed.id)).toMatchObject({ status: 'removed', exact: 'Tredje stycket' });

    // The text before the restore is kept as a checkpoint.
    const checkpoint = await readVersion(editor, documentId, first.checkpointId);
    expect(checkpoint).toMatchObject({ kind: 'checkpoint', reason: 'before-restore' });
    expect(checkpoint.content).toEqual(beforeRestore);

    // Restoring again changes nothing, and restoring the first checkpoint undoes it exactly.
    const second = await restore(editor, documentId, v1);
    expect((await readVersion(editor, documentId, second.checkpointId)).content).toEqual(v1Content);
    expect(contentOf(client)).toEqual(v1Content);
    await restore(editor, documentId, first.checkpointId);
    await waitForText(client, beforeRestore);
    const stored = await compare(editor, documentId, first.checkpointId, 'current');
    expect(changes(stored.diff.blocks)).toEqual([]);

    const after = await listThreads(server, commenter, documentId);
    expect(after.find((thread) => thread.id === surviving.id)?.anchor.status).toBe('anchored');
  });
});

/** Waits until the editor's own copy shows `content` (a restore arrives over the socket). */
async function waitForText(client: TestClient, content: JSONContent): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (JSON.stringify(contentOf(client)) !== JSON.stringify(content)) {
    if (Date.now() > deadline) expect(contentOf(client)).toEqual(content);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('who may use versions', () => {
  it('lets a viewer read but not a commenter create or restore', async () => {
    const { documentId, editor } = await draft(paragraph('p1', 'Text att läsa.'));
    const id = await nameVersion(editor, documentId, 'Utkast');
    const viewer = await buildPerson(server, documentId, 'viewer');
    const commenter = await buildPerson(server, documentId, 'commenter');
    for (const path of [
      `/documents/${documentId}/versions`,
      `/documents/${documentId}/versions/${id}`,
      `/documents/${documentId}/versions/${id}/html`,
      `/documents/${documentId}/compare?from=${id}&to=current`,
    ]) {
      expect((await call(server, viewer, 'GET', path)).status, path).toBe(200);
    }
    for (const as of [viewer, commenter]) {
      await expectError(
        await call(server, as, 'POST', `/documents/${documentId}/versions`, { name: 'Nej' }),
        403,
        'forbidden',
      );
      await expectError(
        await call(server, as, 'POST', `/documents/${documentId}/versions/${id}/restore`),
        403,
        'forbidden',
      );
    }
    expect(await server.storage.versions.count(documentId)).toBe(1);
  });
});
