import fs from 'node:fs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  postgresTestUrl,
  type TestDatabase,
} from '../../test/testPostgres.ts';
import { DatabaseOpenError } from '../sqlite/openDatabase.ts';
import { SqliteStorage } from '../sqlite/SqliteStorage.ts';
import { makeTempDir } from '../../test/startTestServer.ts';
import { migrations as sqliteMigrations } from '../sqlite/migrations.ts';
import { TABLES_IN_ORDER } from '../migrateStore.ts';
import { checksum } from '../checksum.ts';
import { storageSuite, textUpdate } from '../storageSuite.ts';
import { postgresMigrations } from './migrations.ts';
import { openPool } from './openPool.ts';
import { PostgresStorage } from './PostgresStorage.ts';

const adminUrl = postgresTestUrl();

if (adminUrl === null) it.skip(POSTGRES_SKIP_REASON, () => undefined);

describe.skipIf(adminUrl === null)('PostgreSQL store', () => {
  let database: TestDatabase;
  let schemas = 0;
  const opened: { end(): Promise<void> }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(adminUrl ?? '');
  });
  afterEach(async () => {
    for (const pool of opened.splice(0)) await pool.end();
  });
  afterAll(async () => {
    await database.drop();
  });

  /** A schema no other test uses. */
  const freshSchema = () => {
    schemas += 1;
    return `test_${schemas}`;
  };

  storageSuite('PostgreSQL', {
    // The suite's tests run one after another, each closing its store before the next opens, so
    // they share one schema, emptied for each: migrating a fresh schema takes half a second.
    open: async () => {
      const schema = 'suite';
      const storage = await PostgresStorage.open(database.url, { schema });
      // Children first; one multi-statement query is one transaction. DELETE on a few rows is
      // much cheaper than TRUNCATE, which makes new files for every table and index.
      await storage.pool.query(
        [...TABLES_IN_ORDER]
          .reverse()
          .map((table) => `DELETE FROM ${table};`)
          .join(' '),
      );
      return {
        storage,
        reopen: async () => {
          await storage.close();
          return PostgresStorage.open(database.url, { schema });
        },
      };
    },
  });

  describe('schema', () => {
    it('has the same migrations, by number and name, as the SQLite store', () => {
      expect(postgresMigrations.map(({ version, name }) => ({ version, name }))).toEqual(
        sqliteMigrations.map(({ version, name }) => ({ version, name })),
      );
    });

    it('has the same tables and columns as the SQLite store', async () => {
      const dir = makeTempDir('remiss-schema-');
      const sqlite = SqliteStorage.open(dir);
      const sqliteColumns = new Map<string, string[]>();
      try {
        const tables = sqlite.db
          .prepare<[], { name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
          )
          .all();
        for (const { name } of tables) {
          sqliteColumns.set(
            name,
            sqlite.db
              .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`)
              .all()
              .map((column) => column.name)
              .sort(),
          );
        }
      } finally {
        await sqlite.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const schema = freshSchema();
      const pool = await openPool(database.url, { schema });
      opened.push(pool);
      const rows = await pool.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = $1 AND column_name <> 'insert_order'`,
        [schema],
      );
      const postgresColumns = new Map<string, string[]>();
      for (const row of rows.rows) {
        postgresColumns.set(row.table_name, [
          ...(postgresColumns.get(row.table_name) ?? []),
          row.column_name,
        ]);
      }
      const sorted = (map: Map<string, string[]>): Record<string, string[]> =>
        Object.fromEntries(
          [...map.entries()]
            .map(([table, columns]): [string, string[]] => [table, [...columns].sort()])
            .sort(([a], [b]) => a.localeCompare(b)),
        );
      expect(sorted(postgresColumns)).toEqual(sorted(sqliteColumns));
    });

    it('migrates once when two nodes start together', async () => {
      const schema = freshSchema();
      const [first, second] = await Promise.all([
        openPool(database.url, { schema }),
        openPool(database.url, { schema }),
      ]);
      opened.push(first, second);
      const applied = await first.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(applied.rows.map((row) => row.version)).toEqual(
        postgresMigrations.map((migration) => migration.version),
      );
    });

    it('rolls a failing migration back completely and refuses to start', async () => {
      const schema = freshSchema();
      opened.push(await openPool(database.url, { schema }));
      const newest = Math.max(...postgresMigrations.map((migration) => migration.version));
      const broken = {
        version: newest + 1,
        name: 'a broken migration',
        sql: 'CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);',
      };
      await expect(
        openPool(database.url, { schema, migrations: [...postgresMigrations, broken] }),
      ).rejects.toThrow(DatabaseOpenError);

      const check = await openPool(database.url, { schema });
      opened.push(check);
      const tables = await check.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM information_schema.tables
         WHERE table_schema = $1 AND table_name = 'half_done'`,
        [schema],
      );
      expect(tables.rows[0]?.n).toBe(0);
      const versions = await check.query<{ max: number }>(
        'SELECT MAX(version) AS max FROM schema_migrations',
      );
      expect(versions.rows[0]?.max).toBe(newest);
    });

    it('refuses a database written by a newer version', async () => {
      const schema = freshSchema();
      const pool = await openPool(database.url, { schema });
      opened.push(pool);
      await pool.query(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')",
      );
      await expect(PostgresStorage.open(database.url, { schema })).rejects.toThrow(
        /schema version 9999.*newer Remiss/,
      );
    });

    it('says which server it could not reach, without the password', async () => {
      const unreachable = 'postgres://remiss:hemligt@127.0.0.1:1/remiss';
      const error: unknown = await PostgresStorage.open(unreachable).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DatabaseOpenError);
      const message = error instanceof Error ? error.message : '';
      expect(message).toContain('127.0.0.1:1');
      expect(message).toContain('DATABASE_URL');
      expect(message).not.toContain('hemligt');
    });
  });

  /**
   * A store in a schema of its own holding one document, `doc-1`, and a second pool on that
   * schema: another connection of the same server, as another node would have.
   */
  async function storeWithDocument(): Promise<{ storage: PostgresStorage; other: pg.Pool }> {
    const schema = freshSchema();
    const storage = await PostgresStorage.open(database.url, { schema });
    opened.push(storage.pool);
    await storage.users.ensure({
      id: 'owner',
      email: 'owner@example.org',
      name: 'Ägare',
      organisation: 'Myndigheten',
      passwordHash: null,
      isAdmin: false,
    });
    await storage.documents.create({
      id: 'doc-1',
      title: 'Remiss',
      ownerId: 'owner',
      initialState: textUpdate(''),
    });
    const other = new pg.Pool({
      connectionString: database.url,
      options: `-c search_path=${schema}`,
      max: 4,
    });
    opened.push(other);
    return { storage, other };
  }

  describe('durability', () => {
    it('an append has committed when it resolves: another connection sees it at once', async () => {
      const { storage, other: observer } = await storeWithDocument();
      // Many at once, as many writers would: each has its row committed when it resolves.
      const seqs = await Promise.all(
        Array.from({ length: 20 }, async (_, index) => {
          const seq = await storage.updates.append('doc-1', textUpdate(`${index}`));
          const seen = await observer.query('SELECT 1 FROM document_updates WHERE seq = $1', [seq]);
          expect(seen.rowCount).toBe(1);
          return seq;
        }),
      );
      expect(new Set(seqs).size).toBe(20);
      const loaded = await storage.updates.load('doc-1');
      expect(loaded.updates.map((update) => update.seq)).toEqual([...seqs].sort((a, b) => a - b));
    });
  });

  describe('folds on a shared database', () => {
    it('keeps an append that commits after a fold read past its sequence number', async () => {
      const { storage, other } = await storeWithDocument();
      const late = await other.connect();
      try {
        // Another node's append takes its seq now and commits only after the fold below.
        await late.query('BEGIN');
        const taken = await late.query<{ seq: string }>(
          `INSERT INTO document_updates (document_id, data, checksum, created_at)
           VALUES ('doc-1', $1, $2, now()::text) RETURNING seq`,
          [Buffer.from(textUpdate('sen')), checksum(textUpdate('sen'))],
        );
        const lateSeq = Number(taken.rows[0]?.seq);
        const higher = await storage.updates.append('doc-1', textUpdate('tidig'));
        expect(higher).toBeGreaterThan(lateSeq);

        const folded = textUpdate('hopvikt');
        await storage.updates.fold('doc-1', () => folded);
        await late.query('COMMIT');

        const content = await storage.updates.load('doc-1');
        expect(content.state?.data).toEqual(folded);
        expect(content.state?.coversSeq).toBe(higher);
        // Below coversSeq, and still loaded and folded next time: nothing acknowledged is lost.
        expect(content.updates.map((update) => update.seq)).toEqual([lateSeq]);
        const seen: number[][] = [];
        await storage.updates.fold('doc-1', (stored) => {
          seen.push(stored.updates.map((update) => update.seq));
          return textUpdate('igen');
        });
        expect(seen).toEqual([[lateSeq]]);
        expect((await storage.updates.load('doc-1')).updates).toEqual([]);
      } finally {
        late.release();
      }
    });

    it('skipIfBusy skips while another node folds the document, and waits without it', async () => {
      const { storage, other } = await storeWithDocument();
      await storage.updates.append('doc-1', textUpdate('a'));
      const holder = await other.connect();
      try {
        // The other node is in the middle of a fold: it holds the document's fold lock.
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [0x52454d46, 'doc-1']);
        expect(
          await storage.updates.fold('doc-1', () => textUpdate('x'), { skipIfBusy: true }),
        ).toBe(false);
        expect((await storage.updates.load('doc-1')).updates).toHaveLength(1);

        let folded = false;
        const result = textUpdate('y');
        const waiting = storage.updates
          .fold('doc-1', () => result)
          .then((done) => {
            folded = done;
          });
        // Still waiting for the lock while the other node's transaction is open.
        await other.query('SELECT pg_sleep(0.2)');
        expect(folded).toBe(false);
        await holder.query('COMMIT');
        await waiting;
        expect(folded).toBe(true);
        expect((await storage.updates.load('doc-1')).state?.data).toEqual(result);
      } finally {
        holder.release();
      }
    });
  });
});
