/**
 * One measured run of a load against one server: fork the worker processes, connect the
 * clients, warm up, measure, drain, and merge what the workers saw into propagation latency,
 * delivery, server and generator figures.
 */
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../projectRoot.ts';
import type { AgentSample } from './agent.ts';
import { AgentTimeout, isRelay, type BenchServer, type ProcSample } from './benchServer.ts';
import type { BenchUser, Fixture } from './fixtures.ts';
import type {
  ClientSpec,
  JoinReport,
  LoadPlan,
  WorkerCommand,
  WorkerReply,
  WorkerResults,
} from './loadWorker.ts';
import { LatencyHistogram, monotonicMs, summarise, type LatencySummary } from './stats.ts';

/** What one run does. */
export interface LoadSpec {
  clients: number;
  typists: number;
  /** Full Y.Doc probes among the watchers. */
  probes: number;
  warmupMs: number;
  measureMs: number;
  /** After the window, time for updates still in flight to arrive before they count as lost. */
  drainMs: number;
  keystrokeIntervalMs: number;
  awarenessIntervalMs: number;
  workers: number;
  /** Clients each worker connects at once while setting up. @default 25 */
  connectConcurrency?: number;
  /**
   * Further nodes serving the same document beside the measured server (twoNodes.ts): client i
   * connects to node i mod (1 + nodes), so each role spreads evenly. Their figures are the
   * caller's to take, in `during`.
   */
  nodes?: BenchServer[];
  /** Write a CPU profile of the server over the window to this file. */
  profileFile?: string;
  /** Runs alongside the window (W4's exports, W5's reconnect storm); its result is kept. */
  during?: (context: DuringContext) => Promise<unknown>;
}

/** What `during` gets. */
export interface DuringContext {
  server: BenchServer;
  workers: WorkerHandle[];
  measureFrom: number;
  measureTo: number;
}

/** How busy a load generator process was in the window. */
export interface GeneratorLoad {
  cpuPercent: number;
  eventLoopDelayP99Ms: number;
}

/** Everything one run measured. */
export interface LoadResult {
  clients: number;
  /**
   * The machine's 1-minute load average when the window opened (`uptime`): the bench shares the
   * machine, and a figure means little without it.
   */
  loadAverage1m: number;
  /** Per update sent in the window: until every other client had it. */
  propagation: LatencySummary;
  /** Per receipt: until that one client had it. */
  delivery: LatencySummary;
  /** Per receipt by a full Y.Doc probe, timed after applying it. */
  probeDelivery: LatencySummary;
  /** Typists' time to the server's ack (durable, for Remiss). Empty for the relay. */
  ack: LatencySummary;
  updatesMeasured: number;
  /** Receipts over receipts expected (updates times the other clients). */
  deliveredShare: number;
  /** Updates that reached every other client. */
  fullyDeliveredShare: number;
  ackedPerSecond: number;
  server: {
    /** From /proc, over exactly the window; 100 is one core. */
    cpuPercent: number;
    /** From the agent inside the server; null when it did not answer in time. */
    eventLoopDelayP99Ms: number | null;
    eventLoopDelayMaxMs: number | null;
    /**
     * The server's event loop was too far behind to answer the agent's reset within
     * AGENT_LAG_LIMIT_MS (or at all within 30 s); its loop figures are then null.
     */
    unresponsive: boolean;
    /** How long the server took to answer the reset at the start of the window, ms. */
    agentLagMs: number | null;
    rssBytes: number;
    /** RSS high-water mark over the server's life (the server starts fresh for every run). */
    peakRssBytes: number;
    rssBeforeClientsBytes: number;
    /** (RSS with every client connected − RSS before) / clients, both after a full GC. */
    rssPerConnectionBytes: number | null;
    /** The same from V8 heap plus external memory, which GC makes steadier than RSS. */
    heapPerConnectionBytes: number | null;
    framesSentPerSecond: number | null;
    bytesSentPerSecond: number | null;
  };
  generator: {
    workers: GeneratorLoad[];
    cpuPercentTotal: number;
    saturated: boolean;
    reason: string | null;
  };
  join: LatencySummary;
  connectFailures: number;
  droppedSockets: number;
  during: unknown;
}

