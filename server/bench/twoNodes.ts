/**
 * W1 on two nodes (issue 10): the W1 load on two Remiss processes that share one PostgreSQL
 * database and one Redis, with the clients spread evenly over both, next to one Remiss process on
 * the same PostgreSQL without Redis, so that the only difference between the two is the second
 * node and Redis. Every run gets a fresh database cloned from a template that holds the fixture.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { migrateStore } from '../storage/migrateStore.ts';
import { redactUrl } from '../storage/postgres/openPool.ts';
import { AgentTimeout, startBenchServer, type BenchServer } from './benchServer.ts';
import type { Fixture } from './fixtures.ts';
import { AGENT_LAG_LIMIT_MS, runLoad, type LoadResult } from './loadRun.ts';
import { monotonicMs } from './stats.ts';
import {
  CARET_INTERVAL_MS,
  KEYSTROKE_INTERVAL_MS,
  repeat,
  roles,
  windows,
  type BenchOptions,
  type Repeated,
} from './workloads.ts';

/** Where the two-node run finds its PostgreSQL server and Redis (run.ts flags or env). */
export interface ClusterStores {
  /** A postgres:// URL whose user may create databases; each run gets a database of its own. */
  databaseUrl: string | null;
  redisUrl: string | null;
}

/** One node's share of the work over the window. */
export interface NodeFigures {
  /** From /proc, over the window; 100 is one core. */
  cpuPercent: number;
  /** From the agent inside the node; null when it did not answer in time. */
  eventLoopDelayP99Ms: number | null;
  rssBytes: number;
  /** Clients connected to this node. */
  clients: number;
}

/**
 * What Redis did over the window, from `INFO` before and after. These are counters of the whole
 * Redis server: whatever else uses it in the window is counted too (see `connectedClients`).
 */
export interface RedisWindow {
  /** used_cpu_user + used_cpu_sys; 100 is one core. */
  cpuPercent: number;
  /** total_commands_processed. */
  commandsPerSecond: number;
  /** PUBLISH calls (commandstats): the messages the nodes sent each other. */
  publishesPerSecond: number;
  /** total_net_input_bytes and total_net_output_bytes. */
  inputBytesPerSecond: number;
  outputBytesPerSecond: number;
  /** connected_clients when the window opened: a Remiss node holds a handful. */
  connectedClients: number;
}

/** A W1 run on Remiss with PostgreSQL, with each node's figures and Redis'. */
export interface ClusterLoadResult extends LoadResult {
  nodes: NodeFigures[];
  /** Also measured in the one-node run, where it is the traffic of whatever else uses Redis. */
  redis: RedisWindow | null;
}

/** One client count, both configurations. */
export interface TwoNodePoint {
  clients: number;
  /**
   * One Remiss process on PostgreSQL, without Redis. Null in the smoke test, which checks the
   * two-node path only and has no use for a ratio of one-second timings.
   */
  oneNode: Repeated<ClusterLoadResult> | null;
  /** Two Remiss processes on the same PostgreSQL server, joined through Redis. */
  twoNodes: Repeated<ClusterLoadResult>;
}

/** The two-node comparison, or why it did not run. */
export type TwoNodeResults =
  | {
      /** The servers used, with any password hidden. */
      database: string;
      redis: string;
      points: TwoNodePoint[];
    }
  | { skipped: string };

/** Why the two-node run is skipped, or null if it can run. */
export function twoNodeSkipReason(stores: ClusterStores): string | null {
  const missing = [
    ...(stores.databaseUrl
      ? []
      : ['a PostgreSQL server (--database-url or REMISS_TEST_DATABASE_URL)']),
    ...(stores.redisUrl ? [] : ['a Redis (--redis-url or REMISS_TEST_REDIS_URL)']),
  ];
  return missing.length === 0 ? null : `W1 on two nodes needs ${missing.join(' and ')}`;
}

