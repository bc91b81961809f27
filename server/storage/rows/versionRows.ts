import { z } from 'zod';
import type {
  CheckpointReason,
  NewVersionState,
  VersionChainEnd,
  VersionKind,
  VersionRecord,
  VersionStateLink,
} from '../types.ts';
import { bytes, toBuffer } from './bytes.ts';
import type { SqlParams } from './params.ts';

/** The metadata columns of a `versions` row: {@link VERSION_METADATA_COLUMNS}. */
export interface VersionRow {
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

/** One link of a state chain, as {@link STATE_CHAIN_SQL} reads it. */
export interface VersionLinkRow {
  seq: number;
  encoding: string;
  state: Buffer;
  checksum: string;
}

/** The newest version of a document, as {@link CHAIN_END_SQL} reads it. */
export interface ChainEndRow {
  id: string;
  seq: number;
  state_vector: Buffer;
  last_full: number;
}

const kindSchema = z.enum(['named', 'checkpoint']) satisfies z.ZodType<VersionKind>;
const reasonSchema = z.enum(['interval', 'before-restore']) satisfies z.ZodType<CheckpointReason>;
const encodingSchema = z.enum(['full', 'delta']);
const authorsSchema = z.array(z.string());

/** Every column but the state, which lists must not read. */
export const VERSION_METADATA_COLUMNS = `id, document_id, kind, reason, name, note, created_by,
  created_at, words_added, words_removed, paragraphs_changed, authors`;

/** Reads a version's metadata; authors hold a JSON array of user ids. */
export function toVersionRecord(row: VersionRow): VersionRecord {
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

/** Reads one link of a state chain. */
export function toVersionLink(row: VersionLinkRow): VersionStateLink {
  return {
    seq: row.seq,
    encoding: encodingSchema.parse(row.encoding),
    data: bytes(row.state),
    checksum: row.checksum,
  };
}

/** Reads the end of a document's chain. */
export function toChainEnd(row: ChainEndRow): VersionChainEnd {
  return {
    versionId: row.id,
    seq: row.seq,
    stateVector: bytes(row.state_vector),
    deltasSinceFull: row.seq - row.last_full,
  };
}

/** Stores a version with its link of the state chain. */
export const INSERT_VERSION_SQL = `INSERT INTO versions (id, document_id, seq, kind, reason, name,
    note, created_by, created_at, encoding, state, state_vector, checksum, words_added,
    words_removed, paragraphs_changed, authors)
  VALUES (@id, @documentId, @seq, @kind, @reason, @name, @note, @createdBy, @createdAt,
    @encoding, @state, @stateVector, @checksum, @wordsAdded, @wordsRemoved, @paragraphsChanged,
    @authors)`;

/** The parameters of {@link INSERT_VERSION_SQL}. */
export function toVersionParams(version: VersionRecord, state: NewVersionState): SqlParams {
  return {
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
    state: toBuffer(state.data),
    stateVector: toBuffer(state.stateVector),
    checksum: state.checksum,
    wordsAdded: version.summary.wordsAdded,
    wordsRemoved: version.summary.wordsRemoved,
    paragraphsChanged: version.summary.paragraphsChanged,
    authors: JSON.stringify(version.authors),
  };
}

/**
 * The links a version's state is merged from: the nearest full state at or before it, and every
 * delta from there up to it, oldest first. Parameters: `@documentId`, `@id`.
 */
export const STATE_CHAIN_SQL = `WITH target AS (
      SELECT seq FROM versions WHERE document_id = @documentId AND id = @id),
    base AS (
      SELECT MAX(v.seq) AS seq FROM versions v, target
      WHERE v.document_id = @documentId AND v.encoding = 'full' AND v.seq <= target.seq)
  SELECT v.seq, v.encoding, v.state, v.checksum FROM versions v, target, base
  WHERE v.document_id = @documentId AND v.seq BETWEEN base.seq AND target.seq
  ORDER BY v.seq`;

/** A document's newest version and the seq of its newest full state. Parameter: `@documentId`. */
export const CHAIN_END_SQL = `SELECT id, seq, state_vector,
    (SELECT MAX(seq) FROM versions WHERE document_id = @documentId AND encoding = 'full')
      AS last_full
  FROM versions WHERE document_id = @documentId ORDER BY seq DESC LIMIT 1`;
