/**
 * Summarises a V8 CPU profile that `npm run bench -- --profile` wrote: the functions with the
 * most self time, and the most inclusive time, as shares of all samples.
 *
 *   npx tsx server/bench/profileSummary.ts bench/results/profiles-…/w1-remiss-200.cpuprofile [rows]
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Self and inclusive shares of the samples, per function (name, file, line). */
export function summariseProfile(profile: Profile): {
  samples: number;
  self: [string, number][];
  inclusive: [string, number][];
} {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').at(-1) ?? '';
    return `${functionName || '(anonymous)'} ${file}${file ? `:${lineNumber + 1}` : ''}`;
  };
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, count] of hits) {
    const node = byId.get(id);
    if (!node) continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + count);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const ancestor = byId.get(at);
      if (!ancestor) break;
      const name = label(ancestor);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + count);
    }
  }
  const total = profile.samples.length || 1;
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]): [string, number] => [name, count / total]);
  return { samples: profile.samples.length, self: top(self), inclusive: top(inclusive) };
}

if (process.argv[1]?.endsWith('profileSummary.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profileSummary.ts <file.cpuprofile> [rows]');
  const rows = Number(process.argv[3] ?? 25);
  const summary = summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
  const show = (title: string, list: [string, number][]) => {
    console.log(title);
    for (const [name, share] of list.slice(0, rows)) {
      console.log(`${(share * 100).toFixed(1).padStart(6)} %  ${name}`);
    }
  };
  console.log(`${summary.samples} samples`);
  show('self time', summary.self);
  show('inclusive time', summary.inclusive);
}
