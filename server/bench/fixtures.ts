/**
 * What the bench runs against: a Remiss DATA_DIR prepared before the server starts, through the
 * real SQLite storage, as tests build theirs (server/test/factories.ts). People get sessions
 * straight from SessionService, so no sign-in is needed and no sign-in limit is in the way;
 * comments are stored directly, so the per-user comment limit is not either. Nothing of the
 * server is switched off: at run time every client fetches a real collaboration token with its
 * session and passes the real AuthExtension.
 *
 * A fixture is built once per shape and copied for every run, so each run starts from the same
 * bytes in a fresh directory.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { syntheticDocument } from '../../shared/diff/syntheticDocument.ts';
import { presenceName } from '../../shared/editor/presenceName.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { SESSION_COOKIE } from '../auth/cookies.ts';
import { SessionService } from '../auth/SessionService.ts';
import { createAnchor } from '../comments/anchors/createAnchor.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';

/** A person the bench connects as. */
export interface BenchUser {
  id: string;
  role: 'editor' | 'commenter';
  presenceName: string;
  /** `remiss_session=…`, to send as the Cookie header. */
  cookie: string;
}

/** A prepared data directory and what is in it. */
export interface Fixture {
  /** The template DATA_DIR; copy it with {@link copyFixture}, never run a server on it. */
  dir: string;
  documentId: string;
  /** The document's initial Yjs state, for the baselines, which have no database. */
  initialStateFile: string;
  /** The owner (a site admin). */
  owner: BenchUser;
  editors: BenchUser[];
  commenters: BenchUser[];
  paragraphs: number;
  words: number;
  threads: number;
  comments: number;
  stateBytes: number;
}

/** The shape of a fixture. */
export interface FixtureShape {
  /** Top-level paragraphs of synthetic Swedish policy text, about 50 words each. */
  paragraphs: number;
  editors: number;
  commenters: number;
  /** Threads, each on one paragraph, and comments in all (first comments plus replies). */
  threads?: number;
  comments?: number;
}

const SEED = 20_260_107;

/** Builds a fixture in a new temporary directory. */
export async function buildFixture(shape: FixtureShape): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remiss-bench-fixture-'));
  const storage = SqliteStorage.open(dir);
  try {
    const sessions = new SessionService(storage);
    const random = seededRandom(SEED);
    const makeUser = async (
      index: number,
      role: BenchUser['role'] | 'owner',
    ): Promise<BenchUser> => {
      const id = randomUUID();
      const name = role === 'owner' ? 'Bench Ägare' : `Deltagare ${index}`;
      const organisation = `Myndighet ${index % 40}`;
      const user = await storage.users.create({
        id,
        email: `${role}-${index}@bench.invalid`,
        name,
        organisation,
        passwordHash: null,
        isAdmin: role === 'owner',
      });
      if (!user) throw new Error(`could not create bench user ${index}`);
      const token = await sessions.start(id, 'password', null);
      return {
        id,
        role: role === 'owner' ? 'editor' : role,
        presenceName: presenceName(user),
        cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
      };
    };
    const owner = await makeUser(0, 'owner');
    const content = syntheticDocument({ random, paragraphs: shape.paragraphs });
    const initialState = contentToYUpdate(content);
    const document = await storage.documents.create({
      id: randomUUID(),
      title: `Bench: ${shape.paragraphs} stycken`,
      ownerId: owner.id,
      initialState,
    });
    const editors: BenchUser[] = [];
    for (let index = 0; index < shape.editors; index += 1) {
      const user = await makeUser(index + 1, 'editor');
      await storage.memberships.set(document.id, user.id, 'editor');
      editors.push(user);
    }
    const commenters: BenchUser[] = [];
    for (let index = 0; index < shape.commenters; index += 1) {
      const user = await makeUser(shape.editors + index + 1, 'commenter');
      await storage.memberships.set(document.id, user.id, 'commenter');
      commenters.push(user);
    }

    const doc = new Y.Doc();
    Y.applyUpdate(doc, initialState);
    const flat = flattenText(doc);
    const words = flat.text.split(/\s+/u).filter((word) => word !== '').length;
    const threads = shape.threads ?? 0;
    const comments = Math.max(threads, shape.comments ?? 0);
    if (threads > 0)
      await seedThreads(storage, document.id, doc, [owner, ...commenters], threads, comments);
    doc.destroy();

    const initialStateFile = path.join(dir, 'initial-state.bin');
    fs.writeFileSync(initialStateFile, initialState);
    return {
      dir,
      documentId: document.id,
      initialStateFile,
      owner,
      editors,
      commenters,
      paragraphs: shape.paragraphs,
      words,
      threads,
      comments,
      stateBytes: initialState.length,
    };
  } finally {
    await storage.close();
  }
}

/** Threads on paragraphs, round robin, with the remaining comments spread as replies. */
async function seedThreads(
  storage: SqliteStorage,
  documentId: string,
  doc: Y.Doc,
  authors: BenchUser[],
  threads: number,
  comments: number,
): Promise<void> {
  const flat = flattenText(doc);
  const blocks = [...flat.blocks.keys()];
  const threadIds: string[] = [];
  for (let index = 0; index < threads; index += 1) {
    const blockId = blocks[index % blocks.length];
    if (blockId === undefined) throw new Error('the bench document has no blocks');
    const made = createAnchor(doc, { type: 'FragmentSelector', value: blockId }, flat);
    if (!made.ok) throw new Error(`could not anchor a bench thread on ${blockId}`);
    const author = authors[index % authors.length]?.id ?? '';
    const at = new Date(Date.now() - (threads - index) * 1000).toISOString();
    const threadId = randomUUID();
    await storage.threads.create(
      {
        id: threadId,
        documentId,
        authorId: author,
        anchor: made.anchor,
        stance: null,
        status: 'open',
        resolvedBy: null,
        resolvedAt: null,
        disposition: null,
        createdAt: at,
        updatedAt: at,
      },
      comment(threadId, author, at, index),
    );
    threadIds.push(threadId);
  }
  for (let index = threads; index < comments; index += 1) {
    const threadId = threadIds[index % threadIds.length] ?? '';
    const author = authors[(index * 7) % authors.length]?.id ?? '';
    await storage.comments.create(comment(threadId, author, new Date().toISOString(), index));
  }
}

function comment(threadId: string, authorId: string, at: string, index: number) {
  return {
    id: randomUUID(),
    threadId,
    authorId,
    body: `Synpunkt ${index}: stycket bör förtydligas när det gäller ansvar och avgifter.`,
    mentions: [],
    createdAt: at,
    editedAt: null,
    deletedAt: null,
    hidden: null,
  };
}

/** A fresh copy of a fixture's data directory, for one run. */
export function copyFixture(fixture: Fixture): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remiss-bench-run-'));
  fs.cpSync(fixture.dir, dir, { recursive: true });
  return dir;
}

/** Removes a fixture's template directory. */
export function removeFixture(fixture: Fixture): void {
  fs.rmSync(fixture.dir, { recursive: true, force: true });
}
