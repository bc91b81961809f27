import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (unit and integration tests beside the code, real SQLite and real
 * sockets, and client–server contract tests in tests/contract) and `e2e` (real Chromium against a built app). `npm test` runs both.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'server/**/*.test.ts',
            'client/**/*.test.ts',
            // Contract tests that hold client and server code side by side.
            'tests/contract/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Vitest 4.1 runs availableParallelism() - 1 workers outside watch mode (its code, not
          // its docs, which say every core): one worker on CI's two cores, so the files ran one
          // after another while most of their time is spent waiting on sockets, timers and
          // child processes, not computing. One worker per core halves the unit wall time; the
          // files share nothing but loopback ports (port 0), PostgreSQL (a database per test)
          // and the test Redis (random document ids; redisRelayGaps has its own Redis). The few
          // files that load both cores on their own take server/test/heavyTestLock.ts, so no
          // two of them run at once.
          maxWorkers: Math.max(2, availableParallelism()),
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: the CI machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
