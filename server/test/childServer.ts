import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import type { z } from 'zod';
import {
  collabTokenResponseSchema,
  createDocumentResponseSchema,
  listDocumentsResponseSchema,
  type DocumentSummary,
} from '../../shared/api/documents.ts';
import { projectRoot } from '../projectRoot.ts';

/** How a child process ended: its exit code, or the signal that killed it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Options for starting the real server (`server/main.ts`) as a child process. */
export interface ChildServerOptions {
  /** DATA_DIR of the child. Reuse it across restarts to keep the same database. */
  dataDir: string;
  /** PORT of the child. Reuse it across restarts so providers reconnect to the same URL. */
  port: number;
  /** REMISS_DEMO: seed the demo draft into an empty database. @default false */
  seedDemo?: boolean;
  /**
   * REMISS_ADMIN_EMAIL and REMISS_ADMIN_PASSWORD. When given, start-up makes sure this admin
   * exists, and `startChildServer` signs in as it, so the API helpers act as that admin.
   */
  admin?: { email: string; password: string };
  /**
   * Extra environment, applied last. `undefined` removes a variable, e.g. `{ HOST: undefined }`
   * to run with the server's default HOST.
   */
  env?: Record<string, string | undefined>;
}

/** The real server running in a child process, started from the current sources with tsx. */
export interface ChildServer {
  /** `http://127.0.0.1:PORT`, where the test reaches it. */
  url: string;
  /** The process id, e.g. to read its memory from /proc. */
  pid: number;
  port: number;
  dataDir: string;
  /** Every stdout line so far (the server logs JSON lines there). */
  stdout: string[];
  /** Every stderr line so far. */
  stderr: string[];
  /** Resolves once the process has ended and its output is fully read. */
  exited: Promise<ChildExit>;
  /** The exit, once `exited` has resolved; null while the process runs. */
  exit: ChildExit | null;
  /** Sends a signal to the process, unless it has ended. */
  kill(signal: NodeJS.Signals): void;
  /** SIGKILLs the process if it still runs and waits for it to end. Safe to call twice. */
  stop(): Promise<void>;
  /** Resolves with the first stdout line, parsed as JSON, for which `matches` is true. */
  waitForLog(
    matches: (entry: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Stdout and stderr, for failure messages. */
  output(): string;
}

/** A started child server, with the time from spawn to the first healthy answer. */
export interface StartedChildServer extends ChildServer {
  /** Milliseconds from spawn until `GET /api/health` answered 200. */
  startupMs: number;
  /**
   * `POST /api/documents`: creates a document owned by the signed-in admin (by the local user in
   * a build without accounts); returns its id.
   */
  createDocument(title: string): Promise<string>;
  /** `GET /api/documents`: the documents the signed-in user sees. */
  listDocuments(): Promise<DocumentSummary[]>;
  /** `POST /api/documents/:id/collab-token`: a token for the collaboration socket. */
  collabToken(documentId: string): Promise<string>;
}

/** An admin account for tests that need to sign in. */
export const TEST_ADMIN = { email: 'admin@remiss.test', password: 'test-admin-password' } as const;

/** Variables the test runner's own environment must not pass on to the child. */
const REMISS_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'PUBLIC_URL',
  'REMISS_ADMIN_EMAIL',
  'REMISS_ADMIN_PASSWORD',
  'REMISS_DEMO',
  'DATABASE_URL',
  'REDIS_URL',
  'LOG_LEVEL',
];

const running = new Set<ChildProcess>();
// A crashed test run must not leave servers behind holding ports and data directories.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A TCP port that was free a moment ago: listen on port 0, note the port, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * Spawns `node --import tsx server/main.ts` in the project root and returns at once, without
 * waiting for the server to be ready. Use it for processes expected to fail at start-up.
 */
export function spawnChildServer(options: ChildServerOptions): ChildServer {
  const overrides: Record<string, string | undefined> = {
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    REMISS_DEMO: options.seedDemo === true ? '1' : '0',
    ...(options.admin
      ? { REMISS_ADMIN_EMAIL: options.admin.email, REMISS_ADMIN_PASSWORD: options.admin.password }
      : {}),
    ...options.env,
  };
  // The runner's own Remiss variables must not leak in; an override of undefined removes one.
  const inherited = Object.entries(process.env).filter(
    ([name]) => !REMISS_VARIABLES.includes(name) && !(name in overrides),
  );
  const env = Object.fromEntries(
    [...inherited, ...Object.entries(overrides)].filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);

  const stdout: string[] = [];
  const stderr: string[] = [];
  const lineListeners = new Set<(line: string) => void>();
  const collect = (stream: NodeJS.ReadableStream, lines: string[], notify: boolean) => {
    let partial = '';
    stream.setEncoding('utf8');
    const push = (line: string) => {
      lines.push(line);
      if (notify) for (const listener of lineListeners) listener(line);
    };
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) push(line);
    });
    stream.on('end', () => {
      if (partial !== '') push(partial);
      partial = '';
    });
  };
  collect(child.stdout, stdout, true);
  collect(child.stderr, stderr, false);

  const server: ChildServer = {
    url: `http://127.0.0.1:${options.port}`,
    pid: child.pid ?? -1,
    port: options.port,
    dataDir: options.dataDir,
    stdout,
    stderr,
    exit: null,
    exited: new Promise<ChildExit>((resolve) => {
      // 'close' rather than 'exit': it comes after stdout and stderr are read to the end.
      child.once('close', (code, signal) => {
        running.delete(child);
        server.exit = { code, signal };
        resolve(server.exit);
      });
    }),
    kill: (signal) => {
      if (server.exit === null) child.kill(signal);
    },
    stop: async () => {
      server.kill('SIGKILL');
      await server.exited;
    },
    waitForLog: (matches, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const test = (line: string): boolean => {
          const entry = parseLogLine(line);
          if (entry === null || !matches(entry)) return false;
          finish();
          resolve(entry);
          return true;
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no matching log line within ${timeoutMs} ms\n${server.output()}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          lineListeners.delete(test);
        };
        if (stdout.some(test)) return;
        lineListeners.add(test);
      }),
    output: () => `--- stdout ---\n${stdout.join('\n')}\n--- stderr ---\n${stderr.join('\n')}`,
  };
  return server;
}

