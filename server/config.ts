import path from 'node:path';
import { z } from 'zod';
import { MIN_METRICS_TOKEN_LENGTH, MIN_PASSWORD_LENGTH } from '../shared/limits.ts';
import {
  DatabaseUrlError,
  parseDatabaseUrl,
  type DatabaseLocation,
} from './storage/databaseUrl.ts';

const booleanFlag = z.enum(['0', '1']).transform((value) => value === '1');

/**
 * The environment variables Remiss reads, as documented in docs/configuration.md and promised by
 * the public API. Start-up stops with a clear message if one is malformed, instead of running
 * with a surprising value.
 */
const environmentSchema = z.object({
  /** TCP port of the HTTP server. @default 3000 */
  PORT: z
    .string()
    // Digits only: Number() would also take " ", "1e3" and "0x50", which are typos, not ports.
    .regex(/^\d{1,5}$/, 'must be a whole number from 0 to 65535')
    .transform(Number)
    .pipe(z.number().max(65_535, 'must be a whole number from 0 to 65535'))
    .default(3000),
  /**
   * Interface to bind. Loopback by default, so a fresh install is not exposed to the network
   * until the operator says so with `0.0.0.0`. @default "127.0.0.1"
   */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder for the SQLite database (`remiss.sqlite`, WAL mode). @default "./data" */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Public base URL used in links the server prints or sends. @default "http://HOST:PORT" */
  PUBLIC_URL: z.url().optional(),
  /** With REMISS_ADMIN_PASSWORD: make sure this admin account exists at start-up. */
  REMISS_ADMIN_EMAIL: z.email().optional(),
  /** With REMISS_ADMIN_EMAIL: the admin's password, as long as any other (MIN_PASSWORD_LENGTH). */
  REMISS_ADMIN_PASSWORD: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .optional(),
  /** `1` seeds the demo draft into an empty database, `0` seeds nothing. @default "1" */
  REMISS_DEMO: booleanFlag.default(true),
  /**
   * Unset: SQLite in DATA_DIR. `sqlite:<folder>`: SQLite in that folder (instead of DATA_DIR).
   * `postgres://…` or `postgresql://…`: everything in that PostgreSQL database.
   */
  DATABASE_URL: z.string().optional(),
  /**
   * Unset: a single node. `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS):
   * several nodes share documents, awareness, server events and access changes through it.
   */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  /**
   * Unset: `/metrics` answers only requests made directly from the local host. Set: it answers
   * anyone sending `Authorization: Bearer <token>`, and no one else. Printable ASCII without
   * spaces, as a bearer token must be, and at least MIN_METRICS_TOKEN_LENGTH characters.
   */
  /**
   * `1` turns off the per-address limit on failing collaboration sockets
   * (COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS). For `npm run bench` only, which connects
   * hundreds of clients at once from one address; never in production. @default "0"
   */
  REMISS_BENCH_UNLIMITED_COLLAB_ATTEMPTS: booleanFlag.default(false),
  METRICS_TOKEN: z
    .string()
    .min(MIN_METRICS_TOKEN_LENGTH, `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
});

/** The validated configuration of one Remiss process. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | null;
  admin: { email: string; password: string } | null;
  seedDemo: boolean;
  /** The bearer token `/metrics` requires; null serves it to the local host only. */
  metricsToken: string | null;
  /** A postgres:// URL to keep everything in PostgreSQL; absent means SQLite in `dataDir`. */
  postgresUrl?: string;
  /** A redis:// URL to run as one of several nodes; absent means a single node. */
  redisUrl?: string;
  /** False only for the bench: see REMISS_BENCH_UNLIMITED_COLLAB_ATTEMPTS. @default true */
  limitFailedCollabAttempts?: boolean;
}

/** A configuration problem, reported to the operator at start-up. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the configuration from an environment. Throws ConfigError with every
 * problem listed, by variable name, so the operator can fix them all at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  if ((value.REMISS_ADMIN_EMAIL === undefined) !== (value.REMISS_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      'Invalid configuration:\n  REMISS_ADMIN_EMAIL and REMISS_ADMIN_PASSWORD must be set together.',
    );
  }
  let database: DatabaseLocation | null = null;
  if (value.DATABASE_URL !== undefined) {
    try {
      database = parseDatabaseUrl(value.DATABASE_URL);
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error;
      throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: ${error.message}`);
    }
    if (database.kind === 'sqlite' && relevant['DATA_DIR'] !== undefined) {
      throw new ConfigError(
        'Invalid configuration:\n  DATABASE_URL and DATA_DIR both name a SQLite folder; set one.',
      );
    }
  }
  if (value.REDIS_URL !== undefined && database?.kind !== 'postgres') {
    // Nodes must share one database: each SQLite file belongs to one process, and two nodes with
    // a file each would relay edits to each other that only one of them stores.
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: several nodes need a shared database; set ' +
        'DATABASE_URL to a postgres:// URL, or unset REDIS_URL to run a single node on SQLite.',
    );
  }
  return {
    port: value.PORT,
    host: value.HOST,
    dataDir: database?.kind === 'sqlite' ? database.path : path.resolve(value.DATA_DIR),
    publicUrl: value.PUBLIC_URL ?? null,
    admin:
      value.REMISS_ADMIN_EMAIL !== undefined && value.REMISS_ADMIN_PASSWORD !== undefined
        ? { email: value.REMISS_ADMIN_EMAIL, password: value.REMISS_ADMIN_PASSWORD }
        : null,
    seedDemo: value.REMISS_DEMO,
    metricsToken: value.METRICS_TOKEN ?? null,
    ...(database?.kind === 'postgres' ? { postgresUrl: database.url } : {}),
    ...(value.REDIS_URL === undefined ? {} : { redisUrl: value.REDIS_URL }),
    ...(value.REMISS_BENCH_UNLIMITED_COLLAB_ATTEMPTS ? { limitFailedCollabAttempts: false } : {}),
  };
}
