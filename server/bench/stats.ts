/**
 * Latency bookkeeping for the bench: a fixed-bucket histogram that worker processes fill and the
 * orchestrator merges (percentiles cannot be merged, bucket counts can), and percentiles of plain
 * arrays.
 */

/** Bucket width of {@link LatencyHistogram}, ms. */
export const HISTOGRAM_RESOLUTION_MS = 0.1;
/** Latencies at or above this land in the last bucket; `max` stays exact. */
export const HISTOGRAM_LIMIT_MS = 60_000;
const BUCKETS = Math.ceil(HISTOGRAM_LIMIT_MS / HISTOGRAM_RESOLUTION_MS) + 1;

/** Counts of latencies in 0.1 ms buckets, plus the exact maximum. */
export interface HistogramData {
  counts: number[];
  count: number;
  max: number;
}

/** A mergeable latency histogram with 0.1 ms resolution up to a minute. */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  record(ms: number): void {
    const value = Math.max(0, ms);
    const bucket = Math.min(BUCKETS - 1, Math.floor(value / HISTOGRAM_RESOLUTION_MS));
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.count += 1;
    if (value > this.max) this.max = value;
  }

  /** A compact form for IPC: only non-empty buckets, as [bucket, count] pairs, flattened. */
  toData(): HistogramData {
    const pairs: number[] = [];
    this.counts.forEach((count, bucket) => {
      if (count > 0) pairs.push(bucket, count);
    });
    return { counts: pairs, count: this.count, max: this.max };
  }

  merge(data: HistogramData): void {
    for (let index = 0; index + 1 < data.counts.length; index += 2) {
      const bucket = data.counts[index] ?? 0;
      this.counts[bucket] = (this.counts[bucket] ?? 0) + (data.counts[index + 1] ?? 0);
    }
    this.count += data.count;
    this.max = Math.max(this.max, data.max);
  }

  /** The latency at or below which `p` percent of the recorded ones fall (upper bucket edge). */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return Math.min(this.max, (bucket + 1) * HISTOGRAM_RESOLUTION_MS);
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max: this.count === 0 ? null : this.max,
    };
  }
}

/** Percentiles of a set of latencies, ms; null where nothing was measured. */
export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank percentile of an unsorted array; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** p50/p95/p99/max of an array. */
export function summarise(values: readonly number[]): LatencySummary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length === 0 ? null : values.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

/** The median of the numbers that are not null; null if there are none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter((value): value is number => typeof value === 'number');
  return percentile(present, 50);
}

/** Milliseconds on CLOCK_MONOTONIC, which every process on the machine shares. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
