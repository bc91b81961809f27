import fs from 'node:fs';
import net from 'node:net';
import type { BrowserContext } from 'playwright-core';
import type { Role } from '../../../shared/api/roles.ts';
import { PASSWORD_RESET_TTL_MINUTES } from '../../../shared/limits.ts';
import { hashSecretToken, newSecretToken } from '../../../server/auth/secretToken.ts';
import { startRemissServer } from '../../../server/RemissServer.ts';
import { buildUser, signIn } from '../../../server/test/factories.ts';
import {
  makeTempDir,
  startTestServer,
  testLogger,
  type TestServer,
} from '../../../server/test/startTestServer.ts';

/** Title of the seeded demo draft, which every e2e test opens. */
export const DEMO_TITLE = 'Vägledning om öppna licenser och immaterialrätt – utkast 1';

/**
 * A free TCP port on 127.0.0.1. The server is started on a fixed port (not 0) so that a restart
 * on the same data directory keeps the same URL and open pages can reconnect by themselves.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

/** Someone who can sign in to the e2e server. */
export interface E2eUser {
  id: string;
  email: string;
  name: string;
  organisation: string;
  /** The name on this person's caret and in the presence list. */
  label: string;
}

/** A Remiss server for browser tests that can be stopped and started again on the same data. */
export interface E2eServer {
  /** Base URL, the same across restarts. */
  readonly url: string;
  /** Id of the seeded demo draft. */
  readonly demoId: string;
  /** The running server; `stop` and `start` replace it. */
  readonly current: TestServer;
  /** Whether the server is running (false between `stop` and `start`). */
  readonly running: boolean;
  /** Creates an account with `role` in the demo draft. */
  addUser(name: string, organisation: string, role?: Role): Promise<E2eUser>;
  /** Signs `context` in as `user`: the session cookie is set, as after signing in by hand. */
  signIn(context: BrowserContext, user: E2eUser): Promise<void>;
  /**
   * A working password reset link for `user`, as the server would log it after a reset request.
   * Made directly in storage, because the test server's logger is silent.
   */
  passwordResetUrl(user: E2eUser): Promise<string>;
  /** Stops the server but keeps its data directory. */
  stop(): Promise<void>;
  /** Starts the server again on the same data directory and port. */
  start(): Promise<void>;
  /** Stops the server (if running) and removes the data directory. */
  destroy(): Promise<void>;
}

/**
 * Starts a Remiss server with the demo draft, on a fixed free port, in a data directory that
 * this helper owns: TestServer.destroy keeps a directory it was given, so `stop` and `start`
 * keep the data, and `destroy` removes it.
 */
export async function startE2eServer(): Promise<E2eServer> {
  const dataDir = makeTempDir('remiss-e2e-');
  const port = await freePort();
  const boot = () => startTestServer({ dataDir, seedDemo: true, config: { port } });
  let server: TestServer | null = await boot();
  const url = server.url;
  const demo = (await server.storage.documents.listAll(100)).find(
    (document) => document.title === DEMO_TITLE,
  );
  if (!demo) throw new Error('the demo draft was not seeded');
  const demoId = demo.id;

  const current = (): TestServer => {
    if (!server) throw new Error('the e2e server is stopped');
    return server;
  };

  return {
    url,
    demoId,
    get current() {
      return current();
    },
    get running() {
      return server !== null;
    },
    addUser: async (name, organisation, role = 'editor') => {
      const user = await buildUser(current().storage, {
        name,
        organisation,
        role,
        documentId: demoId,
      });
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        organisation: user.organisation,
        label: `${user.name} (${user.organisation})`,
      };
    },
    signIn: async (context, user) => {
      const cookie = await signIn(url, user.email);
      const separator = cookie.indexOf('=');
      await context.addCookies([
        { name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url },
      ]);
    },
    passwordResetUrl: async (user) => {
      const token = newSecretToken();
      await current().storage.passwordResets.create({
        tokenHash: hashSecretToken(token),
        userId: user.id,
        expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * 60_000),
      });
      return `${url}/reset/${token}`;
    },
    stop: async () => {
      const running = server;
      server = null;
      await running?.close();
    },
    start: async () => {
      if (server) throw new Error('the e2e server is already running');
      server = await boot();
    },
    destroy: async () => {
      const running = server;
      server = null;
      await running?.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A server that has never been set up: no accounts, so it printed a one-time setup link. */
export interface FreshServer {
  readonly url: string;
  /** The setup link the server printed at start. */
  readonly setupUrl: string;
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>;
}

/**
 * Starts a server on an empty data directory without admin variables, as at an operator's first
 * start. startTestServer cannot do this: it creates a site admin, and with an account in place
 * the setup link no longer works.
 */
export async function startFreshServer(): Promise<FreshServer> {
  const dataDir = makeTempDir('remiss-e2e-setup-');
  const server = await startRemissServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      publicUrl: null,
      admin: null,
      seedDemo: false,
      metricsToken: null,
    },
    { logger: testLogger() },
  );
  const destroy = async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  if (server.setupUrl === null) {
    await destroy();
    throw new Error('a server with no accounts printed no setup link');
  }
  return { url: server.url, setupUrl: server.setupUrl, destroy };
}
