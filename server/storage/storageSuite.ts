import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredAnchor } from '../comments/anchors/createAnchor.ts';
import { checksum } from './checksum.ts';
import type {
  CommentRecord,
  NewVersionState,
  NotificationRecord,
  ProposalRecord,
  Storage,
  StoredDocumentContent,
  ThreadRecord,
  VersionRecord,
} from './types.ts';

/** One store opened by a {@link StorageUnderTest}. */
export interface OpenedStore {
  storage: Storage;
  /** Closes `storage` and opens the same data again, as a restart would. */
  reopen(): Promise<Storage>;
}

/** How the shared suite gets stores of one implementation. */
export interface StorageUnderTest {
  /** A new, empty, migrated store that shares nothing with any other. */
  open(): Promise<OpenedStore>;
}

/** Whether two byte arrays hold the same bytes. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** A small Yjs update that inserts `text` into a fresh document's `probe` text. */
export function textUpdate(text: string): Uint8Array {
  const ydoc = new Y.Doc();
  ydoc.getText('probe').insert(0, text);
  const update = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return update;
}

const OWNER = 'owner';

async function addUser(
  storage: Storage,
  id: string,
  extra: { name?: string; organisation?: string; email?: string } = {},
) {
  const user = await storage.users.create({
    id,
    email: extra.email ?? `${id}@example.org`,
    name: extra.name ?? id,
    organisation: extra.organisation ?? 'Myndigheten',
    passwordHash: 'hash',
    isAdmin: false,
  });
  if (!user) throw new Error(`could not create ${id}`);
  return user;
}

async function createDocument(storage: Storage, id: string, initialState = textUpdate('')) {
  await storage.users.ensure({
    id: OWNER,
    email: 'agare@example.org',
    name: 'Ägare',
    organisation: 'Myndigheten',
    passwordHash: null,
    isAdmin: false,
  });
  return storage.documents.create({ id, title: id, ownerId: OWNER, initialState });
}

const anchorBytes = (seed: number, length = 5) =>
  Uint8Array.from({ length }, (_, index) => (seed * 31 + index * 7) % 256);

function buildAnchor(seed: number, kind: 'passage' | 'block' = 'passage'): StoredAnchor {
  const base = {
    start: anchorBytes(seed),
    end: anchorBytes(seed + 1),
    startPath: anchorBytes(seed + 2, 3),
    endPath: anchorBytes(seed + 3, 3),
    quote: 'ska publicera sin rapport',
    prefix: 'Myndigheten ',
    suffix: ' senast i maj.',
    stateVector: anchorBytes(seed + 4, 8),
  };
  return kind === 'block'
    ? { ...base, kind, blockId: `p${seed}` }
    : { ...base, kind, blockId: null };
}

function buildThread(id: string, documentId: string, at: string, seed = 1): ThreadRecord {
  return {
    id,
    documentId,
    authorId: OWNER,
    anchor: buildAnchor(seed),
    stance: null,
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    disposition: null,
    createdAt: at,
    updatedAt: at,
  };
}

function buildComment(
  id: string,
  threadId: string,
  at: string,
  body = 'Ett påpekande.',
): CommentRecord {
  return {
    id,
    threadId,
    authorId: OWNER,
    body,
    mentions: [],
    createdAt: at,
    editedAt: null,
    deletedAt: null,
    hidden: null,
  };
}

/** Lets the clock move on, so that rows written next get a later time. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-01T10:00:01.000Z';
const T2 = '2026-03-01T10:00:02.000Z';
const T3 = '2026-03-01T10:00:03.000Z';

/**
 * The behaviour every `Storage` implementation must have, as one suite. Each implementation's
 * test file calls this with a way to open fresh stores; both must pass it unchanged.
 */
