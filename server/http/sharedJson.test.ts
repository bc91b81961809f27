import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compress } from './compression.ts';
import { compressedOnce, shareJson, sharedJsonBytes } from './sharedJson.ts';

describe('a JSON answer shared by many requests', () => {
  it('is serialised once, and its text is what JSON.stringify makes', () => {
    const body = shareJson({ threads: [{ id: 't1', body: 'Gäller detta även kommuner?' }] });
    const first = sharedJsonBytes(body);
    expect(first?.raw.toString('utf8')).toBe(JSON.stringify(body));
    expect(sharedJsonBytes(body)).toBe(first);
  });

  it('is compressed once per coding, with the bytes the coding decodes to', async () => {
    const body = shareJson({ text: 'öppna data '.repeat(2_000) });
    const prepared = sharedJsonBytes(body);
    if (!prepared) throw new Error('the body was not marked');
    let made = 0;
    const make = (raw: Buffer) => {
      made += 1;
      return compress(raw, 'gzip', 'per-request');
    };
    const [a, b] = await Promise.all([
      compressedOnce(prepared, 'gzip', make),
      compressedOnce(prepared, 'gzip', make),
    ]);
    expect(made).toBe(1);
    expect(a).toBe(b);
    expect(zlib.gunzipSync(a).toString('utf8')).toBe(JSON.stringify(body));
  });

  it('is frozen, so that what is sent cannot drift from what was kept', () => {
    const body = shareJson({ threads: [] as string[] });
    expect(Object.isFrozen(body)).toBe(true);
  });

  it('leaves every other body alone', () => {
    expect(sharedJsonBytes({ threads: [] })).toBeNull();
    expect(sharedJsonBytes('text')).toBeNull();
    expect(sharedJsonBytes(null)).toBeNull();
  });
});
