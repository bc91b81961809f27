import { z } from 'zod';

/** `GET /api/health`: `ok`, or `unavailable` with the reasons (503). */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  reasons: z.array(z.string()).optional(),
});

/** The health response body. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/**
 * `GET /api/health/ready`: whether a load balancer should send this node new connections, with
 * each dependency reported on its own. 200 when all are `ok` (Redis `not-used` on a single node),
 * 503 otherwise, with the reasons. A `degraded` check keeps the answer 200 and `ok`: the node
 * still serves correctly, and `warnings` says what an operator should look at.
 */
export const readinessResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({
    /** The database takes writes. */
    database: z.enum(['ok', 'failing']),
    /** Redis answers (several nodes), or no Redis is configured (one node). */
    redis: z.enum(['ok', 'failing', 'not-used']),
    /** `draining` from the moment shutdown begins: connections go to the other nodes. */
    node: z.enum(['ok', 'draining']),
    /**
     * SQLite's WAL checkpointer (absent on PostgreSQL): `degraded` once its checkpoints have
     * failed for WAL_CHECKPOINT_DEGRADED_AFTER_MS. Never unavailable: SQLite's own checkpoint
     * still bounds the log, and nothing is lost.
     */
    checkpointer: z.enum(['ok', 'degraded']).optional(),
  }),
  reasons: z.array(z.string()).optional(),
  /** Why a check is `degraded`; present only when one is. */
  warnings: z.array(z.string()).optional(),
});

/** The readiness response body. */
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
