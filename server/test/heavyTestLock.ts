import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { projectRoot } from '../projectRoot.ts';

/**
 * How often a file waiting for the lock tries again. Small against the files that hold it,
 * which run for tens of seconds.
 */
const RETRY_MS = 100;

/**
 * Longest a test file waits for the lock: the heavy files run one after another, so the last
 * may wait for all the others (about two minutes on CI's two cores). A hook that takes the lock
 * passes this as its timeout, since the waiting is not the test's own time.
 */
export const HEAVY_TEST_LOCK_TIMEOUT_MS = 600_000;

/**
 * The lock's name: an abstract Unix socket (Linux), which the kernel frees when its process
 * ends, so a crashed or killed test run leaves no stale lock behind. One per work tree, so that
 * two checkouts on one machine do not wait for each other.
 */
function lockName(): string {
  const tree = createHash('sha256').update(projectRoot()).digest('hex').slice(0, 16);
  return `\0remiss-heavy-test-${tree}`;
}

/**
 * Waits until no other heavy test file runs, and holds the lock until the returned function is
 * called. Vitest runs one test file per core at a time; a few files load both cores on their
 * own for tens of seconds (a crash test with twenty writers and restarts, the frame attack, two
 * nodes failing over, the bench's smoke runs), and two of them at once starve each other's
 * child processes and make their deadlines flaky. Ordinary files still run beside them.
 */
export async function holdHeavyTestLock(): Promise<() => Promise<void>> {
  const deadline = performance.now() + HEAVY_TEST_LOCK_TIMEOUT_MS;
  for (;;) {
    const server = net.createServer();
    const held = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') resolve(false);
        else reject(error);
      });
      server.listen({ path: lockName(), exclusive: true }, () => resolve(true));
    });
    if (held) {
      // The lock must not keep the worker alive on its own if a file forgets to release it.
      server.unref();
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    }
    if (performance.now() > deadline) {
      throw new Error(`another heavy test file held the lock for ${HEAVY_TEST_LOCK_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/**
 * Makes the calling test file a heavy one: it takes the lock before its first hook and gives it
 * back after its last. Call it at the top level of the file, before its own hooks.
 */
export function heavyTestFile(): void {
  let release: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    release = await holdHeavyTestLock();
  }, HEAVY_TEST_LOCK_TIMEOUT_MS);
  afterAll(async () => {
    await release?.();
  });
}
