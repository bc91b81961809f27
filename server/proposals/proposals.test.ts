import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { threadSchema, type Thread } from '../../shared/api/comments.ts';
import {
  preparedProposalResponseSchema,
  proposalConflictDetailsSchema,
} from '../../shared/api/proposals.ts';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import {
  buildPerson,
  buildTextDocument,
  call,
  connectListener,
  expectError,
  expectOk,
  listThreads,
  quoteTarget,
  waitFor,
  type Person,
} from '../test/commentFixtures.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { deleteText, insertText } from '../test/yEdits.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.destroy();
});

interface Cast {
  documentId: string;
  owner: Person;
  editor: Person;
  commenter: Person;
  viewer: Person;
}

async function cast(...texts: string[]): Promise<Cast> {
  const owner = await buildPerson(server, null, null);
  const documentId = await buildTextDocument(server.storage, owner.user.id, ...texts);
  return {
    documentId,
    owner,
    editor: await buildPerson(server, documentId, 'editor', {
      name: 'Eva Redaktör',
      organisation: 'Departementet',
    }),
    commenter: await buildPerson(server, documentId, 'commenter', {
      name: 'Kim Remissinstans',
      organisation: 'Länsstyrelsen',
    }),
    viewer: await buildPerson(server, documentId, 'viewer'),
  };
}

/** Every stored byte of a document's text: the compacted state and the log after it. */
async function storedBytes(documentId: string): Promise<string> {
  const content = await server.storage.updates.load(documentId);
  const parts = [content.state?.data ?? new Uint8Array(), ...content.updates.map((u) => u.data)];
  return parts.map((part) => Buffer.from(part).toString('hex')).join('|');
}

/** The stored text as a fresh load builds it. */
async function storedDoc(documentId: string): Promise<Y.Doc> {
  const content = await server.storage.updates.load(documentId);
  const doc = new Y.Doc();
  if (content.state) Y.applyUpdate(doc, content.state.data);
  for (const update of content.updates) Y.applyUpdate(doc, update.data);
  return doc;
}

/**
 * The stored document's full state, encoded afresh: equal for equal content however the store
 * has compacted its log in between (the last editor leaving compacts it).
 */
async function storedState(documentId: string): Promise<string> {
  const doc = await storedDoc(documentId);
  const state = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('hex');
  doc.destroy();
  return state;
}

async function storedText(documentId: string): Promise<string> {
  const doc = await storedDoc(documentId);
  const text = flattenText(doc).text;
  doc.destroy();
  return text;
}

/** The formatting runs of the first paragraph, as Yjs stores them. */
async function firstParagraphRuns(documentId: string) {
  const doc = await storedDoc(documentId);
  const paragraph = doc.getXmlFragment(YJS_FRAGMENT).get(0);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error('no first paragraph');
  const text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error('no text in the first paragraph');
  const delta = text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
  doc.destroy();
  return delta.map((op) => ({ insert: op.insert, marks: Object.keys(op.attributes ?? {}) }));
}

function propose(
  as: Person,
  documentId: string,
  target: ReturnType<typeof quoteTarget>,
  proposal: { text: string; marks?: unknown[] },
) {
  return call(server, as, 'POST', `/documents/${documentId}/threads`, {
    target,
    body: 'Vi föreslår en ny lydelse.',
    stance: 'editorial',
    proposal,
  });
}

async function proposed(
  as: Person,
  documentId: string,
  target: ReturnType<typeof quoteTarget>,
  proposal: { text: string; marks?: unknown[] },
): Promise<Thread> {
  return expectOk(await propose(as, documentId, target, proposal), 201, threadSchema);
}

const accept = (as: Person, threadId: string, body: Record<string, unknown> = {}) =>
  call(server, as, 'POST', `/threads/${threadId}/accept`, body);

const reject = (as: Person, threadId: string, reason: string) =>
  call(server, as, 'POST', `/threads/${threadId}/reject`, { reason });

