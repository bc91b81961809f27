import { describe, expect, it } from 'vitest';
import { summariseTrace } from './traceSummary.ts';

describe('summariseTrace', () => {
  const main = { pid: 1, tid: 7 };
  const event = (name: string, ts: number, dur: number, thread = main) => ({
    name,
    ph: 'X',
    ...thread,
    ts,
    dur,
  });

  it('counts nested time once, under the innermost event, on the main thread only', () => {
    const summary = summariseTrace([
      { name: 'thread_name', ph: 'M', ...main, ts: 0, args: { name: 'CrRendererMain' } },
      // A keydown of 10 ms whose script forced a 3 ms layout, then a 2 ms paint.
      event('EventDispatch', 1_000, 10_000),
      event('FunctionCall', 1_500, 8_000),
      event('Layout', 4_000, 3_000),
      event('Paint', 12_000, 2_000),
      // Another thread's work is not the main thread's.
      event('Paint', 1_000, 50_000, { pid: 1, tid: 8 }),
    ]);
    expect(summary.totalMs).toBe(12);
    expect(Object.fromEntries(summary.self)).toEqual({
      EventDispatch: 2,
      FunctionCall: 5,
      Layout: 3,
      Paint: 2,
    });
  });

  it('says so when the trace has no renderer main thread', () => {
    expect(() => summariseTrace([event('Paint', 0, 1)])).toThrow(/CrRendererMain/);
  });
});
