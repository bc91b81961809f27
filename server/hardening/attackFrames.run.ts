/**
 * The full malformed-input attack: `npm run attack:frames [-- <frames> <sockets> <seed>]
 * [--profile=<dir>]`. With `--profile`, the server writes a V8 CPU profile and its
 * `process.memoryUsage()` every 500 ms into `<dir>` (summarise the profile with
 * `npx tsx server/bench/profileSummary.ts <dir>/CPU….cpuprofile`).
 * Prints the figures as JSON and exits non-zero when a requirement of the hardening issue is
 * missed: a socket not closed with a named code, RSS growth of 50 MB or more, a control edit
 * lost, or a control p99 of 200 ms or more.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runAttackScenario } from './attackScenario.ts';

const args = process.argv.slice(2);
const profileArg = args.find((arg) => arg.startsWith('--profile='));
const profileDir = profileArg === undefined ? undefined : path.resolve(profileArg.slice(10));
if (profileDir !== undefined) fs.mkdirSync(profileDir, { recursive: true });
const [frames = 10_000, sockets = 100, seed = Date.now() % 1_000_000] = args
  .filter((arg) => !arg.startsWith('--'))
  .map(Number);

const figures = await runAttackScenario({
  frames,
  sockets,
  seed,
  ...(profileDir === undefined ? {} : { profileDir }),
});
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const problems = [
  figures.attack.unnamedCloses > 0 && `${figures.attack.unnamedCloses} sockets closed unnamed`,
  figures.attack.leftOpen > 0 && `${figures.attack.leftOpen} sockets left open`,
  figures.attack.unnamedRefusals > 0 &&
    `${figures.attack.unnamedRefusals} upgrades refused without 429 and Retry-After`,
  figures.healthStatus !== 200 && `health answered ${figures.healthStatus}`,
  figures.rssAfter - figures.rssBefore >= 50 * 1024 * 1024 && 'RSS grew by 50 MB or more',
  figures.controlDelivered !== figures.controlEdits && 'control edits were lost',
  !(figures.controlLatencyMs.p99 < 200) && 'control p99 is 200 ms or more',
].filter((problem): problem is string => typeof problem === 'string');
console.log(
  JSON.stringify(
    {
      ...figures,
      rssGrowthMb: mb(figures.rssAfter - figures.rssBefore),
      rssBeforeMb: mb(figures.rssBefore),
      problems,
    },
    null,
    2,
  ),
);
process.exitCode = problems.length === 0 ? 0 : 1;