/** W1 at each size on one node and on two, both on PostgreSQL; skipped without the servers. */
export async function w1TwoNodes(
  options: BenchOptions,
  fixture: Fixture,
  sizes: number[],
  stores: ClusterStores,
): Promise<TwoNodeResults> {
  const { databaseUrl, redisUrl } = stores;
  if (!databaseUrl || !redisUrl) {
    const skipped = twoNodeSkipReason(stores) ?? '';
    options.log(`${skipped}: skipped`);
    return { skipped };
  }
  const template = await createTemplate(databaseUrl, fixture);
  const redis = new Redis(redisUrl, { connectionName: 'remiss-bench-monitor', lazyConnect: true });
  try {
    await redis.connect();
    const points: TwoNodePoint[] = [];
    for (const clients of sizes) {
      const once = (nodeCount: 1 | 2) => () =>
        withDatabase(databaseUrl, template, (url) =>
          clusterRun(options, fixture, clients, {
            databaseUrl: url,
            redisUrl: nodeCount === 2 ? redisUrl : null,
            redis,
          }),
        );
      if (!options.smoke) options.log(`W1 on PostgreSQL: ${clients} clients on one node`);
      const oneNode = options.smoke ? null : await repeat(options.runs, once(1), options);
      options.log(`W1 on PostgreSQL and Redis: ${clients} clients on two nodes`);
      const twoNodes = await repeat(options.runs, once(2), options);
      points.push({ clients, oneNode, twoNodes });
    }
    return { database: redactUrl(databaseUrl), redis: redactUrl(redisUrl), points };
  } finally {
    redis.disconnect();
    await dropDatabase(databaseUrl, template);
  }
}

/** One run: the node(s) started on `databaseUrl`, the W1 load, every node's figures and Redis'. */
async function clusterRun(
  options: BenchOptions,
  fixture: Fixture,
  clients: number,
  setup: { databaseUrl: string; redisUrl: string | null; redis: Redis },
): Promise<ClusterLoadResult> {
  const stores = {
    databaseUrl: setup.databaseUrl,
    ...(setup.redisUrl ? { redisUrl: setup.redisUrl } : {}),
  };
  // Both at once: they run the same migrations under PostgreSQL's advisory lock, and the
  // database already has them all.
  const started = await Promise.allSettled(
    Array.from({ length: setup.redisUrl ? 2 : 1 }, () =>
      startBenchServer('remiss', fixture, stores),
    ),
  );
  const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [first, ...others] = nodes;
    if (!first) throw new Error('no node started');
    const measured: { others: NodeFigures[]; redis: RedisWindow | null } = {
      others: [],
      redis: null,
    };
    const result = await runLoad(first, fixture, {
      clients,
      ...roles(clients),
      ...windows(options, { warmupMs: 5_000, measureMs: 30_000 }),
      keystrokeIntervalMs: KEYSTROKE_INTERVAL_MS,
      awarenessIntervalMs: CARET_INTERVAL_MS,
      workers: options.workers,
      nodes: others,
      during: async ({ measureFrom, measureTo }) => {
        await sleepUntil(measureFrom);
        const redisFrom = await readRedis(setup.redis);
        const windows = others.map((node) => openNodeWindow(node));
        await sleepUntil(measureTo);
        const redisTo = await readRedis(setup.redis);
        measured.redis = redisWindow(redisFrom, redisTo);
        measured.others = await Promise.all(
          windows.map(async (close, index) => ({
            ...(await close()),
            clients: clientsOn(index + 1, nodes.length, clients),
          })),
        );
      },
    });
    return {
      ...result,
      nodes: [
        {
          cpuPercent: result.server.cpuPercent,
          eventLoopDelayP99Ms: result.server.eventLoopDelayP99Ms,
          rssBytes: result.server.rssBytes,
          clients: clientsOn(0, nodes.length, clients),
        },
        ...measured.others,
      ],
      redis: measured.redis,
    };
  } finally {
    await Promise.all(nodes.map((node) => node.stop()));
  }
}

/** Clients on node `index` of `nodeCount` when client i goes to node i mod nodeCount. */
const clientsOn = (index: number, nodeCount: number, clients: number) =>
  Math.floor(clients / nodeCount) + (index < clients % nodeCount ? 1 : 0);

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - monotonicMs())));

