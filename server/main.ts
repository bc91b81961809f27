import { ConfigError, loadConfig } from './config.ts';
import { createJsonLogger } from './logger.ts';
import { SHUTDOWN_DEADLINE_MS, startRemissServer, type RemissServer } from './RemissServer.ts';
import { DatabaseOpenError } from './storage/sqlite/openDatabase.ts';

const logger = createJsonLogger({ level: process.env['LOG_LEVEL'] === 'debug' ? 'debug' : 'info' });

// A library promise nobody awaits (Hocuspocus runs some extension hooks unawaited; the Redis
// extension publishes from callbacks) must not end the process that holds everyone's open
// documents: it is logged loudly instead. Errors on our own paths are handled where they occur.
process.on('unhandledRejection', (reason: unknown) => {
  logger.error('a promise failed and nobody handled it; the server keeps running', {
    error: reason,
  });
});

async function main(): Promise<void> {
  const config = loadConfig(process.env);

  // Listen for signals before the slow part of start-up (migrations, seeding), so that a SIGTERM
  // arriving then still ends in an orderly stop instead of Node's default abrupt exit.
  let server: RemissServer | null = null;
  let stopRequested: string | null = null;
  const stop = (signal: string) => {
    if (stopRequested) return;
    stopRequested = signal;
    // Still starting: main() stops the server as soon as it is up.
    if (server) shutDown(server, signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  server = await startRemissServer(config, { logger });
  logger.info('Remiss is running', {
    url: config.publicUrl ?? server.url,
    store: config.postgresUrl === undefined ? 'sqlite' : 'postgres',
    dataDir: config.dataDir,
    collab: `${server.url.replace(/^http/, 'ws')}/collab`,
  });
  if (stopRequested) shutDown(server, stopRequested);
}

/** Stores everything and exits: 0 when all went well, 1 otherwise or after the deadline. */
function shutDown(server: RemissServer, signal: string): void {
  logger.info('shutting down', { signal });
  const deadline = setTimeout(() => {
    logger.error('shutdown took too long; exiting anyway', { deadlineMs: SHUTDOWN_DEADLINE_MS });
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  server.close().then(
    () => {
      logger.info('stopped');
      process.exit(0);
    },
    (error: unknown) => {
      logger.error('shutdown failed', { error });
      process.exit(1);
    },
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseOpenError) {
    logger.error(error.message);
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.error('Remiss could not start', { error });
  }
  process.exit(1);
});
