import { z } from 'zod';

/** `GET /api/health`: `ok`, or `unavailable` with the reasons (503). */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  reasons: z.array(z.string()).optional(),
});

/** The health response body. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;
