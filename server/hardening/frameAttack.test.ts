import { describe, expect, it } from 'vitest';
import { heavyTestFile } from '../test/heavyTestLock.ts';
import { runAttackScenario } from './attackScenario.ts';

// Loads both cores for tens of seconds: never beside another such file (heavyTestLock.ts).
heavyTestFile();

/**
 * The short variant of the malformed-input attack (`npm run attack:frames` runs the full one:
 * 10,000 frames from 100 sockets). Timings are reported by the script, not asserted here.
 */
const FRAMES = 2_000;
const SOCKETS = 40;
const seed = Number(process.env.REMISS_ATTACK_SEED ?? Date.now() % 1_000_000);

/**
 * The control pair's edits before the attack give only the baseline latency, which this test
 * reports on failure but never asserts: a second of it (some 20 edits) is context enough. The
 * script measures the 5 s baseline that its p99 is read against.
 */
const BASELINE_MS = 1_000;

/** How much the server's memory may grow while it is attacked, as the issue sets it. */
const MAX_RSS_GROWTH_BYTES = 50 * 1024 * 1024;

describe('bad frames on the collaboration socket', () => {
  it(
    'keeps the server up, closes every bad socket with a named code, and keeps a writer going',
    { timeout: 120_000 },
    async () => {
      const figures = await runAttackScenario({
        sockets: SOCKETS,
        frames: FRAMES,
        seed,
        baselineMs: BASELINE_MS,
      });
      const context = `seed ${seed} (replay with REMISS_ATTACK_SEED=${seed}): ${JSON.stringify(figures)}`;
      expect(figures.attack.framesSent, context).toBeGreaterThanOrEqual(FRAMES);
      expect(figures.attack.authenticatedConnections, context).toBeGreaterThan(0);
      expect(figures.attack.unnamedCloses, context).toBe(0);
      expect(figures.attack.leftOpen, context).toBe(0);
      expect(figures.attack.unnamedRefusals, context).toBe(0);
      expect(figures.healthStatus, context).toBe(200);
      expect(figures.rssAfter - figures.rssBefore, context).toBeLessThan(MAX_RSS_GROWTH_BYTES);
      expect(figures.controlEdits, context).toBeGreaterThan(10);
      expect(figures.controlDelivered, context).toBe(figures.controlEdits);
      expect(figures.converged, context).toBe(true);
    },
  );
});
