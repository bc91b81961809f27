import type Database from 'better-sqlite3';
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

/**
 * Versions in SQLite: one row per version with its link of the state chain (see migration 4).
 * The order of versions is their `seq`, the order they were stored in.
 */
export class SqliteVersionRepository implements VersionRepository {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      insert: db.prepare(INSERT_VERSION_SQL),
      get: db.prepare<[string, string], VersionRow>(
        `SELECT ${VERSION_METADATA_COLUMNS} FROM versions WHERE document_id = ? AND id = ?`,
      ),
      chain: db.prepare<{ documentId: string; id: string }, VersionLinkRow>(STATE_CHAIN_SQL),
      chainEnd: db.prepare<{ documentId: string }, ChainEndRow>(CHAIN_END_SQL),
      list: db.prepare<[string, number], VersionRow>(
        `SELECT ${VERSION_METADATA_COLUMNS} FROM versions WHERE document_id = ?
         ORDER BY seq DESC LIMIT ?`,
      ),
      named: db.prepare<[string], VersionRow>(
        `SELECT ${VERSION_METADATA_COLUMNS} FROM versions WHERE document_id = ? AND kind = 'named'
         ORDER BY seq`,
      ),
      count: db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM versions WHERE document_id = ?',
      ),
    };
  }

  async create(version: VersionRecord, state: NewVersionState): Promise<void> {
    this.statements.insert.run(toVersionParams(version, state));
  }

  async get(documentId: string, id: string): Promise<VersionRecord | null> {
    const row = this.statements.get.get(documentId, id);
    return row ? toVersionRecord(row) : null;
  }

  async stateChain(documentId: string, id: string): Promise<VersionStateLink[]> {
    return this.statements.chain.all({ documentId, id }).map(toVersionLink);
  }

  async chainEnd(documentId: string): Promise<VersionChainEnd | null> {
    const row = this.statements.chainEnd.get({ documentId });
    return row ? toChainEnd(row) : null;
  }

  async listForDocument(documentId: string, limit: number): Promise<VersionRecord[]> {
    return this.statements.list.all(documentId, limit).map(toVersionRecord);
  }

  async listNamed(documentId: string): Promise<VersionRecord[]> {
    return this.statements.named.all(documentId).map(toVersionRecord);
  }

  async count(documentId: string): Promise<number> {
    return this.statements.count.get(documentId)?.n ?? 0;
  }
}
