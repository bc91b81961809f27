import type { z } from 'zod';
import { BadRequest } from './HttpError.ts';

/**
 * Validates input against a shared zod schema. On failure, throws a 400 whose details list each
 * problem by field, so a client can show it next to the right input.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    const first = details[0];
    throw BadRequest(
      first ? `${first.path || 'body'}: ${first.message}` : 'Invalid input.',
      details,
    );
  }
  return result.data;
}
