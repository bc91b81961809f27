/**
 * Starts the three servers the bench compares, each as a child process with the measuring agent
 * (agent.ts) loaded the same way: the plain `ws` relay (the network floor), bare Hocuspocus (the
 * peer) and Remiss itself (`server/main.ts`, the real entry point, on a copy of a fixture's
 * DATA_DIR).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../projectRoot.ts';
import { freePort } from '../test/childServer.ts';
import type { AgentCommand, AgentReply, AgentSample } from './agent.ts';
import { copyFixture, type Fixture } from './fixtures.ts';
import type { ClientAuth } from './loadWorker.ts';

/**
 * Which server a run measures. `remiss-before` is Remiss from a snapshot of another commit
 * (`--compare REV`), run in the same session as the work tree's, so a change is measured before
 * and after under the same conditions.
 */
export type ServerKind = 'relay-naive' | 'relay' | 'hocuspocus' | 'remiss-before' | 'remiss';

/** The kinds run unless told otherwise, in the order reports list them. */
export const SERVER_KINDS: readonly ServerKind[] = ['relay', 'hocuspocus', 'remiss'];

/** Every kind there is. */
export const ALL_SERVER_KINDS: readonly ServerKind[] = [
  'relay-naive',
  'relay',
  'hocuspocus',
  'remiss-before',
  'remiss',
];

/**
 * Whether `kind` is a relay (no document, no handshake, no ack): the floor, or its first,
 * naive version, which runs only when named (`--servers relay-naive,…`) to show what the
 * floor's tricks save.
 */
export const isRelay = (kind: ServerKind): boolean => kind === 'relay' || kind === 'relay-naive';

/** Whether `kind` is Remiss itself (of the work tree or of a snapshot). */
export const isRemiss = (kind: ServerKind): boolean =>
  kind === 'remiss' || kind === 'remiss-before';

/** A running bench server. */
export interface BenchServer {
  kind: ServerKind;
  url: string;
  wsUrl: string;
  pid: number;
  /** Remiss' DATA_DIR for this run; null for the baselines. */
  dataDir: string | null;
  /** How a client of `user` authenticates (a fresh collab token per connect for Remiss). */
  authFor(cookie: string): ClientAuth;
  agent(
    command: 'reset' | 'sample' | 'profile-start',
    options?: { collectGarbage?: boolean },
  ): Promise<AgentSample | undefined>;
  profileTo(file: string): Promise<void>;
  /**
   * CPU time and memory read from /proc, without asking the process: a server whose event loop
   * is hours behind still answers this at once.
   */
  proc(): ProcSample;
  /** The last lines the server printed, for error messages. */
  output(): string;
  /** Stops the server (SIGTERM, so Remiss stores everything) and removes its DATA_DIR unless kept. */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
}

/** The server's event loop did not get to the agent's command in time: it is overloaded. */
export class AgentTimeout extends Error {
  override name = 'AgentTimeout';
}

/** What /proc tells about a process. */
export interface ProcSample {
  /** User plus system CPU time since the process started, ms. */
  cpuMs: number;
  rssBytes: number;
  /** The high-water mark of RSS over the process' life (VmHWM). */
  peakRssBytes: number;
}

// Linux reports CPU times in clock ticks; USER_HZ is 100 on every Linux Node.js supports.
const TICK_MS = 10;

/** Reads /proc/<pid>/stat and /proc/<pid>/status; zeros if the process is gone. */
export function readProc(pid: number): ProcSample {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return {
      cpuMs: ticks * TICK_MS,
      rssBytes: kib('VmRSS') * 1024,
      peakRssBytes: kib('VmHWM') * 1024,
    };
  } catch {
    return { cpuMs: 0, rssBytes: 0, peakRssBytes: 0 };
  }
}

/** A command before the request id is added (distributed over the union). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const AGENT = path.join(projectRoot(), 'server', 'bench', 'agent.ts');
const ENTRY: Record<ServerKind, string> = {
  'relay-naive': 'server/bench/servers/wsRelayNaive.ts',
  relay: 'server/bench/servers/wsRelay.ts',
  hocuspocus: 'server/bench/servers/bareHocuspocus.ts',
  'remiss-before': 'server/main.ts',
  remiss: 'server/main.ts',
};

let remissRoot = projectRoot();
let remissBeforeRoot: string | null = null;

/**
 * Runs Remiss from another source tree, e.g. a snapshot of one commit (run.ts `--commit`), so
 * that the figures belong to that commit and not to whatever the work tree holds mid-edit.
 */
export function useRemissFrom(root: string): void {
  remissRoot = root;
}

