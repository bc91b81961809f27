/**
 * Formatting for the Prometheus text exposition format, version 0.0.4:
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** Media type of a scrape response in the text format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label names and their values on one series. */
export type Labels = Readonly<Record<string, string>>;

/** One line of a scrape: a series name (with a suffix such as `_bucket`), labels and a value. */
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

/** What the registry needs from every kind of metric. */
export interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  /** The current samples, read at scrape time. */
  samples(): Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Throws unless `name` is a valid metric name; names are fixed in code, so this is a bug check. */
export function checkMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${name}`);
}

/** Throws unless every label name is valid and none uses the reserved `__` prefix. */
export function checkLabelNames(names: readonly string[]): void {
  for (const name of names) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new Error(`invalid label name ${name}`);
    }
  }
}

/** A sample value as the format spells it: `+Inf`, `-Inf` and `NaN` are words. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `{a="1",b="2"}`, or nothing for no labels. Values escape `\`, `"` and line feeds. */
export function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(
    ([name, value]) =>
      `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** `# HELP` text escapes `\` and line feeds (but not quotes). */
export function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A stable key for a set of labels, whatever order their names were given in. */
export function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
