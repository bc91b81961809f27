/**
 * One load-generator process. The bench forks several (`child_process.fork`), each holding a
 * share of the clients, so that no single event loop's delay is mistaken for the server's. The
 * process is told what to do over IPC (see {@link WorkerCommand}) and reports its own CPU and
 * event-loop delay, so that runs where the generator itself saturated can be thrown away.
 *
 * Clients speak the Hocuspocus wire protocol over `ws` themselves (see protocol.ts):
 * - watchers hold no Y.Doc: they read which keystrokes each update frame carries (the author and
 *   clocks of its structs, not their content) and move their caret;
 * - typists hold a Y.Doc with the text as it was when they synced, add a paragraph of their own
 *   and type into it; they do not apply others' edits, which their own never depend on;
 * - probes hold a full Y.Doc and apply every update, as a browser tab does, and time each update
 *   after it is applied.
 * The same client code runs against all three servers; against the relay there is no handshake.
 */
import fs from 'node:fs';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { BLOCK_ID_ATTRIBUTE, YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import {
  authFrame,
  awarenessFrame,
  peekFrame,
  stateVectorOf,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
  updateKey,
  updateOf,
  updateSpans,
} from './protocol.ts';
import { LatencyHistogram, monotonicMs, type HistogramData } from './stats.ts';

/** How a client authenticates: a fixed token, or a fresh one from the API at every connect. */
export type ClientAuth = { token: string } | { tokenUrl: string; cookie: string };

/** One client this worker runs. */
export interface ClientSpec {
  index: number;
  role: 'typist' | 'watcher' | 'probe';
  /** The name the server expects in this client's presence (Remiss checks it). */
  presenceName: string;
  auth: ClientAuth;
  /** The node this client connects to, where several serve one document; else the worker's. */
  wsUrl?: string;
  /**
   * Tell the parent the moment the server accepts this client's token (an `authenticated`
   * reply): W2 starts the thread list then, as the app does (client/src/comments/useThreads.ts).
   */
  reportAuthenticated?: boolean;
  /**
   * The thread list to ask for (GET, with the client's cookie, compressed as a browser takes
   * it, and not decoded: a browser's own work) the first time the server lets this client in,
   * as the app does: W2's joiners. How long it took is in the join report's `listMs`.
   */
  threadsUrl?: string;
}

/** When and how hard the clients work, in CLOCK_MONOTONIC ms (see `monotonicMs`). */
export interface LoadPlan {
  startAt: number;
  /** Updates sent in [measureFrom, measureTo) are measured; earlier ones are warm-up. */
  measureFrom: number;
  measureTo: number;
  /** Between two keystrokes of one typist; 0 types only when the previous one was acked. */
  keystrokeIntervalMs: number;
  /** Between two caret moves of one watcher or probe; 0 never moves. */
  awarenessIntervalMs: number;
}

/** Commands from the bench. */
export type WorkerCommand =
  | {
      type: 'init';
      wsUrl: string;
      documentName: string;
      mode: 'relay' | 'hocuspocus';
      /** The document's initial Yjs state; used against the relay, which has none to send. */
      initialStateFile: string | null;
      clients: ClientSpec[];
      connectConcurrency: number;
      /**
       * CLOCK_MONOTONIC ms (see `monotonicMs`) at which to start connecting, and from which join
       * times count: W2 starts a cold open's socket at the same instant as its thread list, with
       * the worker's own start-up (forking, loading the code) behind it rather than inside the
       * race. Unset: connect at once, and count each join from the start of its own connect.
       */
      connectAt?: number;
    }
  | { type: 'start'; plan: LoadPlan }
  | { type: 'stop' }
  | { type: 'sends' }
  | { type: 'finish'; sendTimes: [string, number][] }
  | { type: 'drop-reconnect'; at: number }
  | { type: 'close' };

/** Join times and failures of a (re)connect. */
export interface JoinReport {
  /** Per client, ms from the start of its connect (or the drop) until it was synced. */
  joinMs: number[];
  /** Per client with a `threadsUrl`, ms from the start of its connect until the list arrived. */
  listMs: number[];
  failures: string[];
}

/** What a worker measured in the window. */
export interface WorkerResults {
  /** Per update seen: key, how many of this worker's clients received it, the last receipt. */
  perUpdate: [string, number, number][];
  /** Every receipt's latency (any client). */
  deliveries: HistogramData;
  /** Receipts by full Y.Doc probes, timed after the update was applied. */
  probes: HistogramData;
  /** Typists' acknowledgement latency (SyncStatus), where the server sends one. */
  acks: HistogramData;
  /** Acks received for updates sent in the window. */
  ackedInWindow: number;
  /** Updates sent by this worker's typists in the window. */
  sentInWindow: number;
  framesIn: number;
  bytesIn: number;
  cpuMs: number;
  wallMs: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Sockets closed by the server or failed while the load ran. */
  dropped: number;
}

/** Messages to the bench. */
export type WorkerReply =
  | ({ type: 'connected' } & JoinReport)
  | { type: 'started' }
  | { type: 'stopped' }
  | { type: 'sends'; sends: [string, number][] }
  | ({ type: 'results' } & WorkerResults)
  | ({ type: 'reconnected' } & JoinReport)
  /** Sent unasked, for a client with `reportAuthenticated`, each time the server accepts it. */
  | { type: 'authenticated'; index: number }
  | { type: 'error'; message: string };

const REMOTE = Symbol('remote');
const TYPED = 'Myndigheten bör förtydliga ansvaret för öppna data i kommunerna. ';
const CONNECT_TIMEOUT_MS = 60_000;

/** One author's clocks [from, to) in a frame one client got; each clock may be a keystroke. */
interface Receipt {
  client: number;
  from: number;
  to: number;
  at: number;
  probe: boolean;
}

const receipts: Receipt[] = [];
const sends = new Map<string, number>();
const acks = new LatencyHistogram();
let ackedInWindow = 0;
let framesIn = 0;
let bytesIn = 0;
let dropped = 0;
let plan: LoadPlan | null = null;
let running = false;

/** One simulated participant. */
class BenchClient {
  socket: WebSocket | null = null;
  readonly doc: Y.Doc | null;
  private text: Y.XmlText | null = null;
  private typed = 0;
  private readonly awarenessId: number;
  private awarenessClock = 0;
  /** Send times of updates not yet acked, in order (acks come back in order). */
  private readonly unacked: number[] = [];
  private stateVector: Uint8Array = Uint8Array.of(0);
  private timers: NodeJS.Timeout[] = [];
  private onSynced: (() => void) | null = null;
  private onFailed: ((reason: string) => void) | null = null;
  private closing = false;
  /**
   * The thread list asked for when the server let this client in (`threadsUrl`), if it was:
   * resolves with the moment (`monotonicMs`) its last byte arrived.
   */
  listed: Promise<number> | null = null;

  constructor(
    readonly spec: ClientSpec,
    private readonly setup: Extract<WorkerCommand, { type: 'init' }>,
    initialState: Uint8Array | null,
  ) {
    this.doc = spec.role === 'watcher' ? null : new Y.Doc({ gc: true });
    if (this.doc && initialState) Y.applyUpdate(this.doc, initialState, REMOTE);
    this.awarenessId = this.doc?.clientID ?? Math.floor(Math.random() * 2 ** 31);
    this.doc?.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      this.send(updateFrame(this.setup.documentName, update));
    });
  }

  private send(frame: Uint8Array): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  /** Opens the socket and resolves once synced (at once against the relay). */
  async connect(): Promise<void> {
    const token = await this.token();
    const socket = new WebSocket(this.spec.wsUrl ?? this.setup.wsUrl, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    this.socket = socket;
    this.closing = false;
    const synced = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not synced in time')), CONNECT_TIMEOUT_MS);
      this.onSynced = () => {
        clearTimeout(timer);
        resolve();
      };
      this.onFailed = (reason) => {
        clearTimeout(timer);
        reject(new Error(reason));
      };
    });
    socket.on('open', () => {
      if (this.setup.mode === 'relay') {
        this.onSynced?.();
        return;
      }
      const vector = this.doc ? Y.encodeStateVector(this.doc) : this.stateVector;
      socket.send(authFrame(this.setup.documentName, token));
      socket.send(syncStep1Frame(this.setup.documentName, vector));
    });
    socket.on('message', (data: Buffer) => this.receive(data));
    // A dropped socket's events can arrive after its replacement opened; they are not news.
    socket.on('error', (error) => {
      if (this.socket === socket) this.onFailed?.(`socket error: ${error.message}`);
    });
    socket.on('close', (code) => {
      if (this.socket === socket && !this.closing) {
        if (running) dropped += 1;
        this.onFailed?.(`closed with ${code}`);
      }
    });
    await synced;
  }

  /** Reads the thread list at `url` to its end, as it comes over the wire; resolves when done. */
  private fetchList(url: string): Promise<number> {
    const { auth } = this.spec;
    const cookie = 'cookie' in auth ? auth.cookie : '';
    return new Promise((resolve, reject) => {
      const request = http.get(
        url,
        { headers: { Cookie: cookie, 'Accept-Encoding': 'br, gzip' }, timeout: CONNECT_TIMEOUT_MS },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () => {
            if (response.statusCode === 200) resolve(monotonicMs());
            else reject(new Error(`threads answered ${String(response.statusCode)}`));
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error('no thread list in time')));
      request.on('error', reject);
    });
  }

  private async token(): Promise<string> {
    const { auth } = this.spec;
    if ('token' in auth) return auth.token;
    const response = await fetch(auth.tokenUrl, {
      method: 'POST',
      headers: { Cookie: auth.cookie },
      signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS),
    });
    const body = (await response.json()) as { token?: string };
    if (!response.ok || typeof body.token !== 'string') {
      throw new Error(`collab-token answered ${response.status}`);
    }
    return body.token;
  }

  private receive(data: Buffer): void {
    const at = monotonicMs();
    framesIn += 1;
    bytesIn += data.length;
    const peeked = peekFrame(data);
    switch (peeked.kind) {
      case 'synced': {
        const carried = updateOf(data);
        if (carried) {
          if (this.doc) Y.applyUpdate(this.doc, carried.update, REMOTE);
          else this.stateVector = Y.encodeStateVectorFromUpdate(carried.update);
        }
        this.onSynced?.();
        this.onSynced = null;
        return;
      }
      case 'sync-request': {
        // The server asks what it lacks, as it does after every connect; a provider answers with
        // SyncStep2. It matters after a reconnect to a server that lost the document (bare
        // Hocuspocus unloads it, from memory, when the last client leaves).
        const vector = stateVectorOf(data);
        if (this.doc && vector) {
          const missing = Y.encodeStateAsUpdate(this.doc, vector);
          // The server acks a SyncStep2 too; a placeholder keeps the acks paired with keystrokes.
          this.unacked.push(-Infinity);
          this.send(syncStep2Frame(this.setup.documentName, missing));
        }
        return;
      }
      case 'update': {
        const carried = updateOf(data);
        if (!carried) return;
        const own = this.doc?.clientID;
        // Our own keystrokes come back too; a receipt is another client's.
        const spans = updateSpans(carried.update).filter((span) => span.client !== own);
        if (spans.length === 0) return;
        const probe = this.spec.role === 'probe' && this.doc !== null;
        if (probe && this.doc) Y.applyUpdate(this.doc, carried.update, REMOTE);
        const receivedAt = probe ? monotonicMs() : at;
        for (const span of spans) receipts.push({ ...span, at: receivedAt, probe });
        return;
      }
      case 'ack': {
        const sentAt = this.unacked.shift();
        if (sentAt !== undefined && plan && sentAt >= plan.measureFrom && sentAt < plan.measureTo) {
          acks.record(at - sentAt);
          ackedInWindow += 1;
        }
        if (plan?.keystrokeIntervalMs === 0 && running && this.spec.role === 'typist') {
          this.keystroke();
        }
        return;
      }
      case 'denied':
        this.onFailed?.('authentication refused');
        return;
      case 'authenticated':
        if (this.spec.reportAuthenticated) reply({ type: 'authenticated', index: this.spec.index });
        if (this.spec.threadsUrl && !this.listed) {
          this.listed = this.fetchList(this.spec.threadsUrl);
          // Its failure is reported by connectAll, which may look only after the sync.
          this.listed.catch(() => undefined);
        }
        return;
      case 'other':
        return;
    }
  }

  /** Starts typing or caret moves, with a random phase so clients do not act in lockstep. */
  start(load: LoadPlan): void {
    const delay = Math.max(0, load.startAt - monotonicMs());
    if (this.spec.role === 'typist') {
      this.timers.push(
        setTimeout(() => {
          this.addParagraph();
          if (load.keystrokeIntervalMs === 0) {
            this.keystroke();
            return;
          }
          this.every(load.keystrokeIntervalMs, () => this.keystroke());
        }, delay),
      );
    } else if (load.awarenessIntervalMs > 0) {
      this.timers.push(
        setTimeout(() => this.every(load.awarenessIntervalMs, () => this.moveCaret()), delay),
      );
    }
  }

  /** Runs `act` every `interval` ms from a random phase, correcting for timer drift. */
  private every(interval: number, act: () => void): void {
    const first = monotonicMs() + Math.random() * interval;
    let next = first;
    const tick = () => {
      if (!running) return;
      act();
      next += interval;
      this.timers.push(setTimeout(tick, Math.max(0, next - monotonicMs())));
    };
    this.timers.push(setTimeout(tick, first - monotonicMs()));
  }

  private addParagraph(): void {
    if (!this.doc) return;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.setAttribute(BLOCK_ID_ATTRIBUTE, `bench-${this.spec.index}-${Date.now()}`);
    this.text = new Y.XmlText();
    paragraph.insert(0, [this.text]);
    this.unacked.push(monotonicMs());
    const fragment = this.doc.getXmlFragment(YJS_FRAGMENT);
    fragment.insert(fragment.length, [paragraph]);
  }

  private keystroke(): void {
    if (!this.doc || !this.text || this.socket?.readyState !== WebSocket.OPEN) return;
    const clock = Y.getState(this.doc.store, this.doc.clientID);
    const at = monotonicMs();
    if (at >= (plan?.measureFrom ?? Infinity) && at < (plan?.measureTo ?? -Infinity)) {
      sends.set(updateKey(this.doc.clientID, clock), at);
    }
    this.unacked.push(at);
    this.text.insert(this.text.length, TYPED.charAt(this.typed % TYPED.length));
    this.typed += 1;
  }

  private moveCaret(): void {
    this.awarenessClock += 1;
    const position = Math.floor(Math.random() * 10_000);
    const relative = (offset: number) => ({
      type: { client: this.awarenessId, clock: 0 },
      tname: null,
      item: { client: this.awarenessId, clock: position + offset },
      assoc: 0,
    });
    this.send(
      awarenessFrame(this.setup.documentName, this.awarenessId, this.awarenessClock, {
        user: { name: this.spec.presenceName, color: '#1f6feb' },
        cursor: { anchor: relative(0), head: relative(0) },
      }),
    );
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  /** Cuts the socket without a close handshake, as a dropped network does. */
  drop(): void {
    this.closing = true;
    this.unacked.length = 0;
    this.awarenessClock += 10;
    this.socket?.terminate();
  }

  close(): void {
    this.stop();
    this.closing = true;
    this.socket?.close();
  }
}