/** Where `remiss-before` runs from (run.ts `--compare`): a snapshot of the other commit. */
export function useRemissBeforeFrom(root: string): void {
  remissBeforeRoot = root;
}

/**
 * The built web app a Remiss of `kind` serves: dist/client of the tree it runs from (a `--commit`
 * directory may hold a client of its own; a snapshot of a commit links the work tree's).
 */
export function clientDirOf(kind: ServerKind): string {
  return path.join(rootOf(kind), 'dist', 'client');
}

function rootOf(kind: ServerKind): string {
  if (kind === 'remiss') return remissRoot;
  if (kind !== 'remiss-before') return projectRoot();
  if (!remissBeforeRoot) throw new Error('remiss-before needs --compare REV');
  return remissBeforeRoot;
}

/** Where a Remiss node keeps its data, beyond the copy of the fixture's DATA_DIR. */
export interface RemissStores {
  /** `DATABASE_URL`: a postgres:// database holding the fixture (see twoNodes.ts). */
  databaseUrl?: string;
  /** `REDIS_URL`: join the other nodes started with the same database and Redis. */
  redisUrl?: string;
}

/** Starts a server of `kind` on a free loopback port and waits until it answers. */
export async function startBenchServer(
  kind: ServerKind,
  fixture: Fixture,
  stores: RemissStores = {},
): Promise<BenchServer> {
  const port = await freePort();
  const dataDir = isRemiss(kind) ? copyFixture(fixture) : null;
  // Only what the servers need; the bench's own environment (and any REMISS_* in it) stays out.
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    ...(dataDir ? { DATA_DIR: dataDir, REMISS_DEMO: '0', LOG_LEVEL: 'info' } : {}),
    // Hundreds of bench clients connect at once from this one address; the per-address limit
    // on failing collab sockets (docs/limits.md) counts each until it authenticates. Off for
    // the bench only, by name.
    ...(dataDir ? { REMISS_BENCH_UNLIMITED_COLLAB_ATTEMPTS: '1' } : {}),
    ...(kind === 'hocuspocus' ? { BENCH_INITIAL_STATE: fixture.initialStateFile } : {}),
    ...(dataDir && stores.databaseUrl ? { DATABASE_URL: stores.databaseUrl } : {}),
    ...(dataDir && stores.redisUrl ? { REDIS_URL: stores.redisUrl } : {}),
  };
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--import', AGENT, ENTRY[kind]],
    {
      cwd: rootOf(kind),
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    },
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let nextId = 1;
  const pending = new Map<number, (reply: AgentReply) => void>();
  child.on('message', (message: AgentReply) => {
    pending.get(message.agentReply)?.(message);
    pending.delete(message.agentReply);
  });
  const ask = (command: WithoutId<AgentCommand>): Promise<AgentReply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(
        () => reject(new AgentTimeout(`agent did not answer ${command.command} within 30 s`)),
        30_000,
      );
      pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(reply.error));
        else resolve(reply);
      });
      child.send({ ...command, id });
    });

  const url = `http://127.0.0.1:${port}`;
  const server: BenchServer = {
    kind,
    url,
    wsUrl: isRemiss(kind) ? `ws://127.0.0.1:${port}/collab` : `ws://127.0.0.1:${port}/`,
    pid: child.pid ?? -1,
    dataDir,
    authFor: (cookie) =>
      isRemiss(kind)
        ? {
            tokenUrl: `${url}/api/documents/${encodeURIComponent(fixture.documentId)}/collab-token`,
            cookie,
          }
        : { token: 'bench' },
    agent: async (command, options = {}) =>
      (await ask(command === 'sample' ? { command, ...options } : { command })).sample,
    profileTo: async (file) => {
      await ask({ command: 'profile-stop', file });
    },
    proc: () => readProc(child.pid ?? -1),
    output: () => lines.join('\n'),
    stop: async ({ keepDataDir = false } = {}) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (dataDir && !keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilAnswering(server, child);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilAnswering(server: BenchServer, child: ChildProcess): Promise<void> {
  const healthUrl = isRemiss(server.kind) ? `${server.url}/api/health` : server.url;
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${server.kind} exited at start-up:\n${server.output()}`);
    }
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${server.kind} did not answer within 60 s:\n${server.output()}`);
}

/** Reads `/metrics` of a Remiss server: the samples, or null if it has no such endpoint. */
export async function scrapeRemiss(server: BenchServer): Promise<Map<string, number> | null> {
  if (!isRemiss(server.kind)) return null;
  try {
    const response = await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    if (response.status !== 200) return null;
    const samples = new Map<string, number>();
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
      if (match?.[1] && match[2] !== undefined) samples.set(match[1], Number(match[2]));
    }
    return samples;
  } catch {
    return null;
  }
}
