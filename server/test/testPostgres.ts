import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The name of the placeholder test that says why the PostgreSQL tests did not run. */
export const POSTGRES_SKIP_REASON =
  'PostgreSQL tests skipped: REMISS_TEST_DATABASE_URL is not set (.ci/run sets it; see docs/operations.md)';

/**
 * The PostgreSQL server tests use, as a URL whose user may create databases:
 * REMISS_TEST_DATABASE_URL. `.ci/run` starts a throwaway cluster on loopback and sets it, so CI
 * always runs the PostgreSQL tests; without it they are skipped with {@link POSTGRES_SKIP_REASON}.
 */
export function postgresTestUrl(): string | null {
  const url = process.env['REMISS_TEST_DATABASE_URL'];
  if (url === undefined || url === '') {
    // Said out loud as well: the default reporter only counts skipped tests.
    console.warn(POSTGRES_SKIP_REASON);
    return null;
  }
  return url;
}

/** A database of its own for one test file, dropped afterwards. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the server at `adminUrl`, so that test files running in
 * parallel never see each other's tables.
 */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `remiss_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
