import { checkMetricName, type Labels, type Metric, type Sample } from './exposition.ts';

/** What a gauge reads at scrape time: one value, or one value per label set. */
export type GaugeReading = number | readonly { labels: Labels; value: number }[];

/**
 * A value that goes up and down, such as open sockets. It is read from its source at scrape
 * time rather than kept up to date by hooks, so it cannot drift from the truth.
 */
export class Gauge implements Metric {
  /**
   * @param type `counter` for a total that something else keeps and that only grows, such as
   *   the CPU time the kernel counts; it is read the same way but must be typed as a counter
   *   for `rate()` to be meaningful. @default "gauge"
   */
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => GaugeReading,
    readonly type: 'gauge' | 'counter' = 'gauge',
  ) {
    checkMetricName(name);
  }

  samples(): Sample[] {
    const reading = this.read();
    if (typeof reading === 'number') return [{ name: this.name, labels: {}, value: reading }];
    return reading.map(({ labels, value }) => ({ name: this.name, labels, value }));
  }
}
