import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import { createJsonLogger, type Logger } from '../logger.ts';
import { startRemissServer, type RemissServer } from '../RemissServer.ts';
import type { Storage, UserRecord } from '../storage/types.ts';
import { buildUser, LOCAL_USER_ID, signIn } from './factories.ts';

/** A Remiss server on port 0 in a fresh temporary DATA_DIR, for one test. */
export interface TestServer extends RemissServer {
  dataDir: string;
  /** The site admin every test server has (id LOCAL_USER_ID); owner of every document. */
  owner: UserRecord;
  /** Session cookie of `owner`, to send as the `Cookie` header. */
  ownerCookie: string;
  /** fetch against the server as `owner` (or with `cookie`), JSON by default. */
  request(path: string, init?: RequestInit & { cookie?: string | null }): Promise<Response>;
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>;
}

/** Makes a fresh temporary data directory. */
export function makeTempDir(prefix = 'remiss-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A logger that keeps test output quiet unless REMISS_TEST_LOGS=1. */
export function testLogger(): Logger {
  return createJsonLogger({
    level: process.env['REMISS_TEST_LOGS'] === '1' ? 'debug' : 'error',
    write: process.env['REMISS_TEST_LOGS'] === '1' ? undefined : () => undefined,
  });
}

/**
 * Starts a real Remiss server on 127.0.0.1, port 0, with its own temporary DATA_DIR (or the one
 * given, to restart on the same data). The demo draft is not seeded unless asked for.
 */
export async function startTestServer(
  options: {
    dataDir?: string;
    seedDemo?: boolean;
    storage?: Storage;
    config?: Partial<Config>;
    collabTimeoutMs?: number;
    /** See RemissServerOptions.drainGraceMs. */
    drainGraceMs?: number;
    /** Where the server logs. @default testLogger() */
    logger?: Logger;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeTempDir();
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    publicUrl: null,
    admin: null,
    seedDemo: options.seedDemo ?? false,
    metricsToken: null,
    ...options.config,
  };
  // REMISS_TEST_CLIENT_DIR lets a developer test a client built elsewhere (`vite build --outDir`)
  // while another build writes dist/client; unset, the server serves dist/client as usual.
  const clientDir = process.env['REMISS_TEST_CLIENT_DIR'];
  const server = await startRemissServer(config, {
    logger: options.logger ?? testLogger(),
    ...(clientDir ? { clientDir } : {}),
    ...(options.storage ? { storage: options.storage } : {}),
    ...(options.collabTimeoutMs === undefined ? {} : { collabTimeoutMs: options.collabTimeoutMs }),
    ...(options.drainGraceMs === undefined ? {} : { drainGraceMs: options.drainGraceMs }),
  });
  const owner =
    (await server.storage.users.get(LOCAL_USER_ID)) ??
    (await buildUser(server.storage, {
      id: LOCAL_USER_ID,
      email: 'owner@test.invalid',
      name: 'Test Owner',
      isAdmin: true,
    }));
  const ownerCookie = await signIn(server.url, owner.email);
  return {
    ...server,
    dataDir,
    owner,
    ownerCookie,
    request: (requestPath, init = {}) => {
      const { cookie = ownerCookie, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (cookie) merged.set('Cookie', cookie);
      if (rest.body !== undefined && !merged.has('Content-Type')) {
        merged.set('Content-Type', 'application/json');
      }
      return fetch(`${server.url}${requestPath}`, { ...rest, headers: merged });
    },
    destroy: async () => {
      await server.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
