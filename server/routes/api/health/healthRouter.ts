import { Router } from 'express';
import type { HealthResponse } from '../../../../shared/api/health.ts';
import type { PersistenceExtension } from '../../../collab/PersistenceExtension.ts';
import type { Storage } from '../../../storage/types.ts';

/**
 * `GET /api/health`: 200 when the database takes writes and every loaded document is stored;
 * 503 with the reasons otherwise, so a load balancer or operator sees a failing store at once.
 */
export function healthRouter(storage: Storage, persistence: PersistenceExtension): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const reasons: string[] = [];
    try {
      await storage.checkWritable();
    } catch (error) {
      reasons.push(
        `database not writable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    for (const unsaved of persistence.unsavedDocuments()) {
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
  return router;
}
