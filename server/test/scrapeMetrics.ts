/**
 * Reads a Prometheus text scrape into `series → value`, the series written exactly as the
 * server renders it, e.g. `remiss_store_duration_seconds_count{operation="append"}`. Comment
 * lines are skipped; a line that is neither a comment nor `series value` fails the test.
 */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) throw new Error(`not a sample line: ${line}`);
    const raw = match[2];
    values.set(match[1], raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw));
  }
  return values;
}

/** `GET /metrics` and the parsed samples; throws unless it answered 200. */
export async function scrapeMetrics(
  baseUrl: string,
  headers: Record<string, string> = {},
): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
  return parseMetrics(text);
}
