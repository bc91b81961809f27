import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../projectRoot.ts';
import { heavyTestFile } from '../test/heavyTestLock.ts';
import { makeTempDir } from '../test/startTestServer.ts';
import type { LoadResult } from './loadRun.ts';
import type { BenchResults } from './report.ts';

// Loads both cores for tens of seconds: never beside another such file (heavyTestLock.ts).
heavyTestFile();

// The smoke variant of `npm run bench`: the real harness (three servers as child processes,
// a forked load worker, Remiss with real sessions and collab tokens) on a handful of clients for
// a second: W1 on every server, W1 on two Remiss nodes sharing PostgreSQL and Redis (when the
// test services are there) and W3 on Remiss. It checks that the bench runs and reports sane
// figures, never how fast. W2, W4, W5 and W6 run in `npm run bench -- --quick`.
const dir = makeTempDir('remiss-bench-smoke-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** W1N runs on the services .ci/run starts; without them the bench says why it skipped it. */
const clusterServices =
  Boolean(process.env['REMISS_TEST_DATABASE_URL']) && Boolean(process.env['REMISS_TEST_REDIS_URL']);
if (!clusterServices) {
  console.warn(
    'bench smoke: W1 on two nodes skipped: REMISS_TEST_DATABASE_URL and REMISS_TEST_REDIS_URL are not both set',
  );
}

/** One smoke run for every test in this file: it is the slow part. */
let smoke: Promise<{ stdout: string; results: BenchResults }> | null = null;
function smokeOnce(): Promise<{ stdout: string; results: BenchResults }> {
  smoke ??= (async () => {
    const out = path.join(dir, 'smoke.json');
    const { stdout } = await runSmoke(out);
    return { stdout, results: JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResults };
  })();
  return smoke;
}

function runSmoke(out: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/bench/run.ts', '--smoke', '--out', out],
      { cwd: projectRoot(), timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** The figures every load run must have, whatever the timings. */
function expectSaneLoad(run: LoadResult | undefined, what: string): void {
  expect(run, what).toBeDefined();
  if (!run) return;
  expect(run.updatesMeasured, `${what}: keystrokes were measured`).toBeGreaterThan(0);
  expect(run.deliveredShare, what).toBeGreaterThan(0);
  expect(run.deliveredShare, what).toBeLessThanOrEqual(1);
  expect(run.propagation.count, what).toBe(run.updatesMeasured);
  expect(run.propagation.p50, what).toBeGreaterThanOrEqual(0);
  // /proc counts CPU in 10 ms ticks, so a near-idle second may read 0; never negative or NaN.
  expect(run.server.cpuPercent, what).toBeGreaterThanOrEqual(0);
  expect(run.server.peakRssBytes, what).toBeGreaterThan(0);
  expect(run.generator.workers.length, what).toBeGreaterThan(0);
  expect(run.connectFailures, what).toBe(0);
}

describe('npm run bench --smoke', () => {
  it('runs every server and workload and reports sane fields', { timeout: 200_000 }, async () => {
    const { stdout, results } = await smokeOnce();

    expect(results.errors ?? {}).toEqual({});
    expect(results.meta.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(results.meta.machine.cpus).toBeGreaterThan(0);

    const point = results.w1?.[0];
    expect(point?.clients).toBe(3);
    for (const kind of ['relay', 'hocuspocus', 'remiss'] as const) {
      const repeated = point?.servers[kind];
      expectSaneLoad(repeated?.runs[0], `W1 on ${kind}`);
      // Only Hocuspocus and Remiss acknowledge updates; the relay forwards them unread.
      if (kind !== 'relay') expect(repeated?.runs[0]?.ack.count, kind).toBeGreaterThan(0);
    }
    // Remiss stores before it acks: its ack needs the append, so it is never missing.
    expect(point?.servers.remiss?.runs[0]?.server.eventLoopDelayP99Ms).not.toBeUndefined();

    const persistence = results.w3?.result.runs[0];
    expectSaneLoad(persistence, 'W3');
    expect(persistence?.databaseBytesAfter).toBeGreaterThan(0);
    expect(persistence?.bytesPerEdit).not.toBeNull();

    // The Markdown report is printed with the targets it could evaluate.
    expect(stdout).toContain('### W1 concurrency sweep');
    expect(stdout).toContain('| 3 | remiss |');
  });

  it.runIf(clusterServices)(
    'runs W1 on two nodes, with clients on both, and reports each node and Redis',
    { timeout: 200_000 },
    async () => {
      const { stdout, results } = await smokeOnce();
      const w1n = results.w1TwoNodes;
      if (!w1n || 'skipped' in w1n) throw new Error(`W1N did not run: ${JSON.stringify(w1n)}`);
      const point = w1n.points[0];
      expect(point?.clients).toBe(3);
      const run = point?.twoNodes.runs[0];
      expectSaneLoad(run, 'W1 on two nodes');
      // Client 0 types on node A; clients 1 and 2 watch on B and A. An update that reached
      // every other client crossed from node A to node B.
      expect(run?.fullyDeliveredShare).toBeGreaterThan(0);
      expect(run?.nodes.map((node) => node.clients)).toEqual([2, 1]);
      for (const node of run?.nodes ?? []) {
        expect(node.cpuPercent).toBeGreaterThanOrEqual(0);
        expect(node.rssBytes).toBeGreaterThan(0);
      }
      // The nodes told each other about the keystrokes and carets through Redis.
      expect(run?.redis?.publishesPerSecond).toBeGreaterThan(0);
      expect(run?.redis?.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(stdout).toContain('### W1 on two nodes (PostgreSQL and Redis)');
      expect(stdout).toContain('| 3 | 2 |');
    },
  );

  it.runIf(!clusterServices)(
    'says why W1 on two nodes did not run',
    { timeout: 200_000 },
    async () => {
      const { stdout, results } = await smokeOnce();
      const w1n = results.w1TwoNodes;
      expect(w1n && 'skipped' in w1n ? w1n.skipped : null).toMatch(/^W1 on two nodes needs /);
      expect(stdout).toContain('Not measured: W1 on two nodes needs');
    },
  );
});