/**
 * Opens a measuring window on a node other than the one runLoad measures, the way runLoad does:
 * CPU and RSS from /proc, which needs no answer from the node, and the event-loop delay from its
 * agent, which counts only if the node answered the reset within AGENT_LAG_LIMIT_MS.
 */
function openNodeWindow(node: BenchServer): () => Promise<Omit<NodeFigures, 'clients'>> {
  const from = node.proc();
  const fromAt = monotonicMs();
  const sent = monotonicMs();
  let lagMs = Infinity;
  const reset = tolerant(node.agent('reset')).then(() => {
    lagMs = monotonicMs() - sent;
  });
  return async () => {
    const to = node.proc();
    const wallMs = monotonicMs() - fromAt;
    await reset;
    const sample = lagMs <= AGENT_LAG_LIMIT_MS ? await tolerant(node.agent('sample')) : null;
    return {
      cpuPercent: wallMs > 0 ? ((to.cpuMs - from.cpuMs) / wallMs) * 100 : 0,
      eventLoopDelayP99Ms: sample?.eventLoopDelayP99Ms ?? null,
      rssBytes: to.rssBytes,
    };
  };
}

async function tolerant<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof AgentTimeout) return null;
    throw error;
  }
}

/** The Redis counters the report uses, read at one instant. */
interface RedisCounters {
  at: number;
  cpuSeconds: number;
  commands: number;
  publishes: number;
  inputBytes: number;
  outputBytes: number;
  connectedClients: number;
}

/** `INFO` of the sections the counters are in (several sections at once: Redis 7 and later). */
async function readRedis(redis: Redis): Promise<RedisCounters> {
  const text = await redis.info('stats', 'cpu', 'commandstats', 'clients');
  const at = monotonicMs();
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const number = (name: string) => Number(fields.get(name) ?? 0);
  // cmdstat_publish:calls=12,usec=…,…; absent until the first PUBLISH.
  const publishes = /(?:^|,)calls=(\d+)/.exec(fields.get('cmdstat_publish') ?? '')?.[1];
  return {
    at,
    cpuSeconds: number('used_cpu_user') + number('used_cpu_sys'),
    commands: number('total_commands_processed'),
    publishes: Number(publishes ?? 0),
    inputBytes: number('total_net_input_bytes'),
    outputBytes: number('total_net_output_bytes'),
    connectedClients: number('connected_clients'),
  };
}

function redisWindow(from: RedisCounters, to: RedisCounters): RedisWindow {
  const seconds = Math.max(0.001, (to.at - from.at) / 1000);
  const rate = (pick: (c: RedisCounters) => number) => (pick(to) - pick(from)) / seconds;
  return {
    cpuPercent: rate((c) => c.cpuSeconds) * 100,
    commandsPerSecond: rate((c) => c.commands),
    publishesPerSecond: rate((c) => c.publishes),
    inputBytesPerSecond: rate((c) => c.inputBytes),
    outputBytesPerSecond: rate((c) => c.outputBytes),
    connectedClients: from.connectedClients,
  };
}

/** A database name of the bench's own, which a leftover (a killed bench) is recognisable by. */
const newDatabaseName = () => `remiss_bench_${randomBytes(6).toString('hex')}`;

function databaseUrlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database holding the fixture, moved from its SQLite file by the real `migrate-store` code
 * (which also checks that counts and document states match), for each run to clone.
 */
async function createTemplate(serverUrl: string, fixture: Fixture): Promise<string> {
  const name = newDatabaseName();
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  try {
    await migrateStore(fixture.dir, databaseUrlOf(serverUrl, name));
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }
  return name;
}

/** PostgreSQL's "source database is being accessed by other users". */
const TEMPLATE_IN_USE = '55006';

/** Runs `work` on a fresh copy of the template, dropped afterwards whatever happens. */
async function withDatabase<T>(
  serverUrl: string,
  template: string,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const name = newDatabaseName();
  await admin(serverUrl, async (client) => {
    // A clone needs the template to itself; the pool that filled it may take a moment to let go.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? error.code : null;
        if (code !== TEMPLATE_IN_USE || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });
  try {
    return await work(databaseUrlOf(serverUrl, name));
  } finally {
    await dropDatabase(serverUrl, name);
  }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
