import { ConfigError, loadConfig } from './config.ts';
import { createJsonLogger } from './logger.ts';
import { SHUTDOWN_DEADLINE_MS, startRemissServer } from './RemissServer.ts';
import { DatabaseOpenError } from './storage/sqlite/openDatabase.ts';

const logger = createJsonLogger({ level: process.env['LOG_LEVEL'] === 'debug' ? 'debug' : 'info' });

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const server = await startRemissServer(config, { logger });
  logger.info('Remiss is running', {
    url: config.publicUrl ?? server.url,
    dataDir: config.dataDir,
    collab: `${server.url.replace(/^http/, 'ws')}/collab`,
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
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
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
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
