import {
  checkLabelNames,
  checkMetricName,
  labelKey,
  type Labels,
  type Metric,
  type Sample,
} from './exposition.ts';

/** Values for each of a metric's label names. */
export type LabelValues<Name extends string> = Readonly<Record<Name, string>>;

/**
 * A monotonically increasing count, such as requests served. Prometheus' `rate()` turns it into
 * a per-second figure; it resets only when the process restarts.
 */
export class Counter<Name extends string = never> implements Metric {
  readonly type = 'counter';
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  /**
   * @param initial label sets to report as 0 before anything is counted, so that `rate()` and
   *   alerts see the series from the first scrape instead of only after the first event.
   */
  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly Name[] = [],
    initial: readonly LabelValues<Name>[] = [],
  ) {
    checkMetricName(name);
    checkLabelNames(labelNames);
    // A counter without labels has exactly one series, which exists from the start.
    if (labelNames.length === 0) this.series.set(labelKey({}), { labels: {}, value: 0 });
    for (const labels of initial) this.inc(labels, 0);
  }

  /** Adds `by` (default 1, never negative) to the series with these labels. */
  inc(labels: LabelValues<Name>, by = 1): void {
    if (!(by >= 0)) throw new Error(`counter ${this.name} cannot go down (by ${by})`);
    const key = labelKey(labels);
    const existing = this.series.get(key);
    if (existing) existing.value += by;
    else this.series.set(key, { labels: { ...labels }, value: by });
  }

  /** The current value of one series; 0 if it was never counted. */
  get(labels: LabelValues<Name>): number {
    return this.series.get(labelKey(labels))?.value ?? 0;
  }

  samples(): Sample[] {
    return [...this.series.values()].map(({ labels, value }) => ({
      name: this.name,
      labels,
      value,
    }));
  }
}
