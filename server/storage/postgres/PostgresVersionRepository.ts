import type pg from 'pg';
import {
  CHAIN_END_SQL,
  INSERT_VERSION_SQL,
  STATE_CHAIN_SQL,
  toChainEnd,
  toVersionLink,
  toVersionParams,
  toVersionRecord,
  VERSION_METADATA_COLUMNS,
  type ChainEndRow,
  type VersionLinkRow,
  type VersionRow,
} from '../rows/versionRows.ts';
import type {
  NewVersionState,
  VersionChainEnd,
  VersionRecord,
  VersionRepository,
  VersionStateLink,
} from '../types.ts';
import { positional } from './sql.ts';

/**
 * Versions in PostgreSQL: one row per version with its link of the state chain (see migration
 * 4). The order of versions is their `seq`; UNIQUE (document_id, seq) makes a second version
 * that claims a taken place fail, as in SQLite.
 */
export class PostgresVersionRepository implements VersionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(version: VersionRecord, state: NewVersionState): Promise<void> {
    await this.pool.query(positional(INSERT_VERSION_SQL, toVersionParams(version, state)));
  }

  async get(documentId: string, id: string): Promise<VersionRecord | null> {
    const result = await this.pool.query<VersionRow>(
      `SELECT ${VERSION_METADATA_COLUMNS} FROM versions WHERE document_id = $1 AND id = $2`,
      [documentId, id],
    );
    const row = result.rows[0];
    return row ? toVersionRecord(row) : null;
  }

  async stateChain(documentId: string, id: string): Promise<VersionStateLink[]> {
    const result = await this.pool.query<VersionLinkRow>(
      positional(STATE_CHAIN_SQL, { documentId, id }),
    );
    return result.rows.map(toVersionLink);
  }

  async chainEnd(documentId: string): Promise<VersionChainEnd | null> {
    const result = await this.pool.query<ChainEndRow>(positional(CHAIN_END_SQL, { documentId }));
    const row = result.rows[0];
    return row ? toChainEnd(row) : null;
  }

  async listForDocument(documentId: string, limit: number): Promise<VersionRecord[]> {
    const result = await this.pool.query<VersionRow>(
      `SELECT ${VERSION_METADATA_COLUMNS} FROM versions WHERE document_id = $1
       ORDER BY seq DESC LIMIT $2`,
      [documentId, limit],
    );
    return result.rows.map(toVersionRecord);
  }

  async listNamed(documentId: string): Promise<VersionRecord[]> {
    const result = await this.pool.query<VersionRow>(
      `SELECT ${VERSION_METADATA_COLUMNS} FROM versions WHERE document_id = $1 AND kind = 'named'
       ORDER BY seq`,
      [documentId],
    );
    return result.rows.map(toVersionRecord);
  }

  async count(documentId: string): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM versions WHERE document_id = $1',
      [documentId],
    );
    return result.rows[0]?.n ?? 0;
  }
}
