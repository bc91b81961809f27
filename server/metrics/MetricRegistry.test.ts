import { describe, expect, it } from 'vitest';
import { Counter } from './Counter.ts';
import { Gauge } from './Gauge.ts';
import { Histogram } from './Histogram.ts';
import { MetricRegistry } from './MetricRegistry.ts';

describe('MetricRegistry', () => {
  it('renders counters, gauges and histograms in the text exposition format', () => {
    const registry = new MetricRegistry();
    const requests = registry.register(
      new Counter('app_requests_total', 'Requests.', ['class'], [{ class: '2xx' }]),
    );
    registry.register(new Gauge('app_open', 'Open things.', () => 3));
    const latency = registry.register(
      new Histogram('app_latency_seconds', 'Latency.', [0.1, 1], ['op'], [{ op: 'read' }]),
    );
    requests.inc({ class: '5xx' }, 2);
    latency.observe({ op: 'read' }, 0.05);
    latency.observe({ op: 'read' }, 0.5);
    latency.observe({ op: 'read' }, 7);

    expect(registry.render()).toBe(
      [
        '# HELP app_requests_total Requests.',
        '# TYPE app_requests_total counter',
        'app_requests_total{class="2xx"} 0',
        'app_requests_total{class="5xx"} 2',
        '# HELP app_open Open things.',
        '# TYPE app_open gauge',
        'app_open 3',
        '# HELP app_latency_seconds Latency.',
        '# TYPE app_latency_seconds histogram',
        'app_latency_seconds_bucket{op="read",le="0.1"} 1',
        'app_latency_seconds_bucket{op="read",le="1"} 2',
        'app_latency_seconds_bucket{op="read",le="+Inf"} 3',
        'app_latency_seconds_sum{op="read"} 7.55',
        'app_latency_seconds_count{op="read"} 3',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and help text', () => {
    const registry = new MetricRegistry();
    registry.register(
      new Gauge('app_info', 'Line one\nback\\slash', () => [
        { labels: { path: 'a"b\\c\nd' }, value: 1 },
      ]),
    );
    expect(registry.render()).toContain('# HELP app_info Line one\\nback\\\\slash\n');
    expect(registry.render()).toContain('app_info{path="a\\"b\\\\c\\nd"} 1\n');
  });

  it('refuses a second metric with the same name, invalid names, and counting down', () => {
    const registry = new MetricRegistry();
    registry.register(new Gauge('app_x', 'X.', () => 1));
    expect(() => registry.register(new Gauge('app_x', 'X again.', () => 2))).toThrow(/twice/);
    expect(() => new Gauge('app-x', 'Dash.', () => 1)).toThrow(/invalid metric name/);
    expect(() => new Counter('app_y_total', 'Y.', ['__reserved'])).toThrow(/invalid label/);
    expect(() => new Counter('app_z_total', 'Z.').inc({}, -1)).toThrow(/cannot go down/);
  });

  it('adds up a counter per label set, whatever order the labels come in', () => {
    const counter = new Counter('app_events_total', 'Events.', ['a', 'b']);
    counter.inc({ a: '1', b: '2' });
    counter.inc({ b: '2', a: '1' }, 4);
    expect(counter.get({ a: '1', b: '2' })).toBe(5);
    expect(counter.samples()).toHaveLength(1);
  });
});
