import { escapeHelp, formatLabels, formatValue, type Metric } from './exposition.ts';

/**
 * The metrics one process exposes, rendered in the Prometheus text format. Small on purpose:
 * counters, callback gauges and histograms are all Remiss needs, and a hand-written registry
 * avoids a dependency on the hot path of every edit.
 */
export class MetricRegistry {
  private readonly metrics = new Map<string, Metric>();

  /** Adds a metric and returns it. Two metrics with one name would make an invalid scrape. */
  register<T extends Metric>(metric: T): T {
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.set(metric.name, metric);
    return metric;
  }

  /** Every metric as `# HELP`, `# TYPE` and its samples, ending with a line feed. */
  render(): string {
    const lines: string[] = [];
    for (const metric of this.metrics.values()) {
      lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`);
      lines.push(`# TYPE ${metric.name} ${metric.type}`);
      for (const sample of metric.samples()) {
        lines.push(`${sample.name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
