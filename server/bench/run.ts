/**
 * `npm run bench`: the load generator and report of issue 7. See docs/benchmarks.md.
 *
 *   npm run bench                      every workload, 3 runs each (about an hour on 2 cores)
 *   npm run bench -- --quick           1 run each, short windows (a few minutes)
 *   npm run bench -- --only W1,W2      some workloads (W1 W1N W2 W3 W4 W5 W6 T)
 *   npm run bench -- --sizes 2,10,50   W1 client counts
 *   npm run bench -- --runs 5          runs per configuration
 *   npm run bench -- --w3-runs 1       runs of W3 (five minutes each), if not --runs
 *   npm run bench -- --workers 3       load-generator processes
 *   npm run bench -- --profile         CPU profiles of the servers in W1 at 200+ clients
 *   npm run bench -- --write-doc       put the Markdown into docs/benchmarks.md
 *   npm run bench -- --out FILE        where the JSON goes (default bench/results/<time>.json)
 *   npm run bench -- --commit HEAD     run Remiss from a snapshot of a commit, not the work tree
 *                                      (or from a directory holding a copy of the sources)
 *   npm run bench -- --compare HEAD    also run Remiss from a snapshot of HEAD, or from a directory
 *                                      ("remiss-before"), next to the other, to measure a change
 *   npm run bench -- --render FILE     only render an earlier JSON result (with --write-doc)
 *   npm run bench -- --client-dir DIR  W6: only the initial JS of a client built into DIR
 *   npm run bench -- --smoke           the tiny variant the unit tests run
 *   npm run bench -- --database-url postgres://… --redis-url redis://…
 *                                      W1N (W1 on one and on two Remiss nodes, PostgreSQL and
 *                                      Redis); default REMISS_TEST_DATABASE_URL and
 *                                      REMISS_TEST_REDIS_URL, and W1N is skipped without them
 *
 * The servers run as child processes with a measuring agent; clients run in worker processes.
 * Nothing is switched off in Remiss for the bench: it needs no flag.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../projectRoot.ts';
import {
  ALL_SERVER_KINDS,
  SERVER_KINDS,
  isRelay,
  useRemissBeforeFrom,
  useRemissFrom,
  type ServerKind,
} from './benchServer.ts';
import { w6Browser } from './browser.ts';
import { buildFixture, removeFixture, type Fixture } from './fixtures.ts';
import { evaluateTargets, renderMarkdown, type BenchResults } from './report.ts';
import { w1TwoNodes } from './twoNodes.ts';
import {
  editThroughput,
  w1ConcurrencySweep,
  w2LargeDocument,
  w3Persistence,
  w4ExportUnderLoad,
  w5ReconnectStorm,
  type BenchOptions,
} from './workloads.ts';

const WORKLOADS = ['W1', 'W1N', 'T', 'W2', 'W3', 'W4', 'W5', 'W6'] as const;
type Workload = (typeof WORKLOADS)[number];

/** Markers in docs/benchmarks.md between which `--write-doc` puts the report. */
export const DOC_START = '<!-- bench:results:start -->';
export const DOC_END = '<!-- bench:results:end -->';

interface Arguments {
  quick: boolean;
  smoke: boolean;
  runs: number;
  workers: number;
  only: Set<Workload>;
  sizes: number[];
  servers: ServerKind[];
  profile: boolean;
  writeDoc: boolean;
  out: string | null;
  commit: string | null;
  compare: string | null;
  clientDir: string | null;
  w3Runs: number | null;
  render: string | null;
  /** W1N's PostgreSQL server (a user that may create databases) and Redis. */
  databaseUrl: string | null;
  redisUrl: string | null;
}