export function storageSuite(name: string, under: StorageUnderTest): void {
  const opened: Storage[] = [];

  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close();
  });

  async function open(): Promise<Storage> {
    const store = await under.open();
    opened.push(store.storage);
    return store.storage;
  }

  async function openWithRestart(): Promise<{
    storage: Storage;
    restart: () => Promise<Storage>;
  }> {
    const store = await under.open();
    opened.push(store.storage);
    return {
      storage: store.storage,
      restart: async () => {
        const again = await store.reopen();
        opened.push(again);
        return again;
      },
    };
  }

  describe(`${name}: documents and members`, () => {
    it('creates a document with its owner as member and its first state, in one go', async () => {
      const storage = await open();
      const initial = textUpdate('Remiss');
      const created = await createDocument(storage, 'doc-1', initial);
      expect(created).toMatchObject({ id: 'doc-1', title: 'doc-1', ownerId: OWNER });
      expect(created.createdAt).toBe(created.updatedAt);
      expect(created.commentPeriodClosesAt).toBeNull();
      expect(await storage.documents.get('doc-1')).toEqual(created);
      expect(await storage.documents.roleOf('doc-1', OWNER)).toBe('owner');
      expect(await storage.memberships.countOwners('doc-1')).toBe(1);
      const content = await storage.updates.load('doc-1');
      expect(content.state).toEqual({ data: initial, checksum: checksum(initial), coversSeq: 0 });
      expect(await storage.documents.count()).toBe(1);
      expect(await storage.documents.get('no-such')).toBeNull();
    });

    it('stores nothing of a document whose creation fails part-way', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await expect(createDocument(storage, 'doc-1')).rejects.toThrow();
      await expect(
        storage.documents.create({
          id: 'doc-2',
          title: 'Ingen ägare',
          ownerId: 'nobody',
          initialState: textUpdate(''),
        }),
      ).rejects.toThrow();
      expect(await storage.documents.count()).toBe(1);
      expect(await storage.documents.get('doc-2')).toBeNull();
      expect(await storage.updates.load('doc-2')).toEqual({ state: null, updates: [] });
    });

    it('renames, sets the comment period, and lists newest first with the role', async () => {
      const storage = await open();
      // Apart by a few milliseconds, so that their times, not their ids, order them.
      await createDocument(storage, 'doc-a');
      await tick();
      await createDocument(storage, 'doc-b');
      await tick();
      await createDocument(storage, 'doc-c');
      await addUser(storage, 'reader');
      await storage.memberships.set('doc-a', 'reader', 'viewer');
      await storage.memberships.set('doc-c', 'reader', 'commenter');

      // A rename moves a document to the top of the lists.
      await tick();
      const renamed = await storage.documents.rename('doc-a', 'Nytt namn');
      expect(renamed?.title).toBe('Nytt namn');
      expect(await storage.documents.rename('no-such', 'x')).toBeNull();

      const readerList = await storage.documents.listForUser('reader', 10);
      expect(readerList.map((doc) => [doc.id, doc.role])).toEqual([
        ['doc-a', 'viewer'],
        ['doc-c', 'commenter'],
      ]);
      expect((await storage.documents.listForUser('reader', 1)).map((doc) => doc.id)).toEqual([
        'doc-a',
      ]);
      expect((await storage.documents.listAll(2)).map((doc) => doc.id)).toEqual(['doc-a', 'doc-c']);

      const closes = '2026-06-30T21:59:59.000Z';
      expect(
        (await storage.documents.setCommentPeriod('doc-b', closes))?.commentPeriodClosesAt,
      ).toBe(closes);
      expect(
        (await storage.documents.setCommentPeriod('doc-b', null))?.commentPeriodClosesAt,
      ).toBeNull();
      expect(await storage.documents.setCommentPeriod('no-such', closes)).toBeNull();
    });

    it('transfers ownership of every document, membership included', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await createDocument(storage, 'doc-2');
      await addUser(storage, 'heir');
      await storage.memberships.set('doc-2', 'heir', 'commenter');

      expect(await storage.documents.transferOwnership(OWNER, 'heir')).toBe(2);
      for (const id of ['doc-1', 'doc-2']) {
        expect((await storage.documents.get(id))?.ownerId).toBe('heir');
        expect(await storage.documents.roleOf(id, 'heir')).toBe('owner');
        expect(await storage.documents.roleOf(id, OWNER)).toBeNull();
      }
      expect(await storage.documents.transferOwnership(OWNER, 'heir')).toBe(0);
    });

    it('sets, raises, keeps and removes roles, and lists members by organisation and name', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await addUser(storage, 'u1', { organisation: 'beta kommun', name: 'Örjan' });
      await addUser(storage, 'u2', { organisation: 'Alfa region', name: 'bo' });
      await addUser(storage, 'u3', { organisation: 'alfa region', name: 'Ada' });

      await storage.memberships.set('doc-1', 'u1', 'viewer');
      await storage.memberships.set('doc-1', 'u1', 'editor');
      expect(await storage.memberships.grantAtLeast('doc-1', 'u1', 'commenter')).toBe('editor');
      expect(await storage.memberships.grantAtLeast('doc-1', 'u2', 'commenter')).toBe('commenter');
      expect(await storage.memberships.grantAtLeast('doc-1', 'u2', 'owner')).toBe('owner');
      await storage.memberships.set('doc-1', 'u3', 'viewer');

      const members = await storage.memberships.list('doc-1');
      // Case does not matter for ASCII letters: "alfa region" sorts with "Alfa region".
      expect(members.map((member) => [member.userId, member.role])).toEqual([
        ['u3', 'viewer'],
        ['u2', 'owner'],
        ['u1', 'editor'],
        [OWNER, 'owner'],
      ]);
      expect(members[2]).toMatchObject({ email: 'u1@example.org', organisation: 'beta kommun' });
      expect(await storage.memberships.countOwners('doc-1')).toBe(2);
      expect(await storage.memberships.remove('doc-1', 'u2')).toBe(true);
      expect(await storage.memberships.remove('doc-1', 'u2')).toBe(false);
      expect(await storage.documents.roleOf('doc-1', 'u2')).toBeNull();
    });
  });

  describe(`${name}: users, sessions, invitations and password resets`, () => {
    it('refuses a taken email whatever its case, and finds users by email the same way', async () => {
      const storage = await open();
      const anna = await addUser(storage, 'anna', { email: 'Anna.Berg@Example.org' });
      expect(anna).toMatchObject({ id: 'anna', email: 'Anna.Berg@Example.org', isAdmin: false });
      expect(
        await storage.users.create({
          id: 'other',
          email: 'anna.berg@example.ORG',
          name: 'x',
          organisation: 'y',
          passwordHash: null,
          isAdmin: false,
        }),
      ).toBeNull();
      expect((await storage.users.getByEmail('ANNA.BERG@example.org'))?.id).toBe('anna');
      const ensured = await storage.users.ensure({
        id: 'ignored',
        email: 'anna.berg@example.org',
        name: 'Annat namn',
        organisation: 'z',
        passwordHash: null,
        isAdmin: true,
      });
      expect(ensured).toEqual(anna);
      expect(await storage.users.count()).toBe(1);
      expect(await storage.users.get('other')).toBeNull();
    });

    it('keeps password hashes, profiles and admin flags, and lists users in order', async () => {
      const storage = await open();
      await addUser(storage, 'u1', { organisation: 'Beta', name: 'b' });
      await addUser(storage, 'u2', { organisation: 'alfa', name: 'Z' });
      await storage.users.ensure({
        id: 'system',
        email: 'system@example.org',
        name: 'System',
        organisation: 'Alfa',
        passwordHash: null,
        isAdmin: false,
      });
      expect(await storage.users.passwordHashOf('u1')).toBe('hash');
      await storage.users.setPasswordHash('u1', 'new-hash');
      expect(await storage.users.passwordHashOf('u1')).toBe('new-hash');
      expect(await storage.users.passwordHashOf('system')).toBeNull();
      await storage.users.updateProfile('u1', { name: 'Berit', organisation: 'Beta kommun' });
      await storage.users.setAdmin('u1', true);
      expect(await storage.users.get('u1')).toMatchObject({
        name: 'Berit',
        organisation: 'Beta kommun',
        isAdmin: true,
      });
      await storage.users.setAdmin('u1', false);
      expect((await storage.users.get('u1'))?.isAdmin).toBe(false);
      expect((await storage.users.list(10)).map((user) => user.id)).toEqual(['system', 'u2', 'u1']);
      expect((await storage.users.list(1)).map((user) => user.id)).toEqual(['system']);
      expect(await storage.users.countWithPassword()).toBe(2);
      expect(await storage.users.count()).toBe(3);
    });

    it('finds a session until it expires, slides it, and ends it', async () => {
      const storage = await open();
      await addUser(storage, 'u1');
      const now = new Date();
      const later = (ms: number) => new Date(now.getTime() + ms);
      const session = (tokenHash: string, expiresAt: Date) => ({
        tokenHash,
        userId: 'u1',
        authMethod: 'password',
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
      await storage.sessions.create(session('s1', later(60_000)));
      await storage.sessions.create(session('s2', later(60_000)));
      await storage.sessions.create(session('s3', later(60_000)));
      expect(await storage.sessions.findValid('s1', now)).toEqual(session('s1', later(60_000)));
      expect(await storage.sessions.findValid('s1', later(60_000))).toBeNull();
      await storage.sessions.touch('s1', later(30_000), later(120_000));
      expect((await storage.sessions.findValid('s1', later(90_000)))?.expiresAt).toBe(
        later(120_000).toISOString(),
      );
      await storage.sessions.delete('s1');
      expect(await storage.sessions.findValid('s1', now)).toBeNull();
      await storage.sessions.deleteForUser('u1', 's2');
      expect(await storage.sessions.findValid('s2', now)).not.toBeNull();
      expect(await storage.sessions.findValid('s3', now)).toBeNull();
      await storage.sessions.deleteForUser('u1');
      expect(await storage.sessions.findValid('s2', now)).toBeNull();
    });

    it('creates, finds, revokes and accepts invitations, never lowering a role', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await addUser(storage, 'guest');
      const base = {
        documentId: 'doc-1',
        createdBy: OWNER,
        expiresAt: '2099-01-01T00:00:00.000Z',
        revokedAt: null,
        acceptedCount: 0,
      };
      await storage.invitations.create({
        ...base,
        id: 'inv-1',
        tokenHash: 'h1',
        role: 'commenter',
        createdAt: T0,
      });
      await storage.invitations.create({
        ...base,
        id: 'inv-2',
        tokenHash: 'h2',
        role: 'editor',
        createdAt: T1,
      });
      expect(await storage.invitations.findByTokenHash('h1')).toEqual({
        ...base,
        id: 'inv-1',
        role: 'commenter',
        createdAt: T0,
      });
      expect(await storage.invitations.findByTokenHash('nope')).toBeNull();
      expect((await storage.invitations.listForDocument('doc-1')).map((inv) => inv.id)).toEqual([
        'inv-2',
        'inv-1',
      ]);

      expect(await storage.invitations.accept('inv-2', 'guest')).toBe('editor');
      expect(await storage.invitations.accept('inv-1', 'guest')).toBe('editor');
      expect(await storage.documents.roleOf('doc-1', 'guest')).toBe('editor');
      expect((await storage.invitations.get('inv-1'))?.acceptedCount).toBe(1);
      await expect(storage.invitations.accept('no-such', 'guest')).rejects.toThrow();

      await storage.invitations.revoke('inv-1', new Date(T2));
      await storage.invitations.revoke('inv-1', new Date(T3));
      expect((await storage.invitations.get('inv-1'))?.revokedAt).toBe(T2);
    });

    it('uses a password reset token once and not after it expires', async () => {
      const storage = await open();
      await addUser(storage, 'u1');
      const now = new Date();
      await storage.passwordResets.create({
        tokenHash: 'r1',
        userId: 'u1',
        expiresAt: new Date(now.getTime() + 60_000),
      });
      await storage.passwordResets.create({
        tokenHash: 'r2',
        userId: 'u1',
        expiresAt: new Date(now.getTime() + 60_000),
      });
      expect(
        await storage.passwordResets.consume('r2', new Date(now.getTime() + 60_000)),
      ).toBeNull();
      expect(await storage.passwordResets.consume('r1', now)).toBe('u1');
      expect(await storage.passwordResets.consume('r1', now)).toBeNull();
      expect(await storage.passwordResets.consume('unknown', now)).toBeNull();
    });
  });

  describe(`${name}: audit log and settings`, () => {
    it('lists audit entries newest first, per document and in all, with their details', async () => {
      const storage = await open();
      await storage.audit.record({
        action: 'document.created',
        actorId: 'u1',
        documentId: 'doc-1',
        subjectId: null,
        details: { title: 'Remiss', nested: { å: [1, 2] } },
      });
      await storage.audit.record({
        action: 'member.added',
        actorId: 'u1',
        documentId: 'doc-2',
        subjectId: 'u2',
        details: {},
      });
      await storage.audit.record({
        action: 'member.removed',
        actorId: null,
        documentId: 'doc-1',
        subjectId: 'u2',
        details: {},
      });
      const forDoc = await storage.audit.listForDocument('doc-1', 10);
      expect(forDoc.map((entry) => entry.action)).toEqual(['member.removed', 'document.created']);
      expect(forDoc[1]).toMatchObject({
        actorId: 'u1',
        subjectId: null,
        details: { title: 'Remiss', nested: { å: [1, 2] } },
      });
      expect(typeof forDoc[1]?.id).toBe('number');
      expect((await storage.audit.listAll(2)).map((entry) => entry.action)).toEqual([
        'member.removed',
        'member.added',
      ]);
    });

    it('creates a setting once, and stores, replaces and deletes exact bytes', async () => {
      const storage = await open();
      let calls = 0;
      const secret = Uint8Array.from([0, 1, 254, 255, 0]);
      const create = () => {
        calls += 1;
        return secret;
      };
      expect(await storage.settings.getOrCreate('secret', create)).toEqual(secret);
      expect(await storage.settings.getOrCreate('secret', create)).toEqual(secret);
      expect(calls).toBe(1);
      await storage.settings.set('secret', Uint8Array.from([9]));
      expect(await storage.settings.get('secret')).toEqual(Uint8Array.from([9]));
      await storage.settings.delete('secret');
      expect(await storage.settings.get('secret')).toBeNull();
    });
  });

  describe(`${name}: threads, comments and proposals`, () => {
    it('stores a thread with its first comment and anchor bytes, oldest first', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      const second = buildThread('t-b', 'doc-1', T1, 2);
      const first = { ...buildThread('t-a', 'doc-1', T0, 3), anchor: buildAnchor(3, 'block') };
      // Same millisecond as t-b: the one stored first comes first.
      const third = buildThread('t-0', 'doc-1', T1, 4);
      await storage.threads.create(second, buildComment('c-b', 't-b', T1));
      await storage.threads.create(first, buildComment('c-a', 't-a', T0));
      await storage.threads.create(third, buildComment('c-0', 't-0', T1));

      expect(await storage.threads.get('t-a')).toEqual(first);
      expect(await storage.threads.get('no-such')).toBeNull();
      expect((await storage.threads.listForDocument('doc-1')).map((t) => t.id)).toEqual([
        't-a',
        't-b',
        't-0',
      ]);
      expect(await storage.comments.listForThread('t-b')).toEqual([buildComment('c-b', 't-b', T1)]);
      expect((await storage.comments.listForDocument('doc-1')).map((c) => c.id)).toEqual([
        'c-a',
        'c-b',
        'c-0',
      ]);
    });

    it("lists a document's threads and comments exactly as it reads each one", async () => {
      // The listings read rows their own way (SQLite: as arrays, for a large draft's thread
      // list); every field, set and unset, must come out as a read of the one record does.
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await createDocument(storage, 'doc-2');
      const block = { ...buildThread('t-1', 'doc-1', T0, 5), anchor: buildAnchor(5, 'block') };
      await storage.threads.create(block, buildComment('c-1', 't-1', T0));
      await storage.threads.create(
        buildThread('t-2', 'doc-1', T1, 6),
        buildComment('c-2', 't-2', T1),
      );
      await storage.threads.create(
        buildThread('t-3', 'doc-2', T0, 7),
        buildComment('c-3', 't-3', T0),
      );
      await storage.threads.setStatus('t-1', 'resolved', OWNER, T1);
      await storage.threads.setDisposition('t-1', {
        value: 'partly-accepted',
        reason: 'Delvis',
        by: OWNER,
        at: T2,
      });
      await storage.threads.setStance('t-1', 'object', T2);
      await storage.comments.create({ ...buildComment('c-4', 't-1', T1), mentions: [OWNER] });
      await storage.comments.create(buildComment('c-5', 't-1', T2));
      await storage.comments.edit('c-5', 'Ändrad', [OWNER], T2);
      await storage.comments.markDeleted('c-2', T3);
      await storage.comments.setHidden('c-4', { at: T3, by: OWNER, reason: 'Personuppgifter' }, T3);

      const threads = await storage.threads.listForDocument('doc-1');
      expect(threads).toEqual([await storage.threads.get('t-1'), await storage.threads.get('t-2')]);
      expect(threads[0]).toMatchObject({ status: 'resolved', stance: 'object', resolvedBy: OWNER });
      expect(threads[0]?.disposition).not.toBeNull();
      const comments = await storage.comments.listForDocument('doc-1');
      const ids = ['c-1', 'c-2', 'c-4', 'c-5'];
      expect(comments).toEqual(await Promise.all(ids.map((id) => storage.comments.get(id))));
      expect(comments.map((c) => [c.mentions, c.editedAt, c.deletedAt, c.hidden?.reason])).toEqual([
        [[], null, null, undefined],
        [[], null, T3, undefined],
        [[OWNER], null, null, 'Personuppgifter'],
        [[OWNER], T2, null, undefined],
      ]);
    });

    it('stores neither thread nor comment when the comment cannot be stored', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      const broken = { ...buildComment('c-1', 't-1', T0), authorId: 'nobody' };
      await expect(
        storage.threads.create(buildThread('t-1', 'doc-1', T0), broken),
      ).rejects.toThrow();
      expect(await storage.threads.get('t-1')).toBeNull();
      expect(await storage.threads.listForDocument('doc-1')).toEqual([]);
    });

    it('resolves, reopens and disposes of threads, keeping their history', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await storage.threads.create(buildThread('t-1', 'doc-1', T0), buildComment('c-1', 't-1', T0));

      const resolved = await storage.threads.setStatus('t-1', 'resolved', OWNER, T1);
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolvedBy: OWNER,
        resolvedAt: T1,
        updatedAt: T1,
      });
      const reopened = await storage.threads.setStatus('t-1', 'open', OWNER, T2);
      expect(reopened).toMatchObject({ status: 'open', resolvedBy: null, resolvedAt: null });
      const disposition = {
        value: 'partly-accepted' as const,
        reason: 'Delvis',
        by: OWNER,
        at: T3,
      };
      expect((await storage.threads.setDisposition('t-1', disposition))?.disposition).toEqual(
        disposition,
      );
      expect((await storage.threads.setStance('t-1', 'object', T3))?.stance).toBe('object');
      expect((await storage.threads.setStance('t-1', null, T3))?.stance).toBeNull();
      expect(await storage.threads.setStatus('no-such', 'resolved', OWNER, T3)).toBeNull();

      expect(await storage.threads.historyForDocument('doc-1')).toEqual([
        { threadId: 't-1', at: T1, kind: 'status', value: 'resolved', reason: null, by: OWNER },
        { threadId: 't-1', at: T2, kind: 'status', value: 'open', reason: null, by: OWNER },
        {
          threadId: 't-1',
          at: T3,
          kind: 'disposition',
          value: 'partly-accepted',
          reason: 'Delvis',
          by: OWNER,
        },
      ]);
    });

    it('moves an anchor without touching its quote or the thread time', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await storage.threads.create(buildThread('t-1', 'doc-1', T0), buildComment('c-1', 't-1', T0));
      const moved = { ...buildAnchor(9, 'block'), quote: 'annat', prefix: 'x', suffix: 'y' };
      const updated = await storage.threads.updateAnchor('t-1', moved);
      expect(updated?.anchor).toEqual({
        ...moved,
        quote: 'ska publicera sin rapport',
        prefix: 'Myndigheten ',
        suffix: ' senast i maj.',
      });
      expect(updated?.updatedAt).toBe(T0);
      expect(await storage.threads.updateAnchor('no-such', moved)).toBeNull();
    });

    it('stores only the bytes of an anchor that views a larger buffer', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      // Decoders hand out subarrays of one message; the bytes around each must not be stored.
      const view = (bytes: Uint8Array) => {
        const whole = new Uint8Array(bytes.length + 6).fill(0xee);
        whole.set(bytes, 3);
        return whole.subarray(3, 3 + bytes.length);
      };
      const anchor = buildAnchor(5);
      const viewed = {
        ...anchor,
        start: view(anchor.start),
        end: view(anchor.end),
        startPath: view(anchor.startPath),
        endPath: view(anchor.endPath),
        stateVector: view(anchor.stateVector),
      };
      await storage.threads.create(
        { ...buildThread('t-1', 'doc-1', T0), anchor: viewed },
        buildComment('c-1', 't-1', T0),
      );
      expect((await storage.threads.get('t-1'))?.anchor).toEqual(anchor);
      const moved = buildAnchor(6);
      await storage.threads.updateAnchor('t-1', { ...moved, start: view(moved.start) });
      expect((await storage.threads.get('t-1'))?.anchor.start).toEqual(moved.start);
    });

    it('adds, edits, deletes and hides comments, never losing a body', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await storage.threads.create(buildThread('t-1', 'doc-1', T0), buildComment('c-1', 't-1', T0));
      await storage.comments.create({ ...buildComment('c-2', 't-1', T1), mentions: [OWNER] });
      expect((await storage.threads.get('t-1'))?.updatedAt).toBe(T1);

      const edited = await storage.comments.edit('c-2', 'Ändrad', [], T2);
      expect(edited).toMatchObject({ body: 'Ändrad', mentions: [], editedAt: T2 });
      const deleted = await storage.comments.markDeleted('c-2', T2);
      expect(deleted).toMatchObject({ body: 'Ändrad', deletedAt: T2 });
      expect((await storage.comments.markDeleted('c-2', T3))?.deletedAt).toBe(T2);
      const hidden = { at: T3, by: OWNER, reason: 'Personuppgifter' };
      expect((await storage.comments.setHidden('c-1', hidden, T3))?.hidden).toEqual(hidden);
      expect((await storage.comments.setHidden('c-1', null, T3))?.hidden).toBeNull();
      expect((await storage.threads.get('t-1'))?.updatedAt).toBe(T3);
      expect((await storage.comments.listForThread('t-1')).map((c) => c.id)).toEqual([
        'c-1',
        'c-2',
      ]);
      expect(await storage.comments.get('no-such')).toBeNull();
    });

    it('stores a proposal with its thread and records a decision with its conflicts', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      const proposal = (threadId: string): ProposalRecord => ({
        threadId,
        placement: 'replace',
        original: 'ska publicera',
        text: 'bör publicera',
        marks: [{ type: 'bold', from: 0, to: 3 }],
        state: 'open',
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
        applied: null,
      });
      await storage.threads.create(
        buildThread('t-1', 'doc-1', T0),
        buildComment('c-1', 't-1', T0),
        proposal('t-1'),
      );
      await storage.threads.create(
        buildThread('t-2', 'doc-1', T0),
        buildComment('c-2', 't-2', T0),
        proposal('t-2'),
      );
      expect(await storage.proposals.get('t-1')).toEqual(proposal('t-1'));
      expect((await storage.proposals.listForDocument('doc-1')).length).toBe(2);

      const applied = { text: 'bör publicera', marks: [] };
      const decided = await storage.proposals.decide(
        't-1',
        { state: 'accepted', by: OWNER, at: T1, reason: '', applied },
        ['t-2'],
      );
      expect(decided).toMatchObject({
        state: 'accepted',
        decidedBy: OWNER,
        decidedAt: T1,
        applied,
      });
      expect((await storage.proposals.get('t-2'))?.state).toBe('conflict');
      expect((await storage.threads.get('t-1'))?.disposition?.value).toBe('accepted');
      expect((await storage.threads.get('t-2'))?.updatedAt).toBe(T1);
      expect(await storage.threads.historyForDocument('doc-1')).toHaveLength(1);
      expect(
        await storage.proposals.decide(
          'no-such',
          { state: 'rejected', by: OWNER, at: T1, reason: 'Nej', applied: null },
          [],
        ),
      ).toBeNull();
    });
  });

  describe(`${name}: notifications`, () => {
    it('lists a user’s inbox newest first, counts unread, marks read, and hides left documents', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await createDocument(storage, 'doc-2');
      await addUser(storage, 'u1');
      await storage.memberships.set('doc-1', 'u1', 'commenter');
      await storage.threads.create(buildThread('t-1', 'doc-1', T0), buildComment('c-1', 't-1', T0));
      await storage.threads.create(buildThread('t-2', 'doc-2', T0), buildComment('c-2', 't-2', T0));
      const note = (
        id: string,
        documentId: string,
        threadId: string,
        at: string,
      ): NotificationRecord => ({
        id,
        userId: 'u1',
        kind: 'mention',
        documentId,
        threadId,
        commentId: threadId === 't-1' ? 'c-1' : 'c-2',
        actorId: OWNER,
        createdAt: at,
        readAt: null,
      });
      await storage.notifications.createMany([
        note('n-1', 'doc-1', 't-1', T1),
        note('n-2', 'doc-1', 't-1', T1),
        note('n-3', 'doc-2', 't-2', T2),
      ]);
      await storage.notifications.createMany([]);

      // doc-2 is not u1's: only admins' all-documents listing shows it.
      expect(
        (await storage.notifications.listForUser('u1', 'all-documents', 10)).map((n) => n.id),
      ).toEqual(['n-3', 'n-2', 'n-1']);
      expect(
        (await storage.notifications.listForUser('u1', 'member-documents', 10)).map((n) => n.id),
      ).toEqual(['n-2', 'n-1']);
      expect(
        (await storage.notifications.listForUser('u1', 'all-documents', 1)).map((n) => n.id),
      ).toEqual(['n-3']);
      expect(await storage.notifications.countUnread('u1', 'member-documents')).toBe(2);
      expect(await storage.notifications.countUnread('u1', 'all-documents')).toBe(3);

      expect(await storage.notifications.markRead('u1', ['n-1', 'n-1', 'unknown'], T3)).toBe(1);
      expect(await storage.notifications.markRead('other', undefined, T3)).toBe(0);
      expect(await storage.notifications.markRead('u1', undefined, T3)).toBe(2);
      expect(await storage.notifications.countUnread('u1', 'all-documents')).toBe(0);
      const [newest] = await storage.notifications.listForUser('u1', 'all-documents', 1);
      expect(newest?.readAt).toBe(T3);
    });
  });

  describe(`${name}: versions`, () => {
    function version(id: string, kind: 'named' | 'checkpoint', at: string): VersionRecord {
      return {
        id,
        documentId: 'doc-1',
        kind,
        reason: kind === 'checkpoint' ? 'interval' : null,
        name: kind === 'named' ? `Version ${id}` : null,
        note: kind === 'named' ? 'Till remiss' : null,
        createdBy: OWNER,
        createdAt: at,
        summary: { wordsAdded: 3, wordsRemoved: 1, paragraphsChanged: 2 },
        authors: [OWNER],
      };
    }
    function link(seq: number, encoding: 'full' | 'delta'): NewVersionState {
      const data = anchorBytes(seq * 5, 10);
      return { seq, encoding, data, checksum: checksum(data), stateVector: anchorBytes(seq, 4) };
    }

    it('stores a chain of links and reads each version from its nearest full state', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      expect(await storage.versions.chainEnd('doc-1')).toBeNull();
      await storage.versions.create(version('v1', 'named', T0), link(1, 'full'));
      await storage.versions.create(version('v2', 'checkpoint', T1), link(2, 'delta'));
      await storage.versions.create(version('v3', 'named', T2), link(3, 'full'));
      await storage.versions.create(version('v4', 'checkpoint', T3), link(4, 'delta'));

      expect(await storage.versions.get('doc-1', 'v1')).toEqual(version('v1', 'named', T0));
      expect(await storage.versions.get('other-doc', 'v1')).toBeNull();
      const strip = ({ seq, encoding, data, checksum: sum }: NewVersionState) => ({
        seq,
        encoding,
        data,
        checksum: sum,
      });
      expect(await storage.versions.stateChain('doc-1', 'v2')).toEqual([
        strip(link(1, 'full')),
        strip(link(2, 'delta')),
      ]);
      expect(await storage.versions.stateChain('doc-1', 'v4')).toEqual([
        strip(link(3, 'full')),
        strip(link(4, 'delta')),
      ]);
      expect(await storage.versions.stateChain('doc-1', 'no-such')).toEqual([]);
      expect(await storage.versions.chainEnd('doc-1')).toEqual({
        versionId: 'v4',
        seq: 4,
        stateVector: anchorBytes(4, 4),
        deltasSinceFull: 1,
      });
      expect((await storage.versions.listForDocument('doc-1', 3)).map((v) => v.id)).toEqual([
        'v4',
        'v3',
        'v2',
      ]);
      expect((await storage.versions.listNamed('doc-1')).map((v) => v.id)).toEqual(['v1', 'v3']);
      expect(await storage.versions.count('doc-1')).toBe(4);
    });

    it('refuses a version whose place in the chain is taken, storing nothing', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await storage.versions.create(version('v1', 'named', T0), link(1, 'full'));
      await expect(
        storage.versions.create(version('v1b', 'checkpoint', T1), link(1, 'full')),
      ).rejects.toThrow();
      expect(await storage.versions.count('doc-1')).toBe(1);
      expect(await storage.versions.get('doc-1', 'v1b')).toBeNull();
    });
  });

  describe(`${name}: the update log`, () => {
    it('returns the initial state and every appended update, in order, with checksums', async () => {
      const storage = await open();
      const initial = textUpdate('start');
      await createDocument(storage, 'doc-1', initial);
      const appended = [textUpdate('ett'), textUpdate('två'), textUpdate('tre')];
      const seqs: number[] = [];
      for (const update of appended) seqs.push(await storage.updates.append('doc-1', update));
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(3);

      const content = await storage.updates.load('doc-1');
      expect(content.state?.coversSeq).toBe(0);
      expect(content.state?.data).toEqual(initial);
      expect(content.state?.checksum).toBe(checksum(initial));
      expect(content.updates.map((update) => update.seq)).toEqual(seqs);
      expect(content.updates.map((update) => update.data)).toEqual(appended);
      for (const update of content.updates) expect(update.checksum).toBe(checksum(update.data));
      expect(await storage.updates.pendingCount('doc-1')).toBe(3);
    });

    it('stores exactly the bytes of an update that is a view into a larger buffer', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      const update = textUpdate('mitt i');
      const backing = new Uint8Array(update.length + 20).fill(0xee);
      backing.set(update, 10);
      const view = backing.subarray(10, 10 + update.length);

      await storage.updates.append('doc-1', view);
      const [stored] = (await storage.updates.load('doc-1')).updates;
      expect(stored?.data).toEqual(update);
      expect(stored?.checksum).toBe(checksum(update));
    });

    it('numbers appends made at once in the order they were made, failing only the bad one', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await createDocument(storage, 'doc-2');
      const updates = Array.from({ length: 30 }, (_, index) => textUpdate(`${index}`));
      const appended = updates.map((update, index) =>
        storage.updates.append(index === 7 ? 'no-such' : `doc-${(index % 2) + 1}`, update),
      );

      const settled = await Promise.allSettled(appended);
      expect(settled[7]?.status).toBe('rejected');
      const seqs = settled.flatMap((result) =>
        result.status === 'fulfilled' ? [result.value] : [],
      );
      expect(seqs).toHaveLength(29);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      const expected = (documentId: string) =>
        updates.filter((_, index) => index !== 7 && `doc-${(index % 2) + 1}` === documentId);
      for (const documentId of ['doc-1', 'doc-2']) {
        const loaded = (await storage.updates.load(documentId)).updates.map(
          (update) => update.data,
        );
        expect(loaded).toEqual(expected(documentId));
      }
    });

    it('refuses an update for a document that does not exist', async () => {
      const storage = await open();
      await expect(storage.updates.append('no-such', textUpdate('x'))).rejects.toThrow();
    });

    it('compaction replaces the state and deletes only entries up to coversSeq', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      await createDocument(storage, 'doc-2');
      const seqs: number[] = [];
      for (let i = 0; i < 5; i += 1)
        seqs.push(await storage.updates.append('doc-1', textUpdate(`${i}`)));
      const otherSeq = await storage.updates.append('doc-2', textUpdate('annat'));
      const coversSeq = seqs[2] ?? 0;
      const state = textUpdate('hopslagen');

      await storage.updates.compact('doc-1', state, coversSeq);

      const content = await storage.updates.load('doc-1');
      expect(content.state?.data).toEqual(state);
      expect(content.state?.coversSeq).toBe(coversSeq);
      expect(content.state?.checksum).toBe(checksum(state));
      expect(content.updates.map((update) => update.seq)).toEqual(seqs.slice(3));
      expect(await storage.updates.pendingCount('doc-1')).toBe(2);
      // Another document's log is not touched, even where its seqs are lower.
      expect((await storage.updates.load('doc-2')).updates.map((update) => update.seq)).toEqual([
        otherSeq,
      ]);
    });

    it('a late compaction covering less never replaces a newer state', async () => {
      const storage = await open();
      await createDocument(storage, 'doc-1');
      const seqs: number[] = [];
      for (let i = 0; i < 4; i += 1)
        seqs.push(await storage.updates.append('doc-1', textUpdate(`${i}`)));
      const newer = textUpdate('nyare');
      const older = textUpdate('äldre');

      await storage.updates.compact('doc-1', newer, seqs[3] ?? 0);
      await storage.updates.compact('doc-1', older, seqs[1] ?? 0);

      const content = await storage.updates.load('doc-1');
      expect(content.state?.data).toEqual(newer);
      expect(content.state?.coversSeq).toBe(seqs[3]);
      expect(content.updates).toEqual([]);
    });

    it('a fold hands merge the state and every entry, stores its result, and deletes what it read', async () => {
      const storage = await open();
      const initial = textUpdate('start');
      await createDocument(storage, 'doc-1', initial);
      await createDocument(storage, 'doc-2');
      const seqs: number[] = [];
      for (let i = 0; i < 3; i += 1)
        seqs.push(await storage.updates.append('doc-1', textUpdate(`${i}`)));
      const otherSeq = await storage.updates.append('doc-2', textUpdate('annat'));
      const folded = textUpdate('hopvikt');
      const seen: StoredDocumentContent[] = [];

      const done = await storage.updates.fold('doc-1', (stored) => {
        seen.push(stored);
        return folded;
      });

      expect(done).toBe(true);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.state?.data).toEqual(initial);
      expect(seen[0]?.updates.map((update) => update.seq)).toEqual(seqs);
      const content = await storage.updates.load('doc-1');
      expect(content.state?.data).toEqual(folded);
      expect(content.state?.checksum).toBe(checksum(folded));
      expect(content.state?.coversSeq).toBe(seqs[2]);
      expect(content.updates).toEqual([]);
      expect((await storage.updates.load('doc-2')).updates.map((update) => update.seq)).toEqual([
        otherSeq,
      ]);

      // The next fold starts from that state and sees only what came after.
      const later = await storage.updates.append('doc-1', textUpdate('sen'));
      await storage.updates.fold('doc-1', (stored) => {
        seen.push(stored);
        return textUpdate('igen');
      });
      expect(seen[1]?.state?.data).toEqual(folded);
      expect(seen[1]?.updates.map((update) => update.seq)).toEqual([later]);
    });

    it('a fold whose merge throws changes nothing', async () => {
      const storage = await open();
      const initial = textUpdate('start');
      await createDocument(storage, 'doc-1', initial);
      const seq = await storage.updates.append('doc-1', textUpdate('kvar'));

      await expect(
        storage.updates.fold('doc-1', () => {
          throw new Error('trasig rad');
        }),
      ).rejects.toThrow('trasig rad');

      const content = await storage.updates.load('doc-1');
      expect(content.state?.data).toEqual(initial);
      expect(content.updates.map((update) => update.seq)).toEqual([seq]);
    });

    it('concurrent folds of one document take turns, each seeing what the other stored', async () => {
      const storage = await open();
      const initial = textUpdate('start');
      await createDocument(storage, 'doc-1', initial);
      await storage.updates.append('doc-1', textUpdate('a'));
      const seenStates: (Uint8Array | undefined)[] = [];
      const results = [textUpdate('först'), textUpdate('sedan')];

      await Promise.all(
        results.map((result) =>
          storage.updates.fold('doc-1', (stored) => {
            seenStates.push(stored.state?.data);
            return result;
          }),
        ),
      );

      // Whichever ran second read the state the first one stored, never the original.
      expect(seenStates).toHaveLength(2);
      const [first, second] = seenStates;
      expect(first).toEqual(initial);
      const firstResult = results.find((result) => second && equalBytes(result, second));
      expect(firstResult).toBeDefined();
      const content = await storage.updates.load('doc-1');
      expect(content.state?.data).not.toEqual(firstResult);
      expect(content.updates).toEqual([]);
    });

    it('numbers new updates above a compacted log, also after a restart', async () => {
      const { storage, restart } = await openWithRestart();
      await createDocument(storage, 'doc-1');
      const first = await storage.updates.append('doc-1', textUpdate('a'));
      const second = await storage.updates.append('doc-1', textUpdate('b'));
      await storage.updates.compact('doc-1', textUpdate('ab'), second);
      expect(await storage.updates.pendingCount('doc-1')).toBe(0);

      const again = await restart();
      const third = await again.updates.append('doc-1', textUpdate('c'));
      expect(third).toBeGreaterThan(second);
      expect(second).toBeGreaterThan(first);
      const content = await again.updates.load('doc-1');
      expect(content.updates.map((update) => update.seq)).toEqual([third]);
    });

    it('every acknowledged update rebuilds the document after a restart', async () => {
      const { storage, restart } = await openWithRestart();
      const ydoc = new Y.Doc();
      await createDocument(storage, 'doc-1', Y.encodeStateAsUpdate(ydoc));
      const acknowledged: Promise<number>[] = [];
      ydoc.on('update', (update: Uint8Array) => {
        acknowledged.push(storage.updates.append('doc-1', update));
      });
      const text = ydoc.getText('probe');
      text.insert(0, 'Remissvar ');
      text.insert(text.length, 'från kommunen');
      text.delete(0, 'Remissvar '.length);
      await Promise.all(acknowledged);

      const again = await restart();
      const content = await again.updates.load('doc-1');
      const rebuilt = new Y.Doc();
      if (content.state) Y.applyUpdate(rebuilt, content.state.data);
      for (const update of content.updates) Y.applyUpdate(rebuilt, update.data);
      expect(rebuilt.getText('probe').toJSON()).toBe('från kommunen');
    });

    it('checkWritable succeeds on a healthy store and fails once it is closed', async () => {
      const storage = await open();
      await expect(storage.checkWritable()).resolves.toBeUndefined();
      await storage.close();
      await expect(storage.checkWritable()).rejects.toThrow();
    });
  });
}