let clients: BenchClient[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
let cpuStart = process.cpuUsage();
let wallStart = performance.now();

/** Runs `tasks` with at most `limit` at a time; returns each one's ms, and the failures. */
async function connectAll(
  targets: BenchClient[],
  limit: number,
  since?: number,
): Promise<JoinReport> {
  const joinMs: number[] = [];
  const listMs: number[] = [];
  const failures: string[] = [];
  // Thread lists still on their way when a client synced; a lane goes on to its next client.
  const lists: Promise<void>[] = [];
  let next = 0;
  const lane = async () => {
    while (next < targets.length) {
      const client = targets[next++];
      if (!client) return;
      const started = since ?? monotonicMs();
      try {
        await client.connect();
        joinMs.push(monotonicMs() - started);
      } catch (error) {
        failures.push(`client ${client.spec.index}: ${(error as Error).message}`);
      }
      const { listed } = client;
      if (listed) {
        lists.push(
          listed.then(
            (arrivedAt) => void listMs.push(arrivedAt - started),
            (error: unknown) =>
              void failures.push(`client ${client.spec.index}: ${(error as Error).message}`),
          ),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
  await Promise.all(lists);
  return { joinMs, listMs, failures };
}

/** The generator's own load over the window, taken when the window closes (not after the drain). */
let windowLoad: { cpuMs: number; wallMs: number; delayP99Ms: number; delayMaxMs: number } | null =
  null;

function closeWindow(): void {
  const cpu = process.cpuUsage(cpuStart);
  windowLoad = {
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wallStart,
    delayP99Ms: loopDelay.percentile(99) / 1e6,
    delayMaxMs: loopDelay.max / 1e6,
  };
}

function results(sendTimes: Map<string, number>): WorkerResults {
  const perUpdate = new Map<string, [number, number]>();
  const deliveries = new LatencyHistogram();
  const probes = new LatencyHistogram();
  const credit = (key: string, receipt: Receipt) => {
    const sentAt = sendTimes.get(key);
    if (sentAt === undefined) return;
    const latency = receipt.at - sentAt;
    deliveries.record(latency);
    if (receipt.probe) probes.record(latency);
    const seen = perUpdate.get(key);
    if (seen) {
      seen[0] += 1;
      seen[1] = Math.max(seen[1], receipt.at);
    } else perUpdate.set(key, [1, receipt.at]);
  };
  for (const receipt of receipts) {
    // A keystroke is one character, one clock: every clock a frame carries may be one.
    for (let clock = receipt.from; clock < receipt.to; clock += 1) {
      credit(updateKey(receipt.client, clock), receipt);
    }
  }
  if (!windowLoad) closeWindow();
  const load = windowLoad ?? { cpuMs: 0, wallMs: 1, delayP99Ms: 0, delayMaxMs: 0 };
  return {
    perUpdate: [...perUpdate].map(([key, [count, last]]) => [key, count, last]),
    deliveries: deliveries.toData(),
    probes: probes.toData(),
    acks: acks.toData(),
    ackedInWindow,
    sentInWindow: sends.size,
    framesIn,
    bytesIn,
    cpuMs: load.cpuMs,
    wallMs: load.wallMs,
    eventLoopDelayP99Ms: load.delayP99Ms,
    eventLoopDelayMaxMs: load.delayMaxMs,
    dropped,
  };
}

/** Resets the counters at the start of the measured window. */
function openWindow(): void {
  loopDelay.reset();
  cpuStart = process.cpuUsage();
  wallStart = performance.now();
  framesIn = 0;
  bytesIn = 0;
  windowLoad = null;
}

const reply = (message: WorkerReply) => process.send?.(message);

async function handle(command: WorkerCommand): Promise<void> {
  switch (command.type) {
    case 'init': {
      const initial =
        command.initialStateFile && command.mode === 'relay'
          ? new Uint8Array(fs.readFileSync(command.initialStateFile))
          : null;
      clients = command.clients.map((spec) => new BenchClient(spec, command, initial));
      const { connectAt } = command;
      if (connectAt !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, connectAt - monotonicMs())));
      }
      reply({
        type: 'connected',
        ...(await connectAll(clients, command.connectConcurrency, connectAt)),
      });
      return;
    }
    case 'start': {
      plan = command.plan;
      running = true;
      for (const client of clients) client.start(command.plan);
      // The window opens when measuring starts, not at once: warm-up is not counted.
      setTimeout(openWindow, Math.max(0, command.plan.measureFrom - monotonicMs()));
      reply({ type: 'started' });
      return;
    }
    case 'stop':
      running = false;
      for (const client of clients) client.stop();
      // The window ends here; the drain that follows is idle and would water the figures down.
      closeWindow();
      reply({ type: 'stopped' });
      return;
    case 'sends':
      reply({ type: 'sends', sends: [...sends] });
      return;
    case 'finish':
      reply({ type: 'results', ...results(new Map(command.sendTimes)) });
      return;
    case 'drop-reconnect': {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, command.at - monotonicMs())));
      for (const client of clients) client.drop();
      const report = await connectAll(clients, clients.length, command.at);
      reply({ type: 'reconnected', ...report });
      return;
    }
    case 'close':
      running = false;
      for (const client of clients) client.close();
      setTimeout(() => process.exit(0), 200).unref();
      return;
  }
}

process.on('message', (command: WorkerCommand) => {
  handle(command).catch((error: unknown) =>
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