function parseArguments(argv: string[]): Arguments {
  const value = (name: string) => {
    const index = argv.indexOf(name);
    const given = index >= 0 ? argv[index + 1] : undefined;
    const inline = argv.find((arg) => arg.startsWith(`${name}=`));
    return inline ? inline.slice(name.length + 1) : given;
  };
  const flag = (name: string) => argv.includes(name);
  const quick = flag('--quick');
  const smoke = flag('--smoke');
  const list = (raw: string | undefined) =>
    raw
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null;
  const only =
    list(value('--only'))?.map((w) => w.toUpperCase()) ??
    (smoke ? ['W1', 'W1N', 'W3'] : [...WORKLOADS]);
  for (const workload of only) {
    if (!(WORKLOADS as readonly string[]).includes(workload))
      throw new Error(`unknown workload ${workload}`);
  }
  const compare = value('--compare') ?? null;
  const servers = (list(value('--servers')) ?? [...SERVER_KINDS]) as ServerKind[];
  for (const server of servers) {
    if (!ALL_SERVER_KINDS.includes(server)) throw new Error(`unknown server ${server}`);
  }
  // The snapshot runs right before the work tree's Remiss, in every configuration.
  if (compare && !servers.includes('remiss-before')) {
    const at = servers.indexOf('remiss');
    servers.splice(at < 0 ? servers.length : at, 0, 'remiss-before');
  }
  if (servers.includes('remiss-before') && !compare) {
    throw new Error('the server remiss-before needs --compare REV');
  }
  return {
    quick: quick || smoke,
    smoke,
    runs: Number(value('--runs') ?? (quick || smoke ? 1 : 3)),
    workers: Number(value('--workers') ?? (smoke ? 1 : 3)),
    only: new Set(only as Workload[]),
    sizes: (list(value('--sizes')) ?? (smoke ? ['3'] : ['2', '10', '50', '200', '500'])).map(
      Number,
    ),
    servers,
    profile: flag('--profile'),
    writeDoc: flag('--write-doc'),
    out: value('--out') ?? null,
    commit: value('--commit') ?? null,
    compare,
    clientDir: value('--client-dir') ?? null,
    w3Runs: value('--w3-runs') === undefined ? null : Number(value('--w3-runs')),
    render: value('--render') ?? null,
    databaseUrl: value('--database-url') ?? (process.env['REMISS_TEST_DATABASE_URL'] || null),
    redisUrl: value('--redis-url') ?? (process.env['REMISS_TEST_REDIS_URL'] || null),
  };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: projectRoot(), encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  if (args.render) {
    const results = JSON.parse(fs.readFileSync(args.render, 'utf8'), (_key, v: unknown) =>
      v === 'never' ? Infinity : v,
    ) as BenchResults;
    results.targets = evaluateTargets(results);
    const markdown = renderMarkdown(results);
    if (args.writeDoc) writeDoc(markdown);
    console.log(markdown);
    return;
  }
  const started = performance.now();
  const resultsDir = path.join(projectRoot(), 'bench', 'results');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const profileDir = args.profile ? path.join(resultsDir, `profiles-${stamp}`) : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const options: BenchOptions = {
    quick: args.quick,
    smoke: args.smoke,
    runs: args.runs,
    workers: args.workers,
    profileDir,
    log: (line) =>
      console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${line}`),
  };
  const snapshot = args.commit ? sourceTree(args.commit) : null;
  if (snapshot) useRemissFrom(snapshot.dir);
  const before = args.compare ? sourceTree(args.compare) : null;
  if (before) useRemissBeforeFrom(before.dir);
  const cpus = os.cpus();
  const results: BenchResults = {
    meta: {
      date: new Date().toISOString(),
      commit: snapshot?.commit ?? git(['rev-parse', 'HEAD']),
      dirty: snapshot ? snapshot.dirty : git(['status', '--porcelain']) !== '',
      ...(before ? { compareCommit: before.commit } : {}),
      ...(before && !before.temporary ? { compareDir: before.dir } : {}),
      node: process.version,
      machine: {
        cpus: cpus.length,
        model: cpus[0]?.model.trim() ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
      },
      loadAverageBefore: os.loadavg(),
      loadAverageAfter: [],
      options: { quick: args.quick, runs: args.runs, workers: args.workers, smoke: args.smoke },
      durationSeconds: 0,
    },
  };

  const out = args.out ?? path.join(resultsDir, `bench-${stamp}.json`);
  const fixtures: Fixture[] = [];
  const fixture = async (shape: Parameters<typeof buildFixture>[0]) => {
    const built = await buildFixture(shape);
    fixtures.push(built);
    return built;
  };
  try {
    // The smoke test runs W3 on the small document too, to save building a second fixture.
    const needsSmall = (
      args.smoke ? ['W1', 'W1N', 'T', 'W3', 'W5'] : ['W1', 'W1N', 'T', 'W5']
    ).some((w) => args.only.has(w as Workload));
    const maxClients = Math.max(args.smoke ? 6 : 200, ...args.sizes);
    const small = needsSmall
      ? await fixture({
          paragraphs: 20,
          editors: Math.ceil(maxClients / 10) + 50,
          commenters: maxClients,
        })
      : null;
    const needsLarge = (args.smoke ? ['W2', 'W4', 'W6'] : ['W2', 'W3', 'W4', 'W6']).some((w) =>
      args.only.has(w as Workload),
    );
    const large = needsLarge
      ? await fixture(
          args.smoke
            ? { paragraphs: 50, editors: 52, commenters: 60, threads: 20, comments: 50 }
            : { paragraphs: 2_000, editors: 52, commenters: 60, threads: 2_000, comments: 5_000 },
        )
      : null;
    const w3Fixture = args.smoke ? small : large;
    if (large)
      options.log(
        `large fixture: ${large.paragraphs} paragraphs, ${large.words} words, ${large.comments} comments`,
      );

    // Each workload on its own: one that fails is recorded and the others still run, and the
    // JSON is written after each, so a long run interrupted keeps what it measured.
    const step = async (name: string, body: () => Promise<void>) => {
      try {
        await body();
      } catch (error) {
        options.log(
          `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        (results.errors ??= {})[name] = error instanceof Error ? error.message : String(error);
      }
      writeJson(out, results);
    };
    if (small && args.only.has('W1')) {
      await step('W1', async () => {
        results.w1 = await w1ConcurrencySweep(options, small, args.sizes, args.servers);
      });
    }
    if (small && args.only.has('W1N')) {
      await step('W1N', async () => {
        results.w1TwoNodes = await w1TwoNodes(options, small, args.sizes, {
          databaseUrl: args.databaseUrl,
          redisUrl: args.redisUrl,
        });
      });
    }
    if (small && args.only.has('T')) {
      await step('T', async () => {
        results.throughput = await editThroughput(
          options,
          small,
          args.servers.filter((kind) => !isRelay(kind)),
        );
      });
    }
    if (large && args.only.has('W2')) {
      await step('W2', async () => {
        results.w2 = {
          paragraphs: large.paragraphs,
          comments: large.comments,
          stateBytes: large.stateBytes,
          servers: await w2LargeDocument(options, large, args.smoke ? ['remiss'] : args.servers),
        };
      });
    }
    if (w3Fixture && args.only.has('W3') && args.servers.includes('remiss')) {
      await step('W3', async () => {
        results.w3 = {
          paragraphs: w3Fixture.paragraphs,
          result: await w3Persistence(options, w3Fixture, args.w3Runs ?? args.runs),
        };
      });
    }
    if (large && args.only.has('W4') && args.servers.includes('remiss')) {
      await step('W4', async () => {
        results.w4 = { paragraphs: large.paragraphs, ...(await w4ExportUnderLoad(options, large)) };
      });
    }
    if (small && args.only.has('W5')) {
      await step('W5', async () => {
        results.w5 = args.smoke
          ? await w5ReconnectStorm(options, small, ['remiss'], 6)
          : await w5ReconnectStorm(options, small, args.servers);
      });
    }
    if (large && args.only.has('W6')) {
      await step('W6', async () => {
        results.w6 = await w6Browser(
          options,
          large,
          args.quick ? 20 : 60,
          args.clientDir,
          args.servers.includes('remiss-before'),
        );
      });
    }
  } finally {
    for (const built of fixtures) removeFixture(built);
    for (const tree of [snapshot, before]) {
      if (tree?.temporary) fs.rmSync(tree.dir, { recursive: true, force: true });
    }
  }

  results.targets = evaluateTargets(results);
  results.meta.loadAverageAfter = os.loadavg();
  results.meta.durationSeconds = (performance.now() - started) / 1000;
  const markdown = renderMarkdown(results);
  writeJson(out, results);
  fs.writeFileSync(out.replace(/\.json$/, '.md'), markdown);
  if (args.writeDoc) writeDoc(markdown);
  console.log(markdown);
  console.error(`results: ${out}`);
}

