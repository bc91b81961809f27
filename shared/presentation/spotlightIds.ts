/**
 * Thread ids of the `spotlight` query parameter (comma separated), as the export route and the
 * app's presentation address write them. Empty entries and repeats are dropped.
 */
export function parseSpotlight(value: string | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  ];
}

/** The `spotlight` query value for a list of thread ids. */
export function formatSpotlight(ids: readonly string[]): string {
  return ids.join(',');
}
