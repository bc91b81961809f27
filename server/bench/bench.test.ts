import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../projectRoot.ts';
import { makeTempDir } from '../test/startTestServer.ts';
import type { LoadResult } from './loadRun.ts';
import type { BenchResults } from './report.ts';

// The smoke variant of `npm run bench`: the real harness (three servers as child processes,
// a forked load worker, Remiss with real sessions and collab tokens) on a handful of clients for
// a second: W1 on every server and W3 on Remiss. It checks that the bench runs and reports sane
// figures, never how fast. W2, W4, W5 and W6 run in `npm run bench -- --quick`.
const dir = makeTempDir('remiss-bench-smoke-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runSmoke(out: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/bench/run.ts', '--smoke', '--out', out],
      { cwd: projectRoot(), timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
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
  it('runs every server and workload and reports sane fields', { timeout: 120_000 }, async () => {
    const out = path.join(dir, 'smoke.json');
    const { stdout } = await runSmoke(out);
    const results = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResults;

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
});
