import { z } from 'zod';

/**
 * Stable machine-readable error codes. Clients branch on these; the message beside them is for
 * people and may change.
 */
export const errorCodes = [
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof errorCodes)[number];

/** The one error shape on the wire: `{ "error": { "code", "message" } }`. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** An error response as the client receives it. */
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
