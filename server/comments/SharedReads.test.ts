import { describe, expect, it } from 'vitest';
import { SharedReads } from './SharedReads.ts';

/** A promise and the function that settles it, to hold a step until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A key's rows as a store would hold them: `version` counts changes, and every read records
 * the version it saw.
 */
class Rows {
  version = 0;
  readonly reads: number[] = [];
  readonly prepares: number[] = [];
  loading = gate();
  reading = gate();

  prepare = async (): Promise<void> => {
    this.prepares.push(this.version);
    await this.loading.opened;
  };

  read = async (): Promise<number> => {
    const seen = this.version;
    this.reads.push(seen);
    await this.reading.opened;
    return seen;
  };
}

describe('reads shared by the requests that arrived before them', () => {
  it('gives every request that arrives while the document loads the one read made after it', async () => {
    const shared = new SharedReads<number>();
    const rows = new Rows();
    const first = shared.read('d', rows.prepare, rows.read);
    await settle();
    rows.version = 1; // a change committed before the second request arrived
    const second = shared.read('d', rows.prepare, rows.read);
    rows.loading.open();
    rows.reading.open();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(rows.prepares).toEqual([0]);
    expect(rows.reads).toEqual([1]);
  });

  it('reads again, after the running read, for a request that arrives once the rows are being read', async () => {
    const shared = new SharedReads<number>();
    const rows = new Rows();
    rows.loading.open();
    const first = shared.read('d', rows.prepare, rows.read);
    await settle();
    expect(rows.reads).toEqual([0]); // the first read has begun, and is held
    rows.version = 1;
    const second = shared.read('d', rows.prepare, rows.read);
    const third = shared.read('d', rows.prepare, rows.read);
    await settle();
    // One read of a key at a time: the second waits for the first to finish.
    expect(rows.reads).toEqual([0]);
    rows.reading.open();
    expect(await first).toBe(0);
    // The second and third arrived together, before the second read began: they share it, and
    // it sees the change made before they arrived.
    expect(await Promise.all([second, third])).toEqual([1, 1]);
    expect(rows.reads).toEqual([0, 1]);
    expect(rows.prepares).toEqual([0, 1]);
  });

  it('fails every request that shared a failed read, and reads anew for the next one', async () => {
    const shared = new SharedReads<number>();
    let fail = true;
    const read = async () => {
      if (fail) throw new Error('the store is gone');
      return 7;
    };
    const prepare = async () => undefined;
    const failed = [shared.read('d', prepare, read), shared.read('d', prepare, read)];
    const outcomes = await Promise.allSettled(failed);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await shared.read('d', prepare, read)).toBe(7);
  });

  it('fails the requests of a failed load, and the next request loads again', async () => {
    const shared = new SharedReads<number>();
    let loads = 0;
    const prepare = async () => {
      loads += 1;
      if (loads === 1) throw new Error('the document does not load');
    };
    const read = async () => loads;
    await expect(shared.read('d', prepare, read)).rejects.toThrow('does not load');
    expect(await shared.read('d', prepare, read)).toBe(2);
  });

  it('never shares a read between two keys', async () => {
    const shared = new SharedReads<string>();
    const prepare = async () => undefined;
    const results = await Promise.all([
      shared.read('a', prepare, async () => 'rows of a'),
      shared.read('b', prepare, async () => 'rows of b'),
    ]);
    expect(results).toEqual(['rows of a', 'rows of b']);
  });
});
