import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { RequestHandler } from 'express';
import { COMPRESSION_FAST_BYTES, COMPRESSION_MIN_BYTES } from '../../shared/limits.ts';
import { compressedOnce, sharedJsonBytes } from './sharedJson.ts';

/** A content coding the server can send. */
export type Encoding = 'br' | 'gzip';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * The coding to answer a request with, from its Accept-Encoding header (RFC 9110, 12.5.3):
 * Brotli when the client takes it, else gzip, else none. A coding with `q=0` is refused, and
 * `*` stands for every coding the header does not name.
 */
export function negotiateEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: Encoding) => weights.get(coding) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const)
    .filter((coding) => weightOf(coding) > 0)
    .sort((a, b) => weightOf(b) - weightOf(a));
  return best[0] ?? null;
}

/**
 * The Brotli quality or gzip level to compress a body of `bytes` with. Files compressed once
 * take the highest. Responses made per request take a middling level, and from
 * COMPRESSION_FAST_BYTES the fastest: on a 3.8 MB thread list Brotli 5 took 69 ms and
 * Brotli 1 10 ms, for 450 KB against 514 KB (gzip 6 against 1: 72 ms and 17 ms, 559 KB and
 * 648 KB), and that time is on the path of every participant who opens the draft.
 */
export function compressionLevel(
  encoding: Encoding,
  level: 'per-request' | 'once',
  bytes: number,
): number {
  if (level === 'once') return encoding === 'br' ? 11 : 9;
  if (bytes >= COMPRESSION_FAST_BYTES) return 1;
  return encoding === 'br' ? 5 : 6;
}

/**
 * Compresses `body` with `encoding`, on libuv's thread pool so the event loop stays free, at
 * the level {@link compressionLevel} picks.
 */
export async function compress(
  body: Buffer,
  encoding: Encoding,
  level: 'per-request' | 'once',
): Promise<Buffer> {
  const chosen = compressionLevel(encoding, level, body.length);
  if (encoding === 'br') {
    return brotli(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: chosen,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
  }
  return gzip(body, { level: chosen });
}

/**
 * Compresses the JSON of GET responses of the API when the client takes gzip or Brotli and the
 * body is at least COMPRESSION_MIN_BYTES: a busy draft's thread list is megabytes of JSON, sent
 * to every participant who opens it. Only GET: responses to POST and PATCH may carry a secret
 * (a collaboration token, an invitation link) next to text a third party chose, the pattern
 * that compression side channels (BREACH) read secrets from; no GET answer carries one.
 */
export function compressJson(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET') {
      next();
      return;
    }
    res.vary('Accept-Encoding');
    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    if (!encoding) {
      next();
      return;
    }
    const sendJson = res.json.bind(res);
    res.json = (body: unknown) => {
      // A body many requests send (shareJson) is serialised and compressed once.
      const prepared = sharedJsonBytes(body);
      const text = prepared ? prepared.raw : JSON.stringify(body);
      if (text === undefined || text.length < COMPRESSION_MIN_BYTES) return sendJson(body);
      const raw = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      const compressed = prepared
        ? compressedOnce(prepared, encoding, (bytes) => compress(bytes, encoding, 'per-request'))
        : compress(raw, encoding, 'per-request');
      compressed.then(
        (bytes) => {
          res.setHeader('Content-Encoding', encoding);
          res.setHeader('Content-Length', bytes.length);
          res.end(bytes);
        },
        () => {
          // zlib does not fail on a buffer it was given; should it, the JSON goes out as it is.
          res.setHeader('Content-Length', raw.length);
          res.end(raw);
        },
      );
      return res;
    };
    next();
  };
}
