import type { z } from 'zod';
import { errorResponseSchema, type ErrorCode } from '../../../shared/api/errors.ts';

/** An error answer from the API, with its stable code. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * Calls the JSON API and validates the answer with the shared schema, so the client never works
 * with a shape the server did not promise. Errors become ApiError with the server's code.
 */
export async function apiRequest<Schema extends z.ZodType>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  schema: Schema,
  body?: unknown,
): Promise<z.output<Schema>> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  const json: unknown =
    response.status === 204 || response.status === 202
      ? null
      : await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorResponseSchema.safeParse(json);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiError(response.status, code, message, details);
    }
    throw new ApiError(response.status, 'internal', `HTTP ${response.status}`);
  }
  return schema.parse(json);
}
