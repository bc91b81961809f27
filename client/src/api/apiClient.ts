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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Sends a request to the API; a failure to reach the server becomes ApiError 'network'. */
async function send(method: Method, path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
}

/** The ApiError for a refused request, from the one error shape on the wire when it has it. */
function refusal(response: Response, json: unknown): ApiError {
  const parsed = errorResponseSchema.safeParse(json);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details);
  }
  return new ApiError(response.status, 'internal', `HTTP ${response.status}`);
}

/**
 * Calls the JSON API and validates the answer with the shared schema, so the client never works
 * with a shape the server did not promise. Errors become ApiError with the server's code.
 */
export async function apiRequest<Schema extends z.ZodType>(
  method: Method,
  path: string,
  schema: Schema,
  body?: unknown,
): Promise<z.output<Schema>> {
  const response = await send(method, path, body);
  const json: unknown =
    response.status === 204 || response.status === 202
      ? null
      : await response.json().catch(() => null);
  if (!response.ok) throw refusal(response, json);
  return schema.parse(json);
}

/**
 * Reads a binary answer (a version's Yjs state) with a GET. Errors are the same ApiErrors as
 * {@link apiRequest} gives, since a refusal is still the JSON error shape.
 */
export async function apiBytes(path: string): Promise<Uint8Array> {
  const response = await send('GET', path);
  if (!response.ok) throw refusal(response, await response.json().catch(() => null));
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    // The connection broke while the body was arriving.
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
}
