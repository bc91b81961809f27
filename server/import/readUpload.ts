import busboy from 'busboy';
import type { Request, Response } from 'express';
import {
  IMPORT_FILE_FIELD,
  IMPORT_TITLE_FIELD,
  type ImportErrorDetails,
} from '../../shared/api/import.ts';
import { withoutNul } from '../../shared/api/storableText.ts';
import { MAX_TITLE_LENGTH, MAX_UPLOAD_BYTES } from '../../shared/limits.ts';
import { BadRequest, HttpError } from '../http/HttpError.ts';

/**
 * Room for the multipart framing around the file (boundaries, part headers, a title) when a
 * declared Content-Length is compared with MAX_UPLOAD_BYTES.
 */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Longest file name kept, in characters; file systems allow 255. */
const MAX_FILE_NAME_LENGTH = 255;

/** One uploaded file, held in memory, and the title sent with it. */
export interface Upload {
  bytes: Buffer;
  /** The file's name without any folder part, as the browser sent it. */
  fileName: string;
  /** The `title` field, if one was sent and is not blank. */
  title: string | undefined;
}

const details = (reason: ImportErrorDetails['reason']): ImportErrorDetails => ({ reason });

/** The 413 for an upload over MAX_UPLOAD_BYTES. */
function tooLarge(): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    `The file is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB, the most an import accepts.`,
    details('too-large'),
  );
}

/**
 * Reads a multipart/form-data upload into memory: one file in the field `file`, and an optional
 * `title`. Nothing touches the disk. A body that declares more than MAX_UPLOAD_BYTES is refused
 * before it is read; one that turns out larger is refused the moment it passes the limit, and
 * the server stops reading it and closes the connection (`Connection: close`), so a client
 * cannot make it swallow more.
 */
export function readUpload(req: Request, res: Response): Promise<Upload> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(
      BadRequest(
        `Send the file as multipart/form-data, in the field "${IMPORT_FILE_FIELD}".`,
        details('missing-file'),
      ),
    );
  }
  const declared = Number(req.get('content-length') ?? '0');
  if (declared > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES) {
    res.setHeader('Connection', 'close');
    return Promise.reject(tooLarge());
  }

  return new Promise((resolve, reject) => {
    let settled = false;
    let file: { chunks: Buffer[]; fileName: string } | null = null;
    let fileDone = false;
    let title: string | undefined;
    const parser = busboy({
      headers: req.headers,
      // Browsers send UTF-8 file names ("Vägledning – utkast 2.docx"); busboy assumes Latin-1.
      defParamCharset: 'utf8',
      limits: {
        files: 1,
        fileSize: MAX_UPLOAD_BYTES,
        fields: 4,
        fieldSize: MAX_TITLE_LENGTH * 4,
        parts: 8,
      },
    });

    const fail = (error: HttpError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Whatever the client still sends is not read: the connection closes after the answer.
      res.setHeader('Connection', 'close');
      reject(error);
    };

    parser.on('file', (name, stream, info) => {
      if (name !== IMPORT_FILE_FIELD || file !== null) {
        stream.resume();
        return;
      }
      const current = { chunks: [] as Buffer[], fileName: baseName(info.filename ?? '') };
      file = current;
      stream.on('data', (chunk: Buffer) => current.chunks.push(chunk));
      stream.on('limit', () => {
        current.chunks = [];
        fail(tooLarge());
      });
      stream.on('end', () => {
        fileDone = true;
      });
    });
    parser.on('field', (name, value, info) => {
      if (name !== IMPORT_TITLE_FIELD) return;
      if (info.valueTruncated) {
        const message = `The title must be at most ${MAX_TITLE_LENGTH} characters.`;
        fail(BadRequest(`title: ${message}`, [{ path: 'title', message }]));
        return;
      }
      title = value.trim() === '' ? undefined : value;
    });
    parser.on('error', () => {
      fail(
        BadRequest('The upload is not well-formed multipart/form-data.', details('missing-file')),
      );
    });
    parser.on('close', () => {
      if (settled) return;
      if (file === null || !fileDone) {
        fail(
          BadRequest(
            `No file was sent in the field "${IMPORT_FILE_FIELD}".`,
            details('missing-file'),
          ),
        );
        return;
      }
      const bytes = Buffer.concat(file.chunks);
      if (bytes.byteLength === 0) {
        fail(BadRequest('The file is empty.', details('empty-file')));
        return;
      }
      settled = true;
      resolve({ bytes, fileName: file.fileName, title });
    });
    req.on('error', () => fail(BadRequest('The upload was interrupted.', details('missing-file'))));
    req.pipe(parser);
  });
}

/**
 * The last segment of a path (some browsers send "C:\\Users\\…\\file.docx"), shortened, without
 * U+0000: the name becomes a title, a version name and an audit entry (see storableText).
 */
function baseName(raw: string): string {
  const name = withoutNul(raw).split(/[\\/]/).at(-1)?.trim() ?? '';
  return name.length > MAX_FILE_NAME_LENGTH ? name.slice(-MAX_FILE_NAME_LENGTH) : name;
}
