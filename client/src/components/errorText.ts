import { ApiError } from '../api/apiClient.ts';

/**
 * The message to show for a failed request: the server's own words for errors the user can act
 * on (validation, conflicts, wrong password, rate limits), a generic text otherwise.
 */
export function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError && error.code !== 'network' && error.code !== 'internal'
    ? error.message
    : fallback;
}
