/**
 * Summarises a Chromium trace that W6 wrote with `npm run bench -- --profile`
 * (`w6-<page>.trace.json`): where the renderer's main thread spent its time while the keys were
 * typed, as self time per trace event (script, style, layout, paint, …), so that time nested in
 * an event is counted once, under the innermost event.
 *
 *   npx tsx server/bench/traceSummary.ts bench/results/profiles-…/w6-tiptap.trace.json [keys] [rows]
 *
 * With `keys`, the times are also given per keystroke.
 */
import fs from 'node:fs';

/** The fields of a trace event this reads; Chromium writes many more. */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** Self time per event name on the renderer's main thread, ms, most first, and the total. */
export function summariseTrace(events: readonly TraceEvent[]): {
  totalMs: number;
  self: [string, number][];
} {
  const main = events.find(
    (event) =>
      event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
  );
  if (!main) throw new Error('the trace has no renderer main thread (CrRendererMain)');
  // Complete events only: the timeline categories Chromium records as ph X cover script, style,
  // layout and paint. Sorted by start, longest first, so a parent comes before its children.
  const complete = events
    .filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X')
    .map((event) => ({ name: event.name, start: event.ts, end: event.ts + (event.dur ?? 0) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const self = new Map<string, number>();
  const open: { name: string; end: number }[] = [];
  let total = 0;
  const close = (until: number) => {
    for (let top = open.at(-1); top && top.end <= until; top = open.at(-1)) open.pop();
  };
  for (const event of complete) {
    close(event.start);
    const duration = event.end - event.start;
    const parent = open.at(-1);
    if (!parent) total += duration;
    open.push({ name: event.name, end: event.end });
    // Self time is known once every child is in: add the whole now, take children off as they come.
    self.set(event.name, (self.get(event.name) ?? 0) + duration);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - duration);
  }
  const ms = (us: number) => us / 1000;
  return {
    totalMs: ms(total),
    self: [...self]
      .map(([name, us]): [string, number] => [name, ms(us)])
      .sort((a, b) => b[1] - a[1]),
  };
}

if (process.argv[1]?.endsWith('traceSummary.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: traceSummary.ts <file.trace.json> [keys] [rows]');
  const keys = Number(process.argv[3] ?? 0);
  const rows = Number(process.argv[4] ?? 20);
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as
    { traceEvents: TraceEvent[] } | TraceEvent[];
  const summary = summariseTrace(Array.isArray(parsed) ? parsed : parsed.traceEvents);
  const perKey = (value: number) =>
    keys > 0 ? `  ${(value / keys).toFixed(2).padStart(8)} ms/key` : '';
  console.log(`main thread busy: ${summary.totalMs.toFixed(1)} ms${perKey(summary.totalMs)}`);
  for (const [name, value] of summary.self.slice(0, rows)) {
    console.log(`${value.toFixed(1).padStart(9)} ms${perKey(value)}  ${name}`);
  }
}
