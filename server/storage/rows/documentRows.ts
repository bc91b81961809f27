import type { DocumentRecord, DocumentRepository } from '../types.ts';

/** A row of `documents`. */
export interface DocumentRow {
  id: string;
  title: string;
  owner_id: string;
  created_at: string;
  updated_at: string;
  comment_period_closes_at: string | null;
}

/** What DocumentRepository.create takes. */
export type NewDocument = Parameters<DocumentRepository['create']>[0];

/** Reads a document row. */
export function toDocumentRecord(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    title: row.title,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    commentPeriodClosesAt: row.comment_period_closes_at,
  };
}
