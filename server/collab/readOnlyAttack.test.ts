import path from 'node:path';
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import {
  AuthenticationFailed,
  AuthorizationFailed,
  MessageRefused,
} from '../../shared/closeCodes.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import type { UserRecord } from '../storage/types.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { buildDocument, buildUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { MessageType, SyncType } from './collabMessage.ts';

/** Sub-types of an Auth message (@hocuspocus/common AuthMessageType). */
const AuthType = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const;

/** One frame the server sent, decoded as far as these tests need. */
interface Frame {
  documentName: string;
  type: number;
  /** Auth sub-type, for Auth frames. */
  authType?: number;
  /** Scope (Authenticated), reason (PermissionDenied, Close) or payload (Stateless). */
  text?: string;
  /** 1 = applied, 0 = refused, for SyncStatus frames. */
  status?: number;
}

function decodeFrame(data: Uint8Array): Frame {
  const decoder = decoding.createDecoder(data);
  const documentName = decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Auth: {
      const authType = decoding.readVarUint(decoder);
      return authType === AuthType.Token
        ? { documentName, type, authType }
        : { documentName, type, authType, text: decoding.readVarString(decoder) };
    }
    case MessageType.SyncStatus:
      return { documentName, type, status: decoding.readVarUint(decoder) };
    case MessageType.Stateless:
    case MessageType.Close:
      return { documentName, type, text: decoding.readVarString(decoder) };
    default:
      return { documentName, type };
  }
}

/** Builds a frame the way a Hocuspocus client does: document name, message type, then `body`. */
function frame(documentName: string, type: number, body: (e: encoding.Encoder) => void) {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, type);
  body(encoder);
  return encoding.toUint8Array(encoder);
}

const authFrame = (documentName: string, token: string) =>
  frame(documentName, MessageType.Auth, (e) => {
    encoding.writeVarUint(e, AuthType.Token);
    encoding.writeVarString(e, token);
  });

const syncFrame = (documentName: string, syncType: number, update: Uint8Array) =>
  frame(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, update);
  });

const broadcastStatelessFrame = (documentName: string, payload: string) =>
  frame(documentName, MessageType.BroadcastStateless, (e) => encoding.writeVarString(e, payload));

/** A hand-driven collaboration socket: sends raw frames and records every frame it receives. */
class RawClient {
  readonly frames: Frame[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(decodeFrame(new Uint8Array(data)));
      for (const listener of this.listeners) listener();
    });
  }

  static async connect(url: string): Promise<RawClient> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/collab`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  send(data: Uint8Array): void {
    this.socket.send(data);
  }

  /** Resolves with the frames received so far once `done(frames)` holds. */
  until(done: (frames: readonly Frame[]) => boolean, timeoutMs = 5_000): Promise<Frame[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.frames)) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve([...this.frames]);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`expected frames did not arrive: ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** Authenticates for `documentName` and resolves with the server's Auth answer. */
  async authenticate(documentName: string, token: string): Promise<Frame> {
    this.send(authFrame(documentName, token));
    const frames = await this.until((all) => all.some((f) => isAuthAnswer(f, documentName)));
    const answer = frames.find((f) => isAuthAnswer(f, documentName));
    if (!answer) throw new Error('no auth answer');
    return answer;
  }

  close(): void {
    this.socket.terminate();
  }
}

const isAuthAnswer = (f: Frame, documentName: string) =>
  f.documentName === documentName &&
  f.type === MessageType.Auth &&
  (f.authType === AuthType.Authenticated || f.authType === AuthType.PermissionDenied);

const syncStatuses = (frames: readonly Frame[]) =>
  frames.filter((f) => f.type === MessageType.SyncStatus);

/** A stored row, as raw bytes. */
interface StoredRows {
  state: { state: Buffer; checksum: string; covers_seq: number }[];
  updates: { seq: number; data: Buffer; checksum: string }[];
}

let server: TestServer;
let reader: Database.Database;
let documentId: string;
let editor: UserRecord;
let nonMember: UserRecord;
const readOnlyUsers = new Map<'commenter' | 'viewer', UserRecord>();
const raws: RawClient[] = [];
const clients: TestClient[] = [];

