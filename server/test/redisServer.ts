import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { vi } from 'vitest';

/** True when `redis-server` can be run here, for tests that need a Redis of their own. */
export const redisServerInstalled = spawnSync('redis-server', ['--version']).status === 0;

/**
 * Starts a redis-server of the test's own on `port` (loopback, no persistence) and resolves
 * once it answers. For tests that kill Redis, or whose nodes must not hear the events of
 * other test files' nodes on the shared test Redis (pub/sub channels are global there).
 */
export async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await vi.waitFor(
    () =>
      new Promise<void>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.end();
          resolve();
        });
        socket.on('error', reject);
      }),
    { timeout: 5_000, interval: 50 },
  );
  return child;
}