function connectAs(person: Person, documentId: string): TestClient {
  return connectClient(
    server.url,
    documentId,
    () => server.tokens.issue(person.user.id, documentId).token,
  );
}

describe('proposing', () => {
  it("stores a commenter's proposal as a thread and leaves the stored text byte-identical", async () => {
    const { documentId, commenter } = await cast('Kommunen ska pröva ansökan inom tre månader.');
    const before = await storedBytes(documentId);
    const thread = await proposed(commenter, documentId, quoteTarget('tre månader'), {
      text: 'sex veckor',
      marks: [{ type: 'bold', from: 0, to: 3 }],
    });
    expect(thread.proposal).toMatchObject({
      placement: 'replace',
      original: 'tre månader',
      text: 'sex veckor',
      marks: [{ type: 'bold', from: 0, to: 3 }],
      state: 'open',
      decided: null,
      applied: null,
    });
    expect(thread.author).toMatchObject({
      name: 'Kim Remissinstans',
      organisation: 'Länsstyrelsen',
    });
    expect(thread.stance).toBe('editorial');
    expect(await storedBytes(documentId)).toBe(before);
    const [listed] = await listThreads(server, commenter, documentId);
    expect(listed?.proposal?.text).toBe('sex veckor');
  });

  it('refuses a viewer, a passage across paragraphs, a line break, an unsafe link and an empty insertion point', async () => {
    const { documentId, viewer, commenter } = await cast('Första stycket.', 'Andra stycket.');
    await expectError(
      await propose(viewer, documentId, quoteTarget('stycket'), { text: 'x' }),
      403,
      'forbidden',
    );
    await expectError(
      await propose(commenter, documentId, quoteTarget('stycket.\nAndra'), { text: 'x' }),
      400,
      'invalid_input',
    );
    await expectError(
      await propose(commenter, documentId, quoteTarget('Första'), { text: 'a\nb' }),
      400,
      'invalid_input',
    );
    await expectError(
      await propose(commenter, documentId, quoteTarget('Första'), {
        text: 'Läs här',
        marks: [{ type: 'link', from: 0, to: 4, href: 'javascript:alert(1)' }],
      }),
      400,
      'invalid_input',
    );
    await expectError(
      await call(server, commenter, 'POST', `/documents/${documentId}/threads`, {
        target: quoteTarget(''),
        body: 'Ingen plats.',
      }),
      400,
      'invalid_input',
    );
    expect(await listThreads(server, commenter, documentId)).toEqual([]);
  });

  it('after the comment period no new proposal comes in, but editors still decide', async () => {
    const { documentId, owner, editor, commenter } = await cast('Beslutet gäller i fem år.');
    const early = await proposed(commenter, documentId, quoteTarget('fem år'), { text: 'tio år' });
    await call(server, owner, 'PUT', `/documents/${documentId}/comment-period`, {
      closesAt: new Date(Date.now() - 1000).toISOString(),
    });
    const late = await expectError(
      await propose(commenter, documentId, quoteTarget('Beslutet'), { text: 'Domen' }),
      409,
      'conflict',
    );
    expect(late.details).toMatchObject({ reason: 'comment-period-closed' });
    const decided = await expectOk(await accept(editor, early.id), 200, threadSchema);
    expect(decided.proposal?.state).toBe('accepted');
    expect(await storedText(documentId)).toBe('Beslutet gäller i tio år.');
  });
});