/**
 * Starts the real server as a child process and waits until `GET /api/health` answers 200.
 * Rejects, with the child's output, if the process ends first or is not healthy in time; the
 * process is stopped in that case.
 */
export async function startChildServer(
  options: ChildServerOptions,
  timeoutMs = 30_000,
): Promise<StartedChildServer> {
  const spawnedAt = performance.now();
  const server = spawnChildServer(options);
  try {
    await waitUntilHealthy(server, timeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const startupMs = performance.now() - spawnedAt;
  const session: Session = { cookie: null };
  try {
    if (options.admin) await signIn(server, session, options.admin);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return Object.assign(server, {
    startupMs,
    createDocument: async (title: string) =>
      (
        await requestJson(server, session, '/api/documents', createDocumentResponseSchema, {
          method: 'POST',
          body: JSON.stringify({ title }),
        })
      ).id,
    listDocuments: async () =>
      (await requestJson(server, session, '/api/documents', listDocumentsResponseSchema)).documents,
    collabToken: async (documentId: string) =>
      (
        await requestJson(
          server,
          session,
          `/api/documents/${encodeURIComponent(documentId)}/collab-token`,
          collabTokenResponseSchema,
          { method: 'POST' },
        )
      ).token,
  });
}

/** The session cookie the API helpers send, once signed in. */
interface Session {
  cookie: string | null;
}

/**
 * `POST /api/session` and keeps the session cookie, as a non-browser client does. A build
 * without accounts answers 404 there and acts as its one local user, so no cookie is needed.
 */
async function signIn(
  server: ChildServer,
  session: Session,
  credentials: { email: string; password: string },
): Promise<void> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    body: JSON.stringify(credentials),
    headers: { 'Content-Type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status === 404) return;
  if (!response.ok) throw new Error(`POST /api/session answered ${response.status}: ${text}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.includes('='));
  if (cookie === undefined) throw new Error('POST /api/session set no cookie');
  session.cookie = cookie;
}

async function waitUntilHealthy(server: ChildServer, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.exit !== null) {
      throw new Error(
        `the server exited before it was healthy (code ${String(server.exit.code)}, ` +
          `signal ${String(server.exit.signal)})\n${server.output()}`,
      );
    }
    try {
      const response = await fetch(`${server.url}/api/health`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 50)), server.exited]);
  }
  throw new Error(`the server was not healthy within ${timeoutMs} ms\n${server.output()}`);
}

async function requestJson<Schema extends z.ZodType>(
  server: ChildServer,
  session: Session,
  path: string,
  schema: Schema,
  init: { method?: string; body?: string } = {},
): Promise<z.infer<Schema>> {
  const headers: Record<string, string> = {};
  if (session.cookie !== null) headers['Cookie'] = session.cookie;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`);
  }
  return schema.parse(JSON.parse(text));
}

/** Parses one stdout line as a JSON log entry, or returns null if it is not a JSON object. */
export function parseLogLine(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
