import { describe, expect, it } from 'vitest';
import type { LoadResult } from './loadRun.ts';
import { evaluateTargets, type BenchResults } from './report.ts';
import type { LatencySummary } from './stats.ts';

const latency = (p99: number): LatencySummary => ({
  count: 100,
  p50: Math.min(p99, 5),
  p95: p99,
  p99,
  max: p99,
});

/** One W1 run at 200 clients whose propagation p99 is `p99` (Infinity: never delivered). */
function run(p99: number, deliveredShare: number): LoadResult {
  return {
    clients: 200,
    loadAverage1m: 1,
    propagation: latency(p99),
    delivery: latency(p99),
    probeDelivery: latency(p99),
    ack: latency(10),
    updatesMeasured: 1_000,
    deliveredShare,
    fullyDeliveredShare: deliveredShare,
    ackedPerSecond: 100,
    server: {
      cpuPercent: 50,
      eventLoopDelayP99Ms: 5,
      eventLoopDelayMaxMs: 10,
      unresponsive: false,
      agentLagMs: null,
      rssBytes: 1,
      peakRssBytes: 1,
      rssBeforeClientsBytes: 1,
      rssPerConnectionBytes: null,
      heapPerConnectionBytes: null,
      framesSentPerSecond: null,
      bytesSentPerSecond: null,
    },
    generator: { workers: [], cpuPercentTotal: 50, saturated: false, reason: null },
    join: latency(10),
    connectFailures: 0,
    droppedSockets: 0,
    during: null,
  };
}

function w1At200(remiss: LoadResult, hocuspocus: LoadResult): BenchResults {
  const repeated = (result: LoadResult) => ({
    runs: [result],
    discarded: [],
    allSaturated: false,
  });
  return {
    meta: {
      date: '2026-12-01T00:00:00.000Z',
      commit: 'test',
      dirty: false,
      node: process.version,
      machine: { cpus: 2, model: 'test', memoryGiB: 1 },
      loadAverageBefore: [1, 1, 1],
      loadAverageAfter: [1, 1, 1],
      options: { quick: true, runs: 1, workers: 1, smoke: true },
      durationSeconds: 1,
    },
    w1: [{ clients: 200, servers: { remiss: repeated(remiss), hocuspocus: repeated(hocuspocus) } }],
  };
}

const target200 = (results: BenchResults) =>
  evaluateTargets(results).find((target) => target.measure === 'W1 p99 at 200 clients');

describe('the W1 target at 200 clients', () => {
  it('holds a finite p99 below a baseline that never delivered some update', () => {
    const target = target200(w1At200(run(42, 1), run(Infinity, 0.28)));
    expect(target?.status).toBe('met');
    expect(target?.measured).toContain('below Hocuspocus (never)');
  });

  it('compares two finite p99s as a ratio', () => {
    expect(target200(w1At200(run(42, 1), run(30, 1)))?.status).toBe('missed');
    const met = target200(w1At200(run(20, 1), run(30, 1)));
    expect(met?.status).toBe('met');
    expect(met?.measured).toContain('0.67×');
  });

  it('misses when Remiss itself never delivered some update', () => {
    expect(target200(w1At200(run(Infinity, 0.9), run(Infinity, 0.3)))?.status).toBe('missed');
  });
});