describe('accepting and rejecting', () => {
  it('applies exactly the replacement, with its formatting, and records who decided and when', async () => {
    const { documentId, editor, commenter } = await cast(
      'Kommunen ska pröva ansökan inom tre månader.',
      'Ett annat stycke.',
    );
    const thread = await proposed(commenter, documentId, quoteTarget('tre månader'), {
      text: 'sex veckor',
      marks: [
        { type: 'bold', from: 0, to: 3 },
        { type: 'link', from: 4, to: 10, href: 'https://example.se/veckor' },
      ],
    });
    const listener = await connectListener(server, editor, documentId);
    try {
      const before = Date.now();
      const decided = await expectOk(await accept(editor, thread.id), 200, threadSchema);
      expect(await storedText(documentId)).toBe(
        'Kommunen ska pröva ansökan inom sex veckor.\nEtt annat stycke.',
      );
      expect(await firstParagraphRuns(documentId)).toEqual([
        { insert: 'Kommunen ska pröva ansökan inom ', marks: [] },
        { insert: 'sex', marks: ['bold'] },
        { insert: ' ', marks: [] },
        { insert: 'veckor', marks: ['link'] },
        { insert: '.', marks: [] },
      ]);
      expect(decided.proposal).toMatchObject({
        state: 'accepted',
        decided: { by: { id: editor.user.id, name: 'Eva Redaktör' }, reason: '' },
        applied: { text: 'sex veckor' },
      });
      expect(Date.parse(decided.proposal?.decided?.at ?? '')).toBeGreaterThanOrEqual(before - 1);
      expect(decided.disposition).toMatchObject({ value: 'accepted', by: { id: editor.user.id } });
      expect(decided.author).toMatchObject({
        id: commenter.user.id,
        organisation: 'Länsstyrelsen',
      });
      const history = await server.storage.threads.historyForDocument(documentId);
      expect(history).toContainEqual(
        expect.objectContaining({
          threadId: thread.id,
          kind: 'disposition',
          value: 'accepted',
          by: editor.user.id,
        }),
      );
      await waitFor(
        () =>
          listener.messages.some(
            ({ message }) =>
              message.type === 'threads-changed' && message.threadIds.includes(thread.id),
          ),
        5000,
        'threads-changed after accepting',
      );
      await expectError(await accept(editor, thread.id), 409, 'conflict');
    } finally {
      listener.destroy();
    }
  });

  it('rejects with a reason and leaves the text unchanged', async () => {
    const { documentId, editor, commenter } = await cast('Avgiften är 500 kronor.');
    const thread = await proposed(commenter, documentId, quoteTarget('500'), { text: '300' });
    const before = await storedBytes(documentId);
    await expectError(
      await call(server, editor, 'POST', `/threads/${thread.id}/reject`, { reason: ' ' }),
      400,
      'invalid_input',
    );
    const decided = await expectOk(
      await reject(editor, thread.id, 'Avgiften följer av förordningen.'),
      200,
      threadSchema,
    );
    expect(await storedBytes(documentId)).toBe(before);
    expect(decided.proposal).toMatchObject({
      state: 'rejected',
      decided: { by: { id: editor.user.id }, reason: 'Avgiften följer av förordningen.' },
      applied: null,
    });
    expect(decided.disposition).toMatchObject({
      value: 'not-accepted',
      reason: 'Avgiften följer av förordningen.',
    });
    await expectError(await accept(editor, thread.id), 409, 'conflict');
  });

  it('lets only editors and up decide', async () => {
    const { documentId, commenter, viewer, owner } = await cast('Texten gäller.');
    const thread = await proposed(commenter, documentId, quoteTarget('gäller'), { text: 'gällde' });
    const before = await storedBytes(documentId);
    for (const refused of [commenter, viewer]) {
      await expectError(await accept(refused, thread.id), 403, 'forbidden');
      await expectError(await reject(refused, thread.id, 'Nej.'), 403, 'forbidden');
    }
    expect(await storedBytes(documentId)).toBe(before);
    const decided = await expectOk(await reject(owner, thread.id, 'Nej.'), 200, threadSchema);
    expect(decided.proposal?.state).toBe('rejected');
  });

  it('applies a deletion and an insertion', async () => {
    const { documentId, editor, commenter } = await cast('Nämnden får, om det behövs, besluta.');
    const deletion = await proposed(commenter, documentId, quoteTarget(', om det behövs,'), {
      text: '',
    });
    expect(deletion.proposal?.original).toBe(', om det behövs,');
    const insertion = await proposed(commenter, documentId, quoteTarget('', 'besluta', '.'), {
      text: ' skyndsamt',
    });
    expect(insertion.proposal).toMatchObject({ placement: 'after', original: '' });
    await expectOk(await accept(editor, deletion.id), 200, threadSchema);
    expect(await storedText(documentId)).toBe('Nämnden får besluta.');
    await expectOk(await accept(editor, insertion.id), 200, threadSchema);
    expect(await storedText(documentId)).toBe('Nämnden får besluta skyndsamt.');
  });

  it('inserts at the start of a paragraph', async () => {
    const { documentId, editor, commenter } = await cast('Först.', 'Sedan.');
    const insertion = await proposed(commenter, documentId, quoteTarget('', 'Först.\n', 'Sedan'), {
      text: 'Och ',
    });
    expect(insertion.proposal?.placement).toBe('before');
    await expectOk(await accept(editor, insertion.id), 200, threadSchema);
    expect(await storedText(documentId)).toBe('Först.\nOch Sedan.');
  });

  it('applies the editor’s edited version when one is given', async () => {
    const { documentId, editor, commenter } = await cast('Ansökan lämnas skriftligen.');
    const thread = await proposed(commenter, documentId, quoteTarget('skriftligen'), {
      text: 'digitalt',
    });
    const decided = await expectOk(
      await accept(editor, thread.id, { text: { text: 'skriftligen eller digitalt' } }),
      200,
      threadSchema,
    );
    expect(await storedText(documentId)).toBe('Ansökan lämnas skriftligen eller digitalt.');
    expect(decided.proposal).toMatchObject({
      text: 'digitalt',
      applied: { text: 'skriftligen eller digitalt' },
    });
  });
});

