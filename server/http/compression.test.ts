import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_FAST_BYTES, COMPRESSION_MIN_BYTES } from '../../shared/limits.ts';
import { makeTempDir } from '../test/startTestServer.ts';
import { compressionLevel, compressJson, negotiateEncoding } from './compression.ts';
import { staticClient } from './staticClient.ts';

/** A raw HTTP exchange: fetch would decode the body and hide what was sent. */
function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  return body;
}

describe('negotiateEncoding', () => {
  it('prefers Brotli, then gzip, and honours q values and *', () => {
    expect(negotiateEncoding(undefined)).toBeNull();
    expect(negotiateEncoding('')).toBeNull();
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0.5, br;q=0.2')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0, br;q=0, *')).toBeNull();
    expect(negotiateEncoding('GZIP;Q=1')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=nonsense')).toBeNull();
  });
});

describe('compressing responses', () => {
  let server: http.Server;
  let base: string;
  const big = {
    threads: Array.from({ length: 400 }, (_, index) => ({
      id: `t-${index}`,
      text: 'Yttrande å ä ö',
    })),
  };
  // A thread list the size of a large draft's: past the size that is compressed fast.
  const huge = {
    threads: Array.from({ length: 6_000 }, (_, index) => ({
      id: `t-${index}`,
      text: `Yttrande ${index}: stycket bör förtydligas när det gäller ansvar och avgifter.`,
    })),
  };
  const script = `export const draft = ${JSON.stringify('Vägledning om öppna licenser. '.repeat(400))};\n`;

  beforeAll(async () => {
    const clientDir = makeTempDir('remiss-compress-');
    fs.mkdirSync(path.join(clientDir, 'assets'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Remiss</title>');
    fs.writeFileSync(path.join(clientDir, 'assets', 'index-Ab12_cd.js'), script);
    fs.writeFileSync(path.join(clientDir, 'assets', 'tiny-x1.js'), 'export {};\n');
    fs.writeFileSync(path.join(clientDir, 'assets', 'logo-x2.png'), Buffer.alloc(4096, 7));
    const app = express();
    const api = express.Router();
    api.use(express.json());
    api.use(compressJson());
    api.get('/big', (_req, res) => {
      res.json(big);
    });
    api.get('/huge', (_req, res) => {
      res.json(huge);
    });
    api.get('/small', (_req, res) => {
      res.json({ status: 'ok' });
    });
    api.post('/big', (_req, res) => {
      res.json(big);
    });
    app.use('/api', api);
    app.use(staticClient(clientDir));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends large GET JSON compressed in the coding the client prefers, byte for byte the same', async () => {
    const plain = await get(`${base}/api/big`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(COMPRESSION_MIN_BYTES);
    for (const [header, coding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const response = await get(`${base}/api/big`, { 'accept-encoding': header });
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(coding);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['vary']).toMatch(/Accept-Encoding/);
      expect(Number(response.headers['content-length'])).toBe(response.body.length);
      expect(response.body.length).toBeLessThan(plain.body.length / 5);
      expect(decode(response.body, coding).equals(plain.body)).toBe(true);
    }
  });

  it('compresses a body past COMPRESSION_FAST_BYTES at the fastest level, and it decodes whole', async () => {
    const plain = await get(`${base}/api/huge`);
    expect(plain.body.length).toBeGreaterThanOrEqual(COMPRESSION_FAST_BYTES);
    const brotli = await get(`${base}/api/huge`, { 'accept-encoding': 'br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(decode(brotli.body, 'br').equals(plain.body)).toBe(true);
    // Brotli's output is a function of its input and parameters: these are the fastest ones.
    const fastest = zlib.brotliCompressSync(plain.body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: plain.body.length,
      },
    });
    expect(brotli.body.equals(fastest)).toBe(true);
    const gzipped = await get(`${base}/api/huge`, { 'accept-encoding': 'gzip' });
    expect(decode(gzipped.body, 'gzip').equals(plain.body)).toBe(true);
    expect(
      gzipped.body.subarray(10).equals(zlib.gzipSync(plain.body, { level: 1 }).subarray(10)),
    ).toBe(true);
    // Smaller bodies keep the middling level, which costs little at their size.
    expect(compressionLevel('br', 'per-request', COMPRESSION_FAST_BYTES - 1)).toBe(5);
    expect(compressionLevel('br', 'once', COMPRESSION_FAST_BYTES * 10)).toBe(11);
  });

  it('leaves small bodies, refused codings and POST answers as they are', async () => {
    const small = await get(`${base}/api/small`, { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ status: 'ok' });
    const refused = await get(`${base}/api/big`, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    // A POST answer may carry a secret beside text someone else chose (BREACH): never compressed.
    const posted = await get(`${base}/api/big`, { 'accept-encoding': 'br, gzip' }, 'POST');
    expect(posted.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(posted.body.toString())).toEqual(big);
  });

  it('serves the app’s scripts compressed and cached for a year, and the same bytes decoded', async () => {
    const url = `${base}/assets/index-Ab12_cd.js`;
    const gzipped = await get(url, { 'accept-encoding': 'gzip' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/javascript/);
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gzipped.headers['vary']).toMatch(/Accept-Encoding/);
    expect(decode(gzipped.body, 'gzip').toString()).toBe(script);

    // Brotli is made in the background after the first request; gzip stands in meanwhile.
    let brotli = await get(url, { 'accept-encoding': 'gzip, br' });
    for (let tries = 0; brotli.headers['content-encoding'] !== 'br' && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      brotli = await get(url, { 'accept-encoding': 'gzip, br' });
    }
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(decode(brotli.body, 'br').toString()).toBe(script);

    // A client that takes only Brotli waits for it rather than getting gzip it did not ask for.
    const onlyBrotli = await get(url, { 'accept-encoding': 'br' });
    expect(onlyBrotli.headers['content-encoding']).toBe('br');

    const head = await get(url, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.body.length).toBe(0);
  });

  it('sends plain what is small, already compressed, unknown or unasked for', async () => {
    const plain = await get(`${base}/assets/index-Ab12_cd.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const tiny = await get(`${base}/assets/tiny-x1.js`, { 'accept-encoding': 'gzip' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    const image = await get(`${base}/assets/logo-x2.png`, { 'accept-encoding': 'gzip' });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.body.length).toBe(4096);
    const missing = await get(`${base}/assets/nope-1.js`, { 'accept-encoding': 'gzip' });
    expect(missing.status).toBe(404);
    const outside = await get(`${base}/assets/..%2Findex.html`, { 'accept-encoding': 'gzip' });
    expect(outside.headers['content-encoding']).toBeUndefined();
    expect(outside.status).not.toBe(200);
  });
});
