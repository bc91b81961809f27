import type { JSONContent } from '@tiptap/core';
import { z } from 'zod';
import type { DocumentDiff } from '../diff/diffDocuments.ts';
import { MAX_VERSION_NAME_LENGTH, MAX_VERSION_NOTE_LENGTH } from '../limits.ts';
import { commentAuthorSchema } from './comments.ts';
import { storableString } from './storableText.ts';

/**
 * Versions of a document's text: named drafts that editors make, and checkpoints the server
 * takes while people edit (`reason: 'interval'`) or before a restore (`'before-restore'`).
 */
export const versionKindSchema = z.enum(['named', 'checkpoint']);
export const checkpointReasonSchema = z.enum(['interval', 'before-restore']);

/** How much a version changed from the version before it (the first: from an empty text). */
export const versionSummarySchema = z.object({
  wordsAdded: z.number().int().nonnegative(),
  wordsRemoved: z.number().int().nonnegative(),
  /** Paragraphs (and headings, list items, cells) edited, reformatted, inserted, deleted or moved. */
  paragraphsChanged: z.number().int().nonnegative(),
});

/** One entry of the version list. */
export const versionSchema = z.object({
  id: z.string(),
  kind: versionKindSchema,
  reason: checkpointReasonSchema.nullable(),
  name: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  /** Who named it, or whose action made the checkpoint; null when the server cannot tell. */
  createdBy: commentAuthorSchema.nullable(),
  /** Who edited the text since the version before, as far as the server saw. */
  authors: z.array(commentAuthorSchema),
  summary: versionSummarySchema,
});
export type Version = z.infer<typeof versionSchema>;

/** `GET /api/documents/:id/versions`: newest first. */
export const listVersionsResponseSchema = z.object({ versions: z.array(versionSchema) });

/** `POST /api/documents/:id/versions` body. */
export const createVersionRequestSchema = z.object({
  name: storableString()
    .trim()
    .min(1, 'The name must not be empty.')
    .max(
      MAX_VERSION_NAME_LENGTH,
      `The name must be at most ${MAX_VERSION_NAME_LENGTH} characters.`,
    ),
  note: storableString()
    .trim()
    .max(MAX_VERSION_NOTE_LENGTH, `The note must be at most ${MAX_VERSION_NOTE_LENGTH} characters.`)
    .optional(),
});

/** `POST /api/documents/:id/versions` response (201). */
export const createVersionResponseSchema = z.object({ id: z.string() });

/** Tiptap JSON of a whole document (`type: 'doc'`), as the shared schema reads it. */
export const documentContentSchema = z.custom<JSONContent>(
  (value) => typeof value === 'object' && value !== null && 'type' in value && value.type === 'doc',
  'Expected Tiptap JSON of a document.',
);

/** `GET /api/documents/:id/versions/:versionId`: the version and its text. */
export const versionWithContentSchema = versionSchema.extend({ content: documentContentSchema });

/** The `from` or `to` of a comparison that means the text as it is now, not a version. */
export const CURRENT_TEXT = 'current';

/** `from` and `to` of a comparison: a version id, or `current` for the text as it is now. */
export const compareSideSchema = storableString().trim().min(1, 'Give a version id or "current".');

/** `GET /api/documents/:id/compare` query. */
export const compareQuerySchema = z.object({ from: compareSideSchema, to: compareSideSchema });

/** `GET /api/documents/:id/compare` response: the result of shared/diff's `diffDocuments`. */
export const compareResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  diff: z.custom<DocumentDiff>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      'blocks' in value &&
      Array.isArray(value.blocks) &&
      'summary' in value,
    'Expected a document diff.',
  ),
});
export type CompareResponse = z.infer<typeof compareResponseSchema>;

/**
 * `POST /api/documents/:id/versions/:versionId/restore` response: the checkpoint that keeps the
 * text as it was just before the restore (restore it to undo this one).
 */
export const restoreVersionResponseSchema = z.object({ checkpointId: z.string() });

/**
 * `GET /api/documents/:id/versions/:versionId/threads` answers with `listThreadsResponseSchema`
 * (shared/api/comments.ts): the threads as they stood when the version was made. Threads
 * started later are left out, and so are comments posted later; status and disposition are those
 * of that moment; `anchor.status` tells whether the passage is in that version's text.
 *
 * `GET /api/documents/:id/versions/:versionId/state` answers with the version's Yjs state
 * (`Y.encodeStateAsUpdate`) as this content type. A client loads it into a Y.Doc of its own to
 * show the version read-only, with thread highlights placed by the same relative positions as in
 * the live text.
 */
export const VERSION_STATE_CONTENT_TYPE = 'application/octet-stream';