/** Reads the document's rows through a connection of its own, as another process would. */
function storedRows(): StoredRows {
  return {
    state: reader
      .prepare<[string], StoredRows['state'][number]>(
        'SELECT state, checksum, covers_seq FROM document_state WHERE document_id = ?',
      )
      .all(documentId),
    updates: reader
      .prepare<[string], StoredRows['updates'][number]>(
        'SELECT seq, data, checksum FROM document_updates WHERE document_id = ? ORDER BY seq',
      )
      .all(documentId),
  };
}

/** The document as the stored rows describe it, as one update. */
function storedState(rows: StoredRows): Uint8Array {
  return Y.mergeUpdates([
    ...rows.state.map((row) => row.state),
    ...rows.updates.map((row) => row.data),
  ]);
}

/** What the server holds in memory for the document. */
function serverState(): Uint8Array {
  const document = server.engine.hocuspocus.documents.get(documentId);
  if (!document) throw new Error('the document is not loaded');
  return Y.encodeStateAsUpdate(document);
}

/**
 * Yjs updates that change the text, made the way a real client would make them: on a copy of
 * the document as it stands. One inserts text into the first paragraph, one appends a new
 * paragraph, one deletes everything.
 */
function maliciousUpdates(current: Uint8Array): Uint8Array[] {
  const make = (change: (fragment: Y.XmlFragment) => void) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, current);
    const before = Y.encodeStateVector(doc);
    change(doc.getXmlFragment(YJS_FRAGMENT));
    const update = Y.encodeStateAsUpdate(doc, before);
    doc.destroy();
    return update;
  };
  return [
    make((fragment) => {
      const paragraph = fragment.get(0);
      if (!(paragraph instanceof Y.XmlElement)) throw new Error('no first paragraph');
      paragraph.insert(0, [new Y.XmlText('injected by a read-only socket')]);
    }),
    make((fragment) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('a whole new paragraph')]);
      fragment.insert(fragment.length, [paragraph]);
    }),
    make((fragment) => fragment.delete(0, fragment.length)),
  ];
}

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await buildDocument(server.storage, server.owner.id, { title: 'Angrepp' })).id;
  editor = await buildUser(server.storage, { role: 'editor', documentId });
  nonMember = await buildUser(server.storage);
  for (const role of ['commenter', 'viewer'] as const) {
    readOnlyUsers.set(role, await buildUser(server.storage, { role, documentId }));
  }
  reader = new Database(path.join(server.dataDir, DATABASE_FILE), {
    readonly: true,
    fileMustExist: true,
  });
});

afterEach(() => {
  for (const raw of raws.splice(0)) raw.close();
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  reader.close();
  await server.destroy();
});

async function connectEditor(): Promise<{ client: TestClient; stateless: string[] }> {
  const client = connectClient(
    server.url,
    documentId,
    () => server.tokens.issue(editor.id, documentId).token,
  );
  clients.push(client);
  const stateless: string[] = [];
  client.provider.on('stateless', ({ payload }: { payload: string }) => stateless.push(payload));
  await client.synced;
  await client.allAcked();
  return { client, stateless };
}

async function rawClient(): Promise<RawClient> {
  const raw = await RawClient.connect(server.url);
  raws.push(raw);
  return raw;
}

