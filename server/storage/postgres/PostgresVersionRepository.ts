import type pg from 'pg';
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
import { bytes, toBuffer } from './sql.ts';

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
    data: bytes(row.state),
    checksum: row.checksum,
  };
}

/**
 * Versions in PostgreSQL: one row per version with its link of the state chain (see migration
 * 4). The order of versions is their `seq`; UNIQUE (document_id, seq) makes a second version
 * that claims a taken place fail, as in SQLite.
 */
export class PostgresVersionRepository implements VersionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(version: VersionRecord, state: NewVersionState): Promise<void> {
    await this.pool.query(
      `INSERT INTO versions (id, document_id, seq, kind, reason, name, note, created_by,
         created_at, encoding, state, state_vector, checksum, words_added, words_removed,
         paragraphs_changed, authors)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        version.id,
        version.documentId,
        state.seq,
        version.kind,
        version.reason,
        version.name,
        version.note,
        version.createdBy,
        version.createdAt,
        state.encoding,
        toBuffer(state.data),
        toBuffer(state.stateVector),
        state.checksum,
        version.summary.wordsAdded,
        version.summary.wordsRemoved,
        version.summary.paragraphsChanged,
        JSON.stringify(version.authors),
      ],
    );
  }

  async get(documentId: string, id: string): Promise<VersionRecord | null> {
    const result = await this.pool.query<VersionRow>(
      `SELECT ${METADATA} FROM versions WHERE document_id = $1 AND id = $2`,
      [documentId, id],
    );
    const row = result.rows[0];
    return row ? toRecord(row) : null;
  }

  async stateChain(documentId: string, id: string): Promise<VersionStateLink[]> {
    const result = await this.pool.query<LinkRow>(
      `WITH target AS (SELECT seq FROM versions WHERE document_id = $1 AND id = $2),
            base AS (
              SELECT MAX(v.seq) AS seq FROM versions v, target
              WHERE v.document_id = $1 AND v.encoding = 'full' AND v.seq <= target.seq)
       SELECT v.seq, v.encoding, v.state, v.checksum FROM versions v, target, base
       WHERE v.document_id = $1 AND v.seq BETWEEN base.seq AND target.seq
       ORDER BY v.seq`,
      [documentId, id],
    );
    return result.rows.map(toLink);
  }

  async chainEnd(documentId: string): Promise<VersionChainEnd | null> {
    const result = await this.pool.query<ChainEndRow>(
      `SELECT id, seq, state_vector,
         (SELECT MAX(seq) FROM versions WHERE document_id = $1 AND encoding = 'full') AS last_full
       FROM versions WHERE document_id = $1 ORDER BY seq DESC LIMIT 1`,
      [documentId],
    );
    const row = result.rows[0];
    if (!row) return null;
    return {
      versionId: row.id,
      seq: row.seq,
      stateVector: bytes(row.state_vector),
      deltasSinceFull: row.seq - row.last_full,
    };
  }

  async listForDocument(documentId: string, limit: number): Promise<VersionRecord[]> {
    const result = await this.pool.query<VersionRow>(
      `SELECT ${METADATA} FROM versions WHERE document_id = $1 ORDER BY seq DESC LIMIT $2`,
      [documentId, limit],
    );
    return result.rows.map(toRecord);
  }

  async listNamed(documentId: string): Promise<VersionRecord[]> {
    const result = await this.pool.query<VersionRow>(
      `SELECT ${METADATA} FROM versions WHERE document_id = $1 AND kind = 'named' ORDER BY seq`,
      [documentId],
    );
    return result.rows.map(toRecord);
  }

  async count(documentId: string): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM versions WHERE document_id = $1',
      [documentId],
    );
    return result.rows[0]?.n ?? 0;
  }
}