describe('conflicts', () => {
  it('answers 409 with the three texts when the passage changed, and never overwrites the newer edit silently', async () => {
    const { documentId, editor, commenter } = await cast('Tillståndet gäller i två år.');
    const thread = await proposed(commenter, documentId, quoteTarget('i två år'), {
      text: 'i fyra år',
    });
    const client = connectAs(editor, documentId);
    try {
      await client.synced;
      // The editor rewrites a word inside the passage: "två" becomes "tre".
      const offset = 'Tillståndet gäller i '.length;
      client.ydoc.transact(() => {
        deleteText(client.ydoc, offset, offset + 3);
        insertText(client.ydoc, offset, 'tre');
      });
      await client.allAcked();
    } finally {
      client.destroy();
    }
    const before = await storedState(documentId);
    const { details } = await expectError(await accept(editor, thread.id), 409, 'conflict');
    expect(proposalConflictDetailsSchema.parse(details)).toEqual({
      reason: 'proposal-conflict',
      original: 'i två år',
      current: 'i tre år',
      proposal: { text: 'i fyra år', marks: [] },
    });
    expect(await storedState(documentId)).toBe(before);
    expect((await listThreads(server, editor, documentId))[0]?.proposal?.state).toBe('open');

    await expectOk(await accept(editor, thread.id, { onto: 'current' }), 200, threadSchema);
    expect(await storedText(documentId)).toBe('Tillståndet gäller i fyra år.');
  });

  it('keeps both overlapping proposals; accepting one marks the other as in conflict', async () => {
    const { documentId, editor, commenter, owner } = await cast(
      'Beslut ska fattas inom skälig tid efter ansökan.',
    );
    const first = await proposed(commenter, documentId, quoteTarget('inom skälig tid'), {
      text: 'inom fyra veckor',
    });
    const second = await proposed(owner, documentId, quoteTarget('skälig tid efter ansökan'), {
      text: 'en månad efter att ansökan kom in',
    });
    const apart = await proposed(commenter, documentId, quoteTarget('Beslut'), {
      text: 'Avgörande',
    });
    await expectOk(await accept(editor, first.id), 200, threadSchema);
    const threads = await listThreads(server, editor, documentId);
    const state = (id: string) => threads.find((thread) => thread.id === id)?.proposal?.state;
    expect(state(first.id)).toBe('accepted');
    expect(state(second.id)).toBe('conflict');
    expect(state(apart.id)).toBe('open');
    expect(threads.find((thread) => thread.id === second.id)?.proposal?.text).toBe(
      'en månad efter att ansökan kom in',
    );
    await expectError(await accept(editor, second.id), 409, 'conflict');
    const rejected = await expectOk(
      await reject(editor, second.id, 'Den andra ändringen räcker.'),
      200,
      threadSchema,
    );
    expect(rejected.proposal?.state).toBe('rejected');
    expect(await storedText(documentId)).toBe('Beslut ska fattas inom fyra veckor efter ansökan.');
  });
});

