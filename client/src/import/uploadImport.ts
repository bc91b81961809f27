import type { z } from 'zod';
import { errorResponseSchema } from '../../../shared/api/errors.ts';
import {
  IMPORT_FILE_FIELD,
  IMPORT_TITLE_FIELD,
  importDocumentResponseSchema,
  importVersionResponseSchema,
  UPLOAD_CSRF_HEADER,
} from '../../../shared/api/import.ts';
import { ApiError } from '../api/apiClient.ts';

/** Where an upload is, for the progress the form shows. */
export type UploadProgress =
  | { phase: 'uploading'; loaded: number; total: number }
  /** Every byte is sent; the server is converting the file. */
  | { phase: 'converting' };

/** What to import into: a new document, or a new version of an existing one. */
export type ImportTarget = { kind: 'document' } | { kind: 'version'; documentId: string };

/**
 * Sends a file to an import route with XMLHttpRequest, whose upload events (unlike fetch's)
 * report how much of the file has been sent, so the form can show real progress. Resolves with
 * the answer checked against the shared schema; refusals become the same ApiError as every
 * other API call.
 */
export function uploadImport<Target extends ImportTarget>(
  target: Target,
  file: File,
  title: string | null,
  onProgress: (progress: UploadProgress) => void,
): Promise<
  z.output<
    Target extends { kind: 'version' }
      ? typeof importVersionResponseSchema
      : typeof importDocumentResponseSchema
  >
>;
export function uploadImport(
  target: ImportTarget,
  file: File,
  title: string | null,
  onProgress: (progress: UploadProgress) => void,
): Promise<unknown> {
  const url =
    target.kind === 'document'
      ? '/api/documents/import'
      : `/api/documents/${encodeURIComponent(target.documentId)}/import`;
  const schema =
    target.kind === 'document' ? importDocumentResponseSchema : importVersionResponseSchema;
  const form = new FormData();
  if (title !== null && title.trim() !== '') form.append(IMPORT_TITLE_FIELD, title.trim());
  form.append(IMPORT_FILE_FIELD, file, file.name);

  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = true;
    request.setRequestHeader(UPLOAD_CSRF_HEADER, 'remiss');
    request.responseType = 'text';
    request.upload.addEventListener('progress', (event) => {
      const total = event.lengthComputable ? event.total : file.size;
      onProgress({ phase: 'uploading', loaded: Math.min(event.loaded, total), total });
    });
    request.upload.addEventListener('load', () => onProgress({ phase: 'converting' }));
    request.addEventListener('error', () => {
      reject(new ApiError(0, 'network', 'The upload did not reach the server.'));
    });
    request.addEventListener('load', () => {
      let json: unknown = null;
      try {
        json = JSON.parse(request.responseText);
      } catch {
        // Not JSON: handled below as an answer without the error shape.
      }
      if (request.status >= 200 && request.status < 300) {
        const parsed = schema.safeParse(json);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiError(request.status, 'internal', 'Unexpected answer from the server.'));
        return;
      }
      const refusal = errorResponseSchema.safeParse(json);
      reject(
        refusal.success
          ? new ApiError(
              request.status,
              refusal.data.error.code,
              refusal.data.error.message,
              refusal.data.error.details,
            )
          : new ApiError(
              request.status,
              request.status === 413 ? 'payload_too_large' : 'internal',
              `HTTP ${request.status}`,
            ),
      );
    });
    onProgress({ phase: 'uploading', loaded: 0, total: file.size });
    request.send(form);
  });
}
