// `npm run fuzz`: the full convergence fuzz, 10,000 random edits from 5 clients with 2 % random
// disconnects (server/collab/convergence.test.ts). `npm test` runs the same test with 2,000
// edits. REMISS_FUZZ_SEED=<n> replays a seed; REMISS_FUZZ_OPERATIONS=<n> overrides the count.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const result = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--project',
    'unit',
    'server/collab/convergence.test.ts',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, REMISS_FUZZ_OPERATIONS: process.env.REMISS_FUZZ_OPERATIONS || '10000' },
  },
);
process.exit(result.status ?? 1);