describe("accepting in the editor's browser", () => {
  it('prepares the change without applying it, and records it once the editor applied it', async () => {
    const { documentId, editor, commenter } = await cast('Ärendet avgörs av nämnden.');
    const thread = await proposed(commenter, documentId, quoteTarget('nämnden'), {
      text: 'styrelsen',
    });
    const before = await storedBytes(documentId);
    const { change } = await expectOk(
      await accept(editor, thread.id, { apply: 'client' }),
      200,
      preparedProposalResponseSchema,
    );
    expect(await storedBytes(documentId)).toBe(before);

    const missing = await expectError(
      await call(server, editor, 'POST', `/threads/${thread.id}/accept/confirm`, change),
      409,
      'conflict',
    );
    expect(missing.details).toMatchObject({ reason: 'proposal-change-missing' });
    await expectError(
      await call(server, commenter, 'POST', `/threads/${thread.id}/accept/confirm`, change),
      403,
      'forbidden',
    );

    const client = connectAs(editor, documentId);
    try {
      await client.synced;
      Y.applyUpdate(client.ydoc, Buffer.from(change.update, 'base64'), 'accept');
      await client.allAcked();
    } finally {
      client.destroy();
    }
    expect(await storedText(documentId)).toBe('Ärendet avgörs av styrelsen.');
    const tampered = { ...change, token: `${change.token}x` };
    await expectError(
      await call(server, editor, 'POST', `/threads/${thread.id}/accept/confirm`, tampered),
      400,
      'invalid_input',
    );
    const decided = await expectOk(
      await call(server, editor, 'POST', `/threads/${thread.id}/accept/confirm`, change),
      200,
      threadSchema,
    );
    expect(decided.proposal).toMatchObject({
      state: 'accepted',
      decided: { by: { id: editor.user.id } },
    });
  });
});

describe('the comment report', () => {
  it('lists proposals with their old and new text and their disposition, in CSV and Markdown', async () => {
    const { documentId, editor, commenter } = await cast('Avgiften tas ut årsvis i förskott.');
    const taken = await proposed(commenter, documentId, quoteTarget('årsvis'), {
      text: 'månadsvis',
    });
    const declined = await proposed(commenter, documentId, quoteTarget('i förskott'), {
      text: 'i efterskott',
    });
    await expectOk(
      await accept(editor, taken.id, { text: { text: 'kvartalsvis' } }),
      200,
      threadSchema,
    );
    await expectOk(
      await reject(editor, declined.id, 'Förskott krävs enligt lag.'),
      200,
      threadSchema,
    );

    const csv = await (
      await call(server, editor, 'GET', `/documents/${documentId}/comment-report?format=csv`)
    ).text();
    expect(csv).toContain(
      'Ursprunglig lydelse,Föreslagen lydelse,Införd lydelse,Förslagets status',
    );
    expect(csv).toContain('årsvis,månadsvis,kvartalsvis,Godtaget');
    expect(csv).toContain('i förskott,i efterskott,,Avslaget');
    expect(csv).toContain('Förskott krävs enligt lag.');

    const markdown = await (
      await call(server, editor, 'GET', `/documents/${documentId}/comment-report?format=md`)
    ).text();
    expect(markdown).toContain('- Ursprunglig lydelse: "årsvis"');
    expect(markdown).toContain('- Föreslagen lydelse: "månadsvis"');
    expect(markdown).toContain('- Införd lydelse: "kvartalsvis"');
    expect(markdown).toContain('- Förslagets status: Avslaget');
  });
});