describe('a read-only socket sending writes by hand', () => {
  for (const role of ['commenter', 'viewer'] as const) {
    it(`changes nothing for a ${role}: not the stored rows, the server's copy or a peer's`, async () => {
      const attackerUser = readOnlyUsers.get(role);
      if (!attackerUser) throw new Error(`no ${role}`);
      const { client: editorClient, stateless } = await connectEditor();
      const rowsBefore = storedRows();
      const serverBefore = serverState();
      const editorBefore = Y.encodeStateAsUpdate(editorClient.ydoc);
      expect(Buffer.from(serverBefore).equals(Buffer.from(editorBefore))).toBe(true);

      const attacker = await rawClient();
      const answer = await attacker.authenticate(
        documentId,
        server.tokens.issue(attackerUser.id, documentId).token,
      );
      expect(answer).toMatchObject({ authType: AuthType.Authenticated, text: 'readonly' });

      const [insert, append, wipe] = maliciousUpdates(serverBefore);
      if (!insert || !append || !wipe) throw new Error('updates missing');
      attacker.send(syncFrame(documentId, SyncType.Update, insert));
      attacker.send(syncFrame(documentId, SyncType.Step2, append));
      attacker.send(syncFrame(documentId, SyncType.Update, wipe));
      const answered = await attacker.until((frames) => syncStatuses(frames).length >= 3);
      // Each write is answered "not applied", which is what keeps a real provider's change unsynced.
      expect(syncStatuses(answered).map((f) => f.status)).toEqual([0, 0, 0]);

      attacker.send(
        broadcastStatelessFrame(documentId, '{"type":"access-changed","role":"owner"}'),
      );
      const closed = await attacker.until((frames) =>
        frames.some((f) => f.type === MessageType.Close),
      );
      expect(closed.find((f) => f.type === MessageType.Close)?.text).toBe(MessageRefused.reason);

      // A full round trip on the editor's socket: anything relayed to it came before this ack.
      editorClient.provider.forceSync();
      await editorClient.allAcked();

      expect(storedRows()).toEqual(rowsBefore);
      expect(Buffer.from(serverState()).equals(Buffer.from(serverBefore))).toBe(true);
      expect(
        Buffer.from(Y.encodeStateAsUpdate(editorClient.ydoc)).equals(Buffer.from(editorBefore)),
      ).toBe(true);
      expect(editorClient.ydoc.getXmlFragment(YJS_FRAGMENT).toJSON()).not.toContain('injected');
      expect(stateless).toEqual([]);
    });
  }
});

describe('tokens that must not open the document', () => {
  const cases: { name: string; token: () => string; reason: string }[] = [
    {
      name: "a non-member's own valid token",
      token: () => server.tokens.issue(nonMember.id, documentId).token,
      reason: AuthorizationFailed.reason,
    },
    {
      name: 'a token with a tampered signature',
      token: () => {
        const token = server.tokens.issue(editor.id, documentId).token;
        // A character well inside the signature, so the signed bytes really differ.
        const index = token.length - 10;
        const swapped = token[index] === 'A' ? 'B' : 'A';
        return `${token.slice(0, index)}${swapped}${token.slice(index + 1)}`;
      },
      reason: AuthenticationFailed.reason,
    },
    {
      name: "a commenter's token with its claims rewritten to the editor's",
      token: () => {
        const commenter = readOnlyUsers.get('commenter');
        if (!commenter) throw new Error('no commenter');
        const [version = '', , signature = ''] = server.tokens
          .issue(commenter.id, documentId)
          .token.split('.');
        const claims = { sub: editor.id, doc: documentId, exp: Math.floor(Date.now() / 1000) + 60 };
        const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
        return `${version}.${forged}.${signature}`;
      },
      reason: AuthenticationFailed.reason,
    },
    {
      name: 'an empty token from a socket without a session cookie',
      token: () => '',
      reason: AuthenticationFailed.reason,
    },
    {
      name: 'an expired token',
      token: () => server.tokens.issue(editor.id, documentId, Date.now() - 10 * 60_000).token,
      reason: AuthenticationFailed.reason,
    },
    {
      name: "an editor's token for another document",
      token: () => server.tokens.issue(editor.id, 'some-other-document').token,
      reason: AuthorizationFailed.reason,
    },
  ];

  for (const { name, token, reason } of cases) {
    it(`refuses ${name} with ${reason}`, async () => {
      const rowsBefore = storedRows();
      const attacker = await rawClient();
      const answer = await attacker.authenticate(documentId, token());
      expect(answer).toMatchObject({ authType: AuthType.PermissionDenied, text: reason });

      // Whatever it sends next is not applied; the server never answers it.
      const [insert] = maliciousUpdates(storedState(rowsBefore));
      if (!insert) throw new Error('no update');
      attacker.send(syncFrame(documentId, SyncType.Update, insert));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(syncStatuses(attacker.frames)).toEqual([]);
      expect(storedRows()).toEqual(rowsBefore);
    });
  }
});
