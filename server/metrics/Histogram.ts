import type { LabelValues } from './Counter.ts';
import {
  checkLabelNames,
  checkMetricName,
  formatValue,
  labelKey,
  type Labels,
  type Metric,
  type Sample,
} from './exposition.ts';

interface Series {
  labels: Labels;
  /** Observations per bucket (not cumulative); the last slot is the +Inf bucket. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * Observations sorted into fixed buckets, such as store latencies. Prometheus'
 * `histogram_quantile()` estimates percentiles from the buckets across any time range.
 */
export class Histogram<Name extends string = never> implements Metric {
  readonly type = 'histogram';
  private readonly series = new Map<string, Series>();
  private readonly bounds: readonly number[];

  constructor(
    readonly name: string,
    readonly help: string,
    buckets: readonly number[],
    labelNames: readonly Name[] = [],
    initial: readonly LabelValues<Name>[] = [],
  ) {
    checkMetricName(name);
    checkLabelNames([...labelNames, 'le']);
    const sorted = [...buckets].sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((bound, i) => bound === sorted[i - 1])) {
      throw new Error(`histogram ${name} needs distinct bucket bounds`);
    }
    this.bounds = sorted.filter((bound) => bound !== Infinity);
    for (const labels of initial) this.seriesFor(labels);
  }

  /** Records one observation in the series with these labels. */
  observe(labels: LabelValues<Name>, value: number): void {
    const series = this.seriesFor(labels);
    const index = this.bounds.findIndex((bound) => value <= bound);
    const slot = index === -1 ? this.bounds.length : index;
    series.counts[slot] = (series.counts[slot] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
  }

  /** How many observations one series holds. */
  count(labels: LabelValues<Name>): number {
    return this.series.get(labelKey(labels))?.count ?? 0;
  }

  samples(): Sample[] {
    const samples: Sample[] = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      [...this.bounds, Infinity].forEach((bound, i) => {
        cumulative += counts[i] ?? 0;
        samples.push({
          name: `${this.name}_bucket`,
          labels: { ...labels, le: formatValue(bound) },
          value: cumulative,
        });
      });
      samples.push({ name: `${this.name}_sum`, labels, value: sum });
      samples.push({ name: `${this.name}_count`, labels, value: count });
    }
    return samples;
  }

  private seriesFor(labels: Labels): Series {
    const key = labelKey(labels);
    let series = this.series.get(key);
    if (!series) {
      series = {
        labels: { ...labels },
        counts: new Array<number>(this.bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, series);
    }
    return series;
  }
}
