/**
 * Loaded into every server the bench starts (`node --import tsx --import server/bench/agent.ts
 * …`), the same way into the plain relay, bare Hocuspocus and Remiss, so all three are measured
 * alike and Remiss' own code is not touched. Over the IPC channel the bench asks it to:
 * - `reset`: start a measurement window (event-loop delay, CPU, sent frames and bytes, peak RSS);
 * - `sample`: report the window so far;
 * - `profile-start` / `profile-stop`: take a V8 CPU profile of the window, written to a file.
 *
 * Frames and bytes sent are counted by wrapping `send` of the `ws` package's WebSocket, which
 * bare Hocuspocus and Remiss send through; the wrapper adds one increment per frame. The relay
 * writes frames it framed once to many sockets itself, and counts them through the hook left on
 * `globalThis` (countSentHook.ts).
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { COUNT_SENT_HOOK, type CountSent } from './countSentHook.ts';

/** What a `sample` answers. */
export interface AgentSample {
  /** Wall time of the window, ms. */
  wallMs: number;
  /** CPU time used in the window (user + system), ms. */
  cpuMs: number;
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  rssBytes: number;
  /** Highest RSS seen in the window, sampled every 50 ms. */
  peakRssBytes: number;
  heapUsedBytes: number;
  /** V8 heap plus memory held outside it by JavaScript objects (Buffers, Yjs updates). */
  heapAndExternalBytes: number;
  /** WebSocket frames (and their payload bytes) the process sent in the window. */
  sentFrames: number;
  sentBytes: number;
}

/** A command from the bench. */
export type AgentCommand =
  | { id: number; command: 'reset' }
  | { id: number; command: 'sample'; collectGarbage?: boolean }
  | { id: number; command: 'profile-start' }
  | { id: number; command: 'profile-stop'; file: string };

/** The agent's answer to a command. */
export interface AgentReply {
  agentReply: number;
  sample?: AgentSample;
  error?: string;
}

// Sample every 2 ms: coarse enough to cost nothing measurable, fine enough for a p99 in ms.
const loopDelay = monitorEventLoopDelay({ resolution: 2 });
loopDelay.enable();
let windowStart = performance.now();
let cpuStart = process.cpuUsage();
let sentFrames = 0;
let sentBytes = 0;
let peakRss = process.memoryUsage.rss();
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50).unref();

const require = createRequire(import.meta.url);
const ws = require('ws') as { WebSocket: { prototype: WebSocket } };
const prototype = ws.WebSocket.prototype;
type Send = (this: WebSocket, ...args: Parameters<WebSocket['send']>) => void;
// Read through Reflect: the method is called with the right `this` below, by apply.
const originalSend = Reflect.get(prototype, 'send') as Send;
prototype.send = function send(this: WebSocket, ...args: Parameters<WebSocket['send']>) {
  sentFrames += 1;
  const [data] = args;
  if (typeof data === 'string') sentBytes += Buffer.byteLength(data);
  else if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) sentBytes += data.byteLength;
  return originalSend.apply(this, args);
} as WebSocket['send'];
const countSent: CountSent = (frames, bytes) => {
  sentFrames += frames;
  sentBytes += bytes;
};
Reflect.set(globalThis, COUNT_SENT_HOOK, countSent);

let session: inspector.Session | null = null;
const post = (method: string, params: object = {}) =>
  new Promise<unknown>((resolve, reject) => {
    if (!session) {
      reject(new Error('no inspector session'));
      return;
    }
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result)));
  });

async function handle(command: AgentCommand): Promise<AgentReply> {
  switch (command.command) {
    case 'reset':
      loopDelay.reset();
      windowStart = performance.now();
      cpuStart = process.cpuUsage();
      sentFrames = 0;
      sentBytes = 0;
      peakRss = process.memoryUsage.rss();
      return { agentReply: command.id };
    case 'sample': {
      // Before a memory reading the bench may ask for a full collection (the servers run with
      // --expose-gc), so that RSS reflects what is held, not garbage not yet collected.
      if (command.collectGarbage) {
        const collect = (globalThis as { gc?: () => void }).gc;
        collect?.();
      }
      const cpu = process.cpuUsage(cpuStart);
      const rss = process.memoryUsage.rss();
      peakRss = Math.max(peakRss, rss);
      const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
      return {
        agentReply: command.id,
        sample: {
          wallMs: performance.now() - windowStart,
          cpuMs: (cpu.user + cpu.system) / 1000,
          eventLoopDelayP50Ms: ms(loopDelay.percentile(50)),
          eventLoopDelayP99Ms: ms(loopDelay.percentile(99)),
          eventLoopDelayMaxMs: ms(loopDelay.max),
          rssBytes: rss,
          peakRssBytes: peakRss,
          heapUsedBytes: process.memoryUsage().heapUsed,
          heapAndExternalBytes: process.memoryUsage().heapUsed + process.memoryUsage().external,
          sentFrames,
          sentBytes,
        },
      };
    }
    case 'profile-start':
      session = new inspector.Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      return { agentReply: command.id };
    case 'profile-stop': {
      const result = (await post('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(command.file, JSON.stringify(result.profile));
      session?.disconnect();
      session = null;
      return { agentReply: command.id };
    }
  }
}

process.on('message', (message: AgentCommand) => {
  if (typeof message !== 'object' || message === null || !('command' in message)) return;
  handle(message).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({
        agentReply: message.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
// The IPC channel must not keep a server alive that wants to exit.
process.channel?.unref();
