import { Router } from 'express';
import type { HealthResponse, ReadinessResponse } from '../../../../shared/api/health.ts';
import type { Cluster } from '../../../cluster/Cluster.ts';
import type { PersistenceExtension } from '../../../collab/PersistenceExtension.ts';
import type { WalCheckpointer } from '../../../storage/sqlite/WalCheckpointer.ts';
import type { Storage } from '../../../storage/types.ts';

/** What the health endpoints look at. */
export interface HealthDependencies {
  storage: Storage;
  persistence: PersistenceExtension;
  cluster: Cluster;
  /** True from the moment shutdown begins. */
  draining: () => boolean;
  /** SQLite's WAL checkpointer; null or absent on PostgreSQL or a database in memory. */
  walCheckpointer?: Pick<WalCheckpointer, 'health'> | null;
}

/** Why each failing dependency fails, by dependency; absent means it is fine. */
async function failures({ storage, cluster }: HealthDependencies): Promise<{
  database: string | null;
  redis: string | null;
}> {
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const [database, redis] = await Promise.all([
    storage.checkWritable().then(
      () => null,
      (error: unknown) => `database not writable: ${reason(error)}`,
    ),
    cluster.check().then(
      () => null,
      (error: unknown) => `redis not reachable: ${reason(error)}`,
    ),
  ]);
  return { database, redis };
}

/**
 * `GET /api/health`: 200 when the database takes writes, Redis answers (with several nodes) and
 * every loaded document is stored; 503 with the reasons otherwise, so a load balancer or
 * operator sees a failing store at once.
 *
 * `GET /api/health/ready`: whether this node should get new connections, each dependency
 * reported on its own; 503 also while the node drains at shutdown, so a load balancer stops
 * sending it clients before it closes their sockets. A degraded WAL checkpointer is reported
 * (with `warnings`) but keeps the answer 200.
 */
export function healthRouter(deps: HealthDependencies): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const { database, redis } = await failures(deps);
    const reasons = [database, redis].filter((reason) => reason !== null);
    for (const unsaved of deps.persistence.unsavedDocuments()) {
      reasons.push(
        `document ${unsaved.documentId} has unsaved changes since ${unsaved.since}` +
          (unsaved.error ? `: ${unsaved.error}` : ''),
      );
    }
    const body: HealthResponse =
      reasons.length === 0 ? { status: 'ok' } : { status: 'unavailable', reasons };
    res.setHeader('Cache-Control', 'no-store');
    res.status(reasons.length === 0 ? 200 : 503).json(body);
  });
  router.get('/health/ready', async (_req, res) => {
    const { database, redis } = await failures(deps);
    const draining = deps.draining();
    const reasons = [database, redis, draining ? 'shutting down' : null].filter(
      (reason) => reason !== null,
    );
    // Degraded, never a reason to stop sending clients: SQLite still checkpoints by itself.
    const checkpointer = deps.walCheckpointer?.health() ?? null;
    const warnings = checkpointer?.state === 'degraded' ? [checkpointer.reason] : [];
    const body: ReadinessResponse = {
      status: reasons.length === 0 ? 'ok' : 'unavailable',
      checks: {
        database: database ? 'failing' : 'ok',
        redis: !deps.cluster.shared ? 'not-used' : redis ? 'failing' : 'ok',
        node: draining ? 'draining' : 'ok',
        ...(checkpointer === null ? {} : { checkpointer: checkpointer.state }),
      },
      ...(reasons.length === 0 ? {} : { reasons }),
      ...(warnings.length === 0 ? {} : { warnings }),
    };
    res.setHeader('Cache-Control', 'no-store');
    res.status(reasons.length === 0 ? 200 : 503).json(body);
  });
  return router;
}
