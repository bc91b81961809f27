import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { threadSchema } from '../../shared/api/comments.ts';
import { proposalConflictDetailsSchema } from '../../shared/api/proposals.ts';
import { errorResponseSchema } from '../../shared/api/errors.ts';
import { seededRandom, type SeededRandom } from '../../shared/random/seededRandom.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import {
  buildPerson,
  buildTextDocument,
  call,
  listThreads,
  quoteTarget,
  startThread,
  type Person,
} from '../test/commentFixtures.ts';
import { connectClient } from '../test/collabClient.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { deleteText, insertText } from '../test/yEdits.ts';

/**
 * Randomised: overlapping proposals on one paragraph, an editor typing and deleting between and
 * during the decisions, and decisions in random order (accept, accept onto the current text after
 * a conflict, reject). Seeded; a failure prints its seed.
 */

const WORDS = ['alfa', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const SEEDS = [1, 2, 3];
const PROPOSALS = 6;
const ROUNDS = 10;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.destroy();
});

/** A marker only proposal `index` writes, so its text can be counted in the result. */
const marker = (index: number) => `[P${index}]`;

/** A random edit by the editor on original letters only, so markers stay whole. */
function randomEdit(doc: Y.Doc, random: SeededRandom): void {
  const text = flattenText(doc).text;
  const letters: number[] = [];
  for (let at = 0; at < text.length; at += 1) {
    if (/[a-z]/.test(text[at] ?? '')) letters.push(at);
  }
  const at = letters[random.int(letters.length)];
  if (at === undefined) return;
  if (random.chance(0.5)) insertText(doc, at, 'x');
  else deleteText(doc, at, at + 1);
}

async function runSeed(seed: number): Promise<void> {
  const random = seededRandom(seed);
  const owner = await buildPerson(server, null, null);
  const documentId = await buildTextDocument(server.storage, owner.user.id, WORDS.join(' '));
  const editor: Person = await buildPerson(server, documentId, 'editor');
  const commenter: Person = await buildPerson(server, documentId, 'commenter');

  const ids: string[] = [];
  for (let index = 0; index < PROPOSALS; index += 1) {
    const from = random.int(WORDS.length);
    const to = Math.min(WORDS.length, from + 1 + random.int(3));
    const exact = WORDS.slice(from, to).join(' ');
    const thread = await startThread(server, commenter, documentId, {
      target: quoteTarget(exact),
      body: `Förslag ${index}`,
      proposal: { text: marker(index) },
    });
    ids.push(thread.id);
  }

  const client = connectClient(
    server.url,
    documentId,
    () => server.tokens.issue(editor.user.id, documentId).token,
  );
  const accepted = new Set<number>();
  const rejected = new Set<number>();
  try {
    await client.synced;
    const order = [...ids.keys()].sort(() => random.next() - 0.5);
    for (let round = 0; round < ROUNDS && order.length > 0; round += 1) {
      if (random.chance(0.6)) randomEdit(client.ydoc, random);
      // Sometimes the edit is still on its way while the decision is made.
      if (random.chance(0.5)) await client.allAcked();
      const index = order.shift();
      if (index === undefined) break;
      const id = ids[index] ?? '';
      const response = await call(server, editor, 'POST', `/threads/${id}/accept`, {});
      if (response.status === 200) {
        accepted.add(index);
        continue;
      }
      const { error } = errorResponseSchema.parse(await response.json());
      expect(response.status).toBe(409);
      const conflict = proposalConflictDetailsSchema.safeParse(error.details);
      if (conflict.success && random.chance(0.5)) {
        // The conflict view shows the current text. Where it holds another accepted change, a
        // careful editor edits the proposal to keep it rather than replace it.
        const { current } = conflict.data;
        const keeps = /\[P\d+\]/.test(current);
        const onto = await call(server, editor, 'POST', `/threads/${id}/accept`, {
          onto: 'current',
          ...(keeps ? { text: { text: `${current} ${marker(index)}` } } : {}),
        });
        if (onto.status === 200) {
          accepted.add(index);
          continue;
        }
      }
      const no = await call(server, editor, 'POST', `/threads/${id}/reject`, { reason: 'Nej.' });
      threadSchema.parse(await no.json());
      rejected.add(index);
    }
    await client.allAcked();
  } finally {
    client.destroy();
  }

  const threads = await listThreads(server, editor, documentId);
  // No proposal is lost: every one is still there, with its wording.
  expect(
    threads
      .filter((thread) => thread.proposal)
      .map((thread) => thread.proposal?.text)
      .sort(),
  ).toEqual(ids.map((_, index) => marker(index)).sort());
  const content = await server.storage.updates.load(documentId);
  const doc = new Y.Doc();
  if (content.state) Y.applyUpdate(doc, content.state.data);
  for (const update of content.updates) Y.applyUpdate(doc, update.data);
  const text = flattenText(doc).text;
  doc.destroy();
  for (let index = 0; index < PROPOSALS; index += 1) {
    const count = text.split(marker(index)).length - 1;
    // Each accepted change is in the text exactly once; nothing else is.
    expect(count, `${marker(index)} in "${text}"`).toBe(accepted.has(index) ? 1 : 0);
    const state = threads.find((thread) => thread.id === ids[index])?.proposal?.state;
    if (accepted.has(index)) expect(state).toBe('accepted');
    else if (rejected.has(index)) expect(state).toBe('rejected');
    else expect(['open', 'conflict']).toContain(state);
  }
}

describe('overlapping proposals with concurrent edits (seeded)', () => {
  it.each(SEEDS)(
    'seed %i: no proposal is lost, each accepted change is applied once',
    async (seed) => {
      try {
        await runSeed(seed);
      } catch (error) {
        console.error(`proposals fuzz failed with seed ${seed}`);
        throw error;
      }
    },
  );
});
