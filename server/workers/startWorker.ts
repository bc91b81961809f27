import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * What a worker started from source runs first: Node 20 cannot load `.ts` by itself, so it
 * registers tsx's loader (the dev dependency tests and `npm run dev` run the source with) and
 * then imports the real entry. Compiled code in dist/ never needs it.
 */
const SOURCE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api')
  .then(({ register }) => {
    register();
    return import(workerData.entry);
  })
  .catch((error) => {
    setImmediate(() => {
      throw error;
    });
  });
`;

/**
 * Starts a worker thread on the module `name` (no extension) in the folder of `base` (the
 * caller's `import.meta.url`). Built, that module is `name.js` beside the caller; run from
 * source it is `name.ts`. `resourceLimits` caps the worker's heap, so that work on untrusted
 * input fails in the worker instead of taking the server's memory.
 */
export function startWorker(
  base: string,
  name: string,
  options: { resourceLimits?: ResourceLimits } = {},
): Worker {
  const fromSource = new URL(base).pathname.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, base);
  if (!fromSource) return new Worker(entry, options);
  return new Worker(SOURCE_BOOTSTRAP, {
    ...options,
    eval: true,
    workerData: { entry: entry.href },
  });
}