/** A generator worker counts as saturated above this share of one core in the window… */
export const WORKER_CPU_LIMIT_PERCENT = 85;
/** …or with an event-loop delay p99 above this, which would be mistaken for propagation time. */
export const WORKER_DELAY_LIMIT_MS = 30;

/** A server that takes longer than this to answer the agent is reported as unresponsive. */
export const AGENT_LAG_LIMIT_MS = 1_000;

/** A forked load worker, spoken to one request at a time. */
export class WorkerHandle {
  private readonly waiting: {
    type: WorkerReply['type'];
    resolve: (reply: WorkerReply) => void;
    reject: (error: Error) => void;
  }[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(
    /** Called with a client's index each time the server accepts it (`reportAuthenticated`). */
    onAuthenticated?: (index: number) => void,
  ) {
    // BENCH_WORKER_CPU_PROF_DIR: a V8 CPU profile of every load worker, written there when it
    // exits (`node --cpu-prof`), to see what the generator's own CPU goes to.
    const profileDir = process.env['BENCH_WORKER_CPU_PROF_DIR'];
    this.child = fork(path.join(projectRoot(), 'server', 'bench', 'loadWorker.ts'), [], {
      execArgv: [
        '--import',
        'tsx',
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (reply: WorkerReply) => {
      if (reply.type === 'error') {
        for (const waiter of this.waiting.splice(0)) waiter.reject(new Error(reply.message));
        return;
      }
      if (reply.type === 'authenticated') {
        onAuthenticated?.(reply.index);
        return;
      }
      const index = this.waiting.findIndex((waiter) => waiter.type === reply.type);
      const [waiter] = index >= 0 ? this.waiting.splice(index, 1) : [];
      waiter?.resolve(reply);
    });
    this.child.once('exit', (code) => {
      for (const waiter of this.waiting.splice(0)) {
        waiter.reject(new Error(`load worker exited with ${String(code)}`));
      }
    });
  }

  /** Sends a command and waits for the reply of the given type. */
  request<T extends WorkerReply['type']>(
    command: WorkerCommand,
    type: T,
    timeoutMs = 180_000,
  ): Promise<Extract<WorkerReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`load worker: no '${type}' within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting.push({
        type,
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply as Extract<WorkerReply, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.connected) this.child.send({ type: 'close' } satisfies WorkerCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Which role each client index plays, and which fixture user it connects as. */
export function planClients(
  spec: Pick<LoadSpec, 'clients' | 'typists' | 'probes' | 'nodes'>,
  fixture: Fixture,
  server: BenchServer,
): ClientSpec[] {
  const nodes = [server, ...(spec.nodes ?? [])];
  const specs: ClientSpec[] = [];
  for (let index = 0; index < spec.clients; index += 1) {
    const typist = index < spec.typists;
    const probe = !typist && index < spec.typists + spec.probes;
    const pool: BenchUser[] = typist ? fixture.editors : fixture.commenters;
    const user = pool.length > 0 ? pool[index % pool.length] : fixture.owner;
    if (!user) throw new Error('the fixture has no users');
    const node = nodes[index % nodes.length] ?? server;
    specs.push({
      index,
      role: typist ? 'typist' : probe ? 'probe' : 'watcher',
      presenceName: user.presenceName,
      auth: node.authFor(user.cookie),
      ...(node === server ? {} : { wsUrl: node.wsUrl }),
    });
  }
  return specs;
}

/** Forks `count` workers and hands each every `count`th client, so roles spread evenly. */
export async function connectWorkers(
  count: number,
  specs: ClientSpec[],
  server: BenchServer,
  fixture: Fixture,
  connectConcurrency = 25,
  /** See the `init` command's `connectAt`: when to connect, and what join times count from. */
  connectAt?: number,
  /** Called when the server accepts a client that has `reportAuthenticated`. */
  onAuthenticated?: (index: number) => void,
): Promise<{ workers: WorkerHandle[]; join: JoinReport }> {
  const workers = Array.from(
    { length: Math.max(1, Math.min(count, specs.length)) },
    () => new WorkerHandle(onAuthenticated),
  );
  const reports = await Promise.all(
    workers.map((worker, w) =>
      worker.request(
        {
          type: 'init',
          wsUrl: server.wsUrl,
          documentName: fixture.documentId,
          mode: isRelay(server.kind) ? 'relay' : 'hocuspocus',
          initialStateFile: fixture.initialStateFile,
          clients: specs.filter((_spec, index) => index % workers.length === w),
          connectConcurrency,
          ...(connectAt === undefined ? {} : { connectAt }),
        },
        'connected',
      ),
    ),
  );
  return {
    workers,
    join: {
      joinMs: reports.flatMap((report) => report.joinMs),
      listMs: reports.flatMap((report) => report.listMs),
      failures: reports.flatMap((report) => report.failures),
    },
  };
}

/** The agent's answer, or null if the server's event loop did not get to it in time. */
async function tolerant<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof AgentTimeout) return null;
    throw error;
  }
}

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - monotonicMs())));

/** Runs one load against a started server and returns what it measured. */
export async function runLoad(
  server: BenchServer,
  fixture: Fixture,
  spec: LoadSpec,
): Promise<LoadResult> {
  const before = await server.agent('sample', { collectGarbage: true });
  const specs = planClients(spec, fixture, server);
  const { workers, join } = await connectWorkers(
    spec.workers,
    specs,
    server,
    fixture,
    spec.connectConcurrency,
  );
  try {
    if (join.failures.length > spec.clients / 10) {
      throw new Error(
        `${join.failures.length} of ${spec.clients} clients could not connect to ${server.kind}: ` +
          `${join.failures.slice(0, 3).join('; ')}\n${server.output().slice(-2000)}`,
      );
    }
    const connected = await tolerant(server.agent('sample', { collectGarbage: true }));
    // Profiling starts before the load: once the load runs, a saturated server may not get to
    // the command at all. The profile so covers the warm-up too.
    const profiling = spec.profileFile ? await tolerant(server.agent('profile-start')) : null;
    const startAt = monotonicMs() + 300;
    const measureFrom = startAt + spec.warmupMs;
    const measureTo = measureFrom + spec.measureMs;
    const plan: LoadPlan = {
      startAt,
      measureFrom,
      measureTo,
      keystrokeIntervalMs: spec.keystrokeIntervalMs,
      awarenessIntervalMs: spec.awarenessIntervalMs,
    };
    await Promise.all(workers.map((worker) => worker.request({ type: 'start', plan }, 'started')));
    await sleepUntil(measureFrom);
    const loadAverage1m = os.loadavg()[0] ?? 0;
    const procFrom = server.proc();
    // Not awaited: an overloaded server may take a while to get to it, and the window must not
    // move. CPU and memory come from /proc, which needs no answer from the server.
    const resetSent = monotonicMs();
    let resetLagMs = Infinity;
    const reset = tolerant(server.agent('reset')).then((answer) => {
      resetLagMs = monotonicMs() - resetSent;
      return answer;
    });
    const during = spec.during?.({ server, workers, measureFrom, measureTo });
    await sleepUntil(measureTo);
    const procTo = server.proc();
    await Promise.all(workers.map((worker) => worker.request({ type: 'stop' }, 'stopped')));
    await reset;
    const window = await tolerant(server.agent('sample'));
    if (spec.profileFile && profiling !== null) {
      await tolerant(server.profileTo(spec.profileFile));
    }
    const duringResult = await during;
    await new Promise((resolve) => setTimeout(resolve, spec.drainMs));

    const sendReplies = await Promise.all(
      workers.map((worker) => worker.request({ type: 'sends' }, 'sends')),
    );
    const sendTimes = sendReplies.flatMap((reply) => reply.sends);
    const results = await Promise.all(
      workers.map((worker) => worker.request({ type: 'finish', sendTimes }, 'results')),
    );
    return merge(
      spec,
      sendTimes,
      results,
      // A reset the server got to late opened its window late: its loop figures would be of the
      // tail end only, so they are not used, and the lag itself is reported instead.
      {
        before,
        connected,
        window: resetLagMs <= AGENT_LAG_LIMIT_MS ? window : null,
        procFrom,
        procTo,
        resetLagMs,
        loadAverage1m,
      },
      join,
      duringResult,
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

function merge(
  spec: LoadSpec,
  sendTimes: [string, number][],
  results: WorkerResults[],
  samples: {
    before: AgentSample | undefined;
    connected: AgentSample | undefined | null;
    window: AgentSample | undefined | null;
    procFrom: ProcSample;
    procTo: ProcSample;
    resetLagMs: number;
    loadAverage1m: number;
  },
  join: JoinReport,
  during: unknown,
): LoadResult {
  const receivers = spec.clients - 1;
  const perUpdate = new Map<string, { count: number; last: number }>();
  for (const result of results) {
    for (const [key, count, last] of result.perUpdate) {
      const seen = perUpdate.get(key);
      if (seen) {
        seen.count += count;
        seen.last = Math.max(seen.last, last);
      } else perUpdate.set(key, { count, last });
    }
  }
  const toAll: number[] = [];
  let receipts = 0;
  for (const [key, sentAt] of sendTimes) {
    const seen = perUpdate.get(key);
    receipts += seen?.count ?? 0;
    if (seen && seen.count >= receivers) toAll.push(seen.last - sentAt);
  }
  const delivery = new LatencyHistogram();
  const probes = new LatencyHistogram();
  const acks = new LatencyHistogram();
  for (const result of results) {
    delivery.merge(result.deliveries);
    probes.merge(result.probes);
    acks.merge(result.acks);
  }
  const seconds = spec.measureMs / 1000;
  const workers = results.map((result) => ({
    cpuPercent: (result.cpuMs / result.wallMs) * 100,
    eventLoopDelayP99Ms: result.eventLoopDelayP99Ms,
  }));
  const hot = workers.find(
    (worker) =>
      worker.cpuPercent > WORKER_CPU_LIMIT_PERCENT ||
      worker.eventLoopDelayP99Ms > WORKER_DELAY_LIMIT_MS,
  );
  const { window, connected } = samples;
  const rssBefore = samples.before?.rssBytes ?? 0;
  const updates = sendTimes.length;
  // An update that did not reach every other client by the end of the drain never propagated:
  // it counts as infinitely late, so lost updates push the percentiles up instead of vanishing.
  const never = Array.from({ length: updates - toAll.length }, () => Infinity);
  return {
    clients: spec.clients,
    loadAverage1m: samples.loadAverage1m,
    propagation: summarise([...toAll, ...never]),
    delivery: delivery.summary(),
    probeDelivery: probes.summary(),
    ack: acks.summary(),
    updatesMeasured: updates,
    deliveredShare: updates === 0 || receivers === 0 ? 1 : receipts / (updates * receivers),
    fullyDeliveredShare: updates === 0 ? 1 : toAll.length / updates,
    ackedPerSecond: results.reduce((sum, result) => sum + result.ackedInWindow, 0) / seconds,
    server: {
      cpuPercent: ((samples.procTo.cpuMs - samples.procFrom.cpuMs) / spec.measureMs) * 100,
      eventLoopDelayP99Ms: window?.eventLoopDelayP99Ms ?? null,
      eventLoopDelayMaxMs: window?.eventLoopDelayMaxMs ?? null,
      unresponsive: !window,
      agentLagMs: Number.isFinite(samples.resetLagMs) ? samples.resetLagMs : null,
      rssBytes: samples.procTo.rssBytes,
      peakRssBytes: samples.procTo.peakRssBytes,
      rssBeforeClientsBytes: rssBefore,
      rssPerConnectionBytes: connected
        ? (connected.rssBytes - rssBefore) / Math.max(1, spec.clients)
        : null,
      heapPerConnectionBytes: connected
        ? (connected.heapAndExternalBytes - (samples.before?.heapAndExternalBytes ?? 0)) /
          Math.max(1, spec.clients)
        : null,
      framesSentPerSecond: window ? window.sentFrames / (window.wallMs / 1000) : null,
      bytesSentPerSecond: window ? window.sentBytes / (window.wallMs / 1000) : null,
    },
    generator: {
      workers,
      cpuPercentTotal: workers.reduce((sum, worker) => sum + worker.cpuPercent, 0),
      saturated: hot !== undefined,
      reason: hot
        ? `a load worker used ${hot.cpuPercent.toFixed(0)} % of a core, event-loop p99 ${hot.eventLoopDelayP99Ms.toFixed(1)} ms`
        : null,
    },
    join: summarise(join.joinMs),
    connectFailures: join.failures.length,
    droppedSockets: results.reduce((sum, result) => sum + result.dropped, 0),
    during,
  };
}
