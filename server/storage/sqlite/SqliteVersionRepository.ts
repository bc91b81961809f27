import type Database from 'better-sqlite3';
import { z } from 'zod';
import type {
  CheckpointReason,
  NewVersionState,
  VersionChainEnd,
  VersionKind,
  VersionRecord,
  VersionRepository,
  VersionStateLink,
} from '../types.ts';

interface VersionRow {
  id: string;
  document_id: string;
  kind: string;
  reason: string | null;
  name: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
  words_added: number;
  words_removed: number;
  paragraphs_changed: number;
  authors: string;
}

interface LinkRow {
  seq: number;
  encoding: string;
  state: Buffer;
  checksum: string;
}

interface ChainEndRow {
  id: string;
  seq: number;
  state_vector: Buffer;
  last_full: number;
}

const kindSchema = z.enum(['named', 'checkpoint']) satisfies z.ZodType<VersionKind>;
const reasonSchema = z.enum(['interval', 'before-restore']) satisfies z.ZodType<CheckpointReason>;
const encodingSchema = z.enum(['full', 'delta']);
const authorsSchema = z.array(z.string());

// Every column but the state, which lists must not read.
const METADATA = `id, document_id, kind, reason, name, note, created_by, created_at,
  words_added, words_removed, paragraphs_changed, authors`;

function toRecord(row: VersionRow): VersionRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    kind: kindSchema.parse(row.kind),
    reason: row.reason === null ? null : reasonSchema.parse(row.reason),
    name: row.name,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
    summary: {
      wordsAdded: row.words_added,
      wordsRemoved: row.words_removed,
      paragraphsChanged: row.paragraphs_changed,
    },
    authors: authorsSchema.parse(JSON.parse(row.authors)),
  };
}

function toLink(row: LinkRow): VersionStateLink {
  return {
    seq: row.seq,
    encoding: encodingSchema.parse(row.encoding),
    data: new Uint8Array(row.state),
    checksum: row.checksum,
  };
}

/**
 * Versions in SQLite: one row per version with its link of the state chain (see migration 4).
 * The order of versions is their `seq`, the order they were stored in.
 */
export class SqliteVersionRepository implements VersionRepository {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO versions (id, document_id, seq, kind, reason, name, note, created_by,
           created_at, encoding, state, state_vector, checksum, words_added, words_removed,
           paragraphs_changed, authors)
         VALUES (@id, @documentId, @seq, @kind, @reason, @name, @note, @createdBy,
           @createdAt, @encoding, @state, @stateVector, @checksum, @wordsAdded, @wordsRemoved,
           @paragraphsChanged, @authors)`,
      ),
      get: db.prepare<[string, string], VersionRow>(
        `SELECT ${METADATA} FROM versions WHERE document_id = ? AND id = ?`,
      ),
      chain: db.prepare<{ documentId: string; id: string }, LinkRow>(
        `WITH target AS (SELECT seq FROM versions WHERE document_id = @documentId AND id = @id),
              base AS (
                SELECT MAX(v.seq) AS seq FROM versions v, target
                WHERE v.document_id = @documentId AND v.encoding = 'full' AND v.seq <= target.seq)
         SELECT v.seq, v.encoding, v.state, v.checksum FROM versions v, target, base
         WHERE v.document_id = @documentId AND v.seq BETWEEN base.seq AND target.seq
         ORDER BY v.seq`,
      ),
      chainEnd: db.prepare<[string, string], ChainEndRow>(
        `SELECT id, seq, state_vector,
           (SELECT MAX(seq) FROM versions WHERE document_id = ? AND encoding = 'full') AS last_full
         FROM versions WHERE document_id = ? ORDER BY seq DESC LIMIT 1`,
      ),
      list: db.prepare<[string, number], VersionRow>(
        `SELECT ${METADATA} FROM versions WHERE document_id = ? ORDER BY seq DESC LIMIT ?`,
      ),
      named: db.prepare<[string], VersionRow>(
        `SELECT ${METADATA} FROM versions WHERE document_id = ? AND kind = 'named'
         ORDER BY seq`,
      ),
      count: db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM versions WHERE document_id = ?',
      ),
    };
  }

  async create(version: VersionRecord, state: NewVersionState): Promise<void> {
    this.statements.insert.run({
      id: version.id,
      documentId: version.documentId,
      seq: state.seq,
      kind: version.kind,
      reason: version.reason,
      name: version.name,
      note: version.note,
      createdBy: version.createdBy,
      createdAt: version.createdAt,
      encoding: state.encoding,
      state: Buffer.from(state.data),
      stateVector: Buffer.from(state.stateVector),
      checksum: state.checksum,
      wordsAdded: version.summary.wordsAdded,
      wordsRemoved: version.summary.wordsRemoved,
      paragraphsChanged: version.summary.paragraphsChanged,
      authors: JSON.stringify(version.authors),
    });
  }

  async get(documentId: string, id: string): Promise<VersionRecord | null> {
    const row = this.statements.get.get(documentId, id);
    return row ? toRecord(row) : null;
  }

  async stateChain(documentId: string, id: string): Promise<VersionStateLink[]> {
    return this.statements.chain.all({ documentId, id }).map(toLink);
  }

  async chainEnd(documentId: string): Promise<VersionChainEnd | null> {
    const row = this.statements.chainEnd.get(documentId, documentId);
    if (!row) return null;
    return {
      versionId: row.id,
      seq: row.seq,
      stateVector: new Uint8Array(row.state_vector),
      deltasSinceFull: row.seq - row.last_full,
    };
  }

  async listForDocument(documentId: string, limit: number): Promise<VersionRecord[]> {
    return this.statements.list.all(documentId, limit).map(toRecord);
  }

  async listNamed(documentId: string): Promise<VersionRecord[]> {
    return this.statements.named.all(documentId).map(toRecord);
  }

  async count(documentId: string): Promise<number> {
    return this.statements.count.get(documentId)?.n ?? 0;
  }
}
