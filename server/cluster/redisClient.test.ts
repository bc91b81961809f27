import { describe, expect, it } from 'vitest';
import { freePort } from '../test/childServer.ts';
import { redisServerInstalled, startRedisServer } from '../test/redisServer.ts';
import { RelayClient } from './redisClient.ts';

/**
 * The relay client's publish must never reject: Hocuspocus' Redis extension publishes from
 * callbacks nobody awaits, where a rejection would be unhandled. It reports the outcome instead.
 */
describe('RelayClient', () => {
  it('answers 0 and reports the failure when Redis cannot be reached', async () => {
    const port = await freePort();
    const reports: unknown[] = [];
    const client = new RelayClient(`redis://127.0.0.1:${port}`, 'relay-test', (failure) => {
      reports.push(failure);
    });
    client.on('error', () => undefined);
    try {
      await expect(client.publish('remiss:test', 'hello')).resolves.toBe(0);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toBeInstanceOf(Error);
    } finally {
      client.disconnect();
    }
  });

  it.skipIf(!redisServerInstalled)('reports success with null', async () => {
    const port = await freePort();
    const redis = await startRedisServer(port);
    const reports: unknown[] = [];
    const client = new RelayClient(`redis://127.0.0.1:${port}`, 'relay-test', (failure) => {
      reports.push(failure);
    });
    try {
      await expect(client.publish('remiss:test', 'hello')).resolves.toBe(0);
      expect(reports).toEqual([null]);
    } finally {
      client.disconnect();
      redis.kill('SIGKILL');
    }
  });
});
