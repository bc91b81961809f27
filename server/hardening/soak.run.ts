/**
 * `npm run soak [-- <writers> <kills> <seed>]`: the full crash soak (default 50 writers in 3
 * documents, 20 SIGKILLs). Prints the seed and the figures; exits 1 if an acknowledged edit was
 * lost or a client did not converge.
 */
import os from 'node:os';
import { runSoak } from './soak.ts';

const [writersArg, killsArg, seedArg] = process.argv.slice(2);
const seed = Number(seedArg ?? Math.floor(Math.random() * 2 ** 32));
const writers = Number(writersArg ?? 50);
const kills = Number(killsArg ?? 20);

console.log(`soak: seed ${seed} (replay with npm run soak -- ${writers} ${kills} ${seed})`);
console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
const figures = await runSoak({
  seed,
  writers,
  documents: 3,
  kills,
  // Two processes of providers leave the server one core of the two it shares with them.
  writerProcesses: Math.min(2, writers),
  // A word every 200–600 ms in bursts of 2–6, then a pause of 1–3 s, as people type: about one
  // edit a second per writer, 50 a second in all, each a durable SQLite commit (fsync) before its
  // ack. Four times that saturated the server on this shared two-core machine, and a soak
  // measures crash safety, not throughput (that is `npm run bench`).
  rhythm: { intervalMs: [200, 600], burstTokens: [2, 6], burstPauseMs: [1_000, 3_000] },
  killAfterMs: [300, 3_000],
  log: (line) => console.log(line),
});
console.log(JSON.stringify({ ...figures, lost: figures.lost.length }, null, 2));
console.log(
  `load average at the end: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
if (figures.lost.length > 0 || figures.notConverged.length > 0) {
  console.error(
    `FAILED, seed ${seed}: lost ${figures.lost.length} acknowledged edits (${figures.lost.slice(0, 20).join(', ')}), not converged: ${figures.notConverged.join(', ')}`,
  );
  process.exit(1);
}
console.log(`soak passed: ${figures.acked} acknowledged edits, ${figures.kills} kills, 0 lost`);