/**
 * Extracts `rev` with `git archive` into a temporary folder (the repository is only read), with
 * the work tree's node_modules and dist linked in, for Remiss to run from.
 */
/** Where Remiss runs from. */
interface SourceTree {
  dir: string;
  /** The commit, or for a directory, the work tree's HEAD it was copied on top of. */
  commit: string;
  /** A directory given by hand may hold changes beyond its commit. */
  dirty: boolean;
  /** Made by the bench, and removed at the end. */
  temporary: boolean;
}

/**
 * A directory with a copy of the sources (node_modules linked in) is used as it is, e.g. the
 * work tree copied at one instant, with and without a change; anything else names a commit.
 */
function sourceTree(value: string): SourceTree {
  if (fs.existsSync(value) && fs.statSync(value).isDirectory()) {
    const dir = path.resolve(value);
    if (!fs.existsSync(path.join(dir, 'server', 'main.ts'))) {
      throw new Error(`${dir} holds no server/main.ts`);
    }
    return { dir, commit: git(['rev-parse', 'HEAD']), dirty: true, temporary: false };
  }
  return { ...snapshotCommit(value), dirty: false, temporary: true };
}

function snapshotCommit(rev: string): { dir: string; commit: string } {
  const commit = git(['rev-parse', '--verify', `${rev}^{commit}`]);
  if (!commit) throw new Error(`--commit ${rev}: no such commit`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remiss-bench-src-'));
  const archive = path.join(dir, 'source.tar');
  execFileSync('git', ['archive', '--format=tar', `--output=${archive}`, commit], {
    cwd: projectRoot(),
  });
  execFileSync('tar', ['-xf', archive, '-C', dir]);
  fs.rmSync(archive);
  for (const linked of ['node_modules', 'dist']) {
    const target = path.join(projectRoot(), linked);
    if (fs.existsSync(target)) fs.symlinkSync(target, path.join(dir, linked));
  }
  return { dir, commit };
}

/** Writes the results; Infinity (an update that never reached everyone) becomes "never". */
function writeJson(file: string, results: BenchResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(results, (_key, v: unknown) => (v === Infinity ? 'never' : v), 2),
  );
}

/** Replaces the generated part of docs/benchmarks.md, between the markers. */
function writeDoc(markdown: string): void {
  const file = path.join(projectRoot(), 'docs', 'benchmarks.md');
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(DOC_START);
  const end = text.indexOf(DOC_END);
  if (start < 0 || end < start) throw new Error(`${file} has no ${DOC_START} … ${DOC_END} markers`);
  fs.writeFileSync(
    file,
    `${text.slice(0, start + DOC_START.length)}\n${markdown}\n${text.slice(end)}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
