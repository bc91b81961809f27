import fs from 'node:fs/promises';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { COMPRESSION_MIN_BYTES } from '../../shared/limits.ts';
import { compress, negotiateEncoding, type Encoding } from './compression.ts';

/** Asset types worth compressing; images and fonts are compressed formats already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.map', '.txt', '.html']);

/** Vite's asset names: a name, a hash and an extension. Nothing else is looked up. */
const ASSET_NAME = /^[\w.-]+$/;

/** One compressed form of a file: the work under way, and its result once done. */
interface Form {
  made: Promise<Buffer>;
  ready: Buffer | null;
}

/** The compressed forms of one file, for the version of it on disk when they were made. */
interface Compressed {
  mtimeMs: number;
  size: number;
  forms: Map<Encoding, Form>;
}

/**
 * Serves the app's hashed assets (`dist/client/assets`) compressed, for clients that take
 * Brotli or gzip: the scripts are a megabyte as built and about a fifth of that compressed.
 * Each file is compressed once, when first asked for, and kept in memory (the assets of one
 * build are a few megabytes): gzip at the highest level, which takes tens of milliseconds, is
 * awaited by that first request; Brotli at its highest level takes seconds, so it is made in the
 * background and served from then on. Anything else (an unknown name, an incompressible type, a
 * client that takes neither) falls through to the plain static handler.
 */
export function compressedAssets(dir: string): RequestHandler {
  const cache = new Map<string, Compressed>();

  const formOf = (file: string, stat: { mtimeMs: number; size: number }, encoding: Encoding) => {
    let entry = cache.get(file);
    if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
      entry = { mtimeMs: stat.mtimeMs, size: stat.size, forms: new Map() };
      cache.set(file, entry);
    }
    const { forms } = entry;
    let form = forms.get(encoding);
    if (!form) {
      const made = fs.readFile(file).then((raw) => compress(raw, encoding, 'once'));
      const started: Form = { made, ready: null };
      made.then(
        (body) => {
          started.ready = body;
        },
        // A failed compression is forgotten, so the next request tries again.
        () => {
          if (forms.get(encoding) === started) forms.delete(encoding);
        },
      );
      forms.set(encoding, started);
      form = started;
    }
    return form;
  };

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path.slice(1);
    const extension = path.extname(name);
    if (!ASSET_NAME.test(name) || name.startsWith('.') || !COMPRESSIBLE.has(extension)) {
      return next();
    }
    const accepted = negotiateEncoding(req.headers['accept-encoding']);
    if (!accepted) return next();
    const file = path.join(dir, name);
    void (async () => {
      let stat;
      try {
        stat = await fs.stat(file);
      } catch {
        return next();
      }
      if (!stat.isFile() || stat.size < COMPRESSION_MIN_BYTES) return next();
      // Brotli once it is ready; until then gzip, if the client takes that too.
      let encoding: Encoding = accepted;
      if (
        accepted === 'br' &&
        formOf(file, stat, 'br').ready === null &&
        negotiateEncoding(withoutBrotli(req.headers['accept-encoding'])) === 'gzip'
      ) {
        encoding = 'gzip';
      }
      let body: Buffer;
      try {
        body = await formOf(file, stat, encoding).made;
      } catch {
        return next();
      }
      res.vary('Accept-Encoding');
      res.type(extension);
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', body.length);
      if (req.method === 'HEAD') res.end();
      else res.end(body);
    })().catch(next);
  };
}

/** The Accept-Encoding header with Brotli refused, to ask whether gzip is taken too. */
function withoutBrotli(header: string | undefined): string {
  return `${header ?? ''}, br;q=0`;
}
