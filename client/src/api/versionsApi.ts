import type { z } from 'zod';
import { listThreadsResponseSchema } from '../../../shared/api/comments.ts';
import {
  compareResponseSchema,
  createVersionResponseSchema,
  listVersionsResponseSchema,
  restoreVersionResponseSchema,
  versionWithContentSchema,
  type createVersionRequestSchema,
} from '../../../shared/api/versions.ts';
import { apiBytes, apiRequest } from './apiClient.ts';

const enc = encodeURIComponent;

/** The side of a comparison that means the text as it is now, as `GET /compare` reads it. */
export { CURRENT_TEXT } from '../../../shared/api/versions.ts';

const versionPath = (documentId: string, versionId: string) =>
  `/documents/${enc(documentId)}/versions/${enc(versionId)}`;

/** A document's versions, newest first. */
export const listVersions = (documentId: string) =>
  apiRequest('GET', `/documents/${enc(documentId)}/versions`, listVersionsResponseSchema);

/** Names the current text as a version (editors and owners). */
export const createVersion = (
  documentId: string,
  request: z.input<typeof createVersionRequestSchema>,
) =>
  apiRequest(
    'POST',
    `/documents/${enc(documentId)}/versions`,
    createVersionResponseSchema,
    request,
  );

/** One version with its text as Tiptap JSON. */
export const getVersion = (documentId: string, versionId: string) =>
  apiRequest('GET', versionPath(documentId, versionId), versionWithContentSchema);

/** A version's Yjs state (`Y.encodeStateAsUpdate`), to show it read-only in a Y.Doc of its own. */
export const getVersionState = (documentId: string, versionId: string) =>
  apiBytes(`${versionPath(documentId, versionId)}/state`);

/** The threads as they stood when the version was made. */
export const listVersionThreads = (documentId: string, versionId: string) =>
  apiRequest('GET', `${versionPath(documentId, versionId)}/threads`, listThreadsResponseSchema);

/** Compares two versions; either side may be {@link CURRENT_TEXT}. */
export const compareVersions = (documentId: string, from: string, to: string) =>
  apiRequest(
    'GET',
    `/documents/${enc(documentId)}/compare?from=${enc(from)}&to=${enc(to)}`,
    compareResponseSchema,
  );

/**
 * Restores a version as a new change on top of the current text (editors and owners). The
 * answer names the checkpoint of the text just before; restoring that undoes this restore.
 */
export const restoreVersion = (documentId: string, versionId: string) =>
  apiRequest('POST', `${versionPath(documentId, versionId)}/restore`, restoreVersionResponseSchema);
