import {
  collabTokenResponseSchema,
  createDocumentResponseSchema,
  documentSummarySchema,
  listDocumentsResponseSchema,
} from '../../../shared/api/documents.ts';
import { sessionUserSchema } from '../../../shared/api/session.ts';
import { apiRequest } from './apiClient.ts';

/** The documents the user may see. */
export const listDocuments = () => apiRequest('GET', '/documents', listDocumentsResponseSchema);

/** One document's metadata and the user's role in it. */
export const getDocument = (id: string) =>
  apiRequest('GET', `/documents/${encodeURIComponent(id)}`, documentSummarySchema);

/** Creates a document; the caller becomes its owner. */
export const createDocument = (title: string) =>
  apiRequest('POST', '/documents', createDocumentResponseSchema, { title });

/** Renames a document. */
export const renameDocument = (id: string, title: string) =>
  apiRequest('PATCH', `/documents/${encodeURIComponent(id)}`, documentSummarySchema, { title });

/** A short-lived token for the collaboration socket. */
export const fetchCollabToken = (id: string) =>
  apiRequest(
    'POST',
    `/documents/${encodeURIComponent(id)}/collab-token`,
    collabTokenResponseSchema,
  );

/** The signed-in user. */
export const getSession = () => apiRequest('GET', '/session', sessionUserSchema);
