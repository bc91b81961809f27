import fs from 'node:fs';
import pg from 'pg';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { freePort, startChildServer, TEST_ADMIN, type StartedChildServer } from './childServer.ts';
import { signIn } from './factories.ts';
import { startRoundRobinBalancer, type RoundRobinBalancer } from './roundRobinBalancer.ts';
import { makeTempDir } from './startTestServer.ts';
import { createTestDatabase, type TestDatabase } from './testPostgres.ts';
import { connectTestRedis, type TestRedis } from './testRedis.ts';

/** Two real Remiss processes sharing one PostgreSQL database and one Redis, behind a balancer. */
export interface TwoNodeCluster {
  /** Node A, started first: it ran the migrations and created the admin. */
  a: StartedChildServer;
  /** Node B. */
  b: StartedChildServer;
  /** Round-robin TCP balancer over A and B, without sticky sessions. */
  balancer: RoundRobinBalancer;
  database: TestDatabase;
  redis: TestRedis;
  /** Session cookie of TEST_ADMIN; sessions live in PostgreSQL, so it works on every node. */
  adminCookie: string;
  /**
   * `POST /api/documents` on node A as the admin; the id is remembered so that `stop` removes
   * what the nodes kept in Redis for it.
   */
  createDocument(title: string): Promise<string>;
  /**
   * Starts another node on the same database, with Redis (a third node) or without it (a
   * single node reading only what PostgreSQL holds). `stop` stops it too.
   */
  startNode(options: { redis: boolean }): Promise<StartedChildServer>;
  /** The document's text as PostgreSQL has committed it: state row, then the log after it. */
  storedText(documentId: string): Promise<string>;
  /**
   * The document's rows, for a failure message: the seq the state row covers, the log's seqs,
   * and the text rebuilt from every log row regardless of the state row, which shows whether
   * an edit missing from `storedText` is in the log but was folded away.
   */
  inspectRows(documentId: string): Promise<StoredRows>;
  /** Stops the balancer and every node, removes their Redis keys and drops the database. */
  stop(): Promise<void>;
}

/**
 * Starts node A, then node B (so that migrations and the admin account are made once, not
 * raced), each a `server/main.ts` process on a port of its own with `DATABASE_URL` and
 * `REDIS_URL`, and a balancer in front of both.
 */
export async function startTwoNodeCluster(options: {
  postgresAdminUrl: string;
  redisUrl: string;
  /**
   * REDIS_URL of node A and of node B, when they reach `redisUrl` another way (through a proxy
   * a test cuts to take Redis away from one node). @default redisUrl for both
   */
  nodeRedisUrls?: readonly [string, string];
}): Promise<TwoNodeCluster> {
  const database = await createTestDatabase(options.postgresAdminUrl);
  const redis = await connectTestRedis(options.redisUrl);
  const observer = new pg.Pool({ connectionString: database.url, max: 2 });
  const nodes: StartedChildServer[] = [];
  const dataDirs: string[] = [];
  const documentIds: string[] = [];
  let balancer: RoundRobinBalancer | null = null;

  const startNode = async (
    withRedis: boolean,
    redisUrl = options.redisUrl,
  ): Promise<StartedChildServer> => {
    // DATA_DIR stays empty on PostgreSQL, but each node gets its own, as on separate machines.
    const dataDir = makeTempDir('remiss-cluster-node-');
    dataDirs.push(dataDir);
    const node = await startChildServer({
      dataDir,
      port: await freePort(),
      admin: TEST_ADMIN,
      env: {
        DATABASE_URL: database.url,
        ...(withRedis ? { REDIS_URL: redisUrl } : {}),
      },
    });
    nodes.push(node);
    return node;
  };

  const stop = async () => {
    await balancer?.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await observer.end();
    await redis.flush(documentIds);
    await database.drop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const a = await startNode(true, options.nodeRedisUrls?.[0]);
    const b = await startNode(true, options.nodeRedisUrls?.[1]);
    balancer = await startRoundRobinBalancer([a.port, b.port]);
    const adminCookie = await signIn(a.url, TEST_ADMIN.email, TEST_ADMIN.password);
    return {
      a,
      b,
      balancer,
      database,
      redis,
      adminCookie,
      createDocument: async (title) => {
        const id = await a.createDocument(title);
        documentIds.push(id);
        return id;
      },
      startNode: ({ redis: withRedis }) => startNode(withRedis),
      storedText: (documentId) => committedText(observer, documentId),
      inspectRows: (documentId) => inspectRows(observer, documentId),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Reads the committed rows over a connection of its own and applies them as a node loading the
 * document does: the state row, then every log row still there. A fold on a shared database
 * may leave a row numbered at or below the state's covers_seq (it was committed after the fold
 * read the log), and that row still counts.
 */
async function committedText(observer: pg.Pool, documentId: string): Promise<string> {
  return (await inspectRows(observer, documentId)).allLogText;
}

/** What {@link TwoNodeCluster.inspectRows} reports. */
export interface StoredRows {
  coversSeq: number;
  logSeqs: number[];
  stateText: string;
  allLogText: string;
}

async function inspectRows(observer: pg.Pool, documentId: string): Promise<StoredRows> {
  const state = await observer.query<{ state: Buffer; covers_seq: string }>(
    'SELECT state, covers_seq FROM document_state WHERE document_id = $1',
    [documentId],
  );
  const updates = await observer.query<{ seq: string; data: Buffer }>(
    'SELECT seq, data FROM document_updates WHERE document_id = $1 ORDER BY seq',
    [documentId],
  );
  const textOf = (rows: Buffer[]) => {
    const ydoc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(ydoc, new Uint8Array(row));
    const text = ydoc.getXmlFragment(YJS_FRAGMENT).toJSON();
    ydoc.destroy();
    return text;
  };
  return {
    coversSeq: Number(state.rows[0]?.covers_seq ?? 0),
    logSeqs: updates.rows.map((row) => Number(row.seq)),
    stateText: textOf(state.rows.map((row) => row.state)),
    allLogText: textOf([...state.rows.map((r) => r.state), ...updates.rows.map((r) => r.data)]),
  };
}
