import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { projectRoot } from '../../projectRoot.ts';
import { freePort } from '../../test/childServer.ts';
import type { AgentReply, AgentSample } from '../agent.ts';

// The floor relay frames each message once and writes the frames of a turn joined, skipping
// each sender's own; this checks, against the real process with the measuring agent loaded as
// the bench loads it, that it is still a relay: every frame reaches every other socket intact
// and in one order, never its sender, and the agent counts each frame a peer got.

let relay: ChildProcess;
let wsUrl = '';
let nextCommand = 1;
const replies = new Map<number, (reply: AgentReply) => void>();

function ask(command: 'reset' | 'sample'): Promise<AgentReply> {
  return new Promise((resolve) => {
    const id = nextCommand++;
    replies.set(id, resolve);
    relay.send({ id, command });
  });
}

beforeAll(async () => {
  const port = await freePort();
  relay = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      path.join(projectRoot(), 'server', 'bench', 'agent.ts'),
      'server/bench/servers/wsRelay.ts',
    ],
    {
      cwd: projectRoot(),
      env: { PATH: process.env['PATH'] ?? '', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    },
  );
  relay.on('message', (reply: AgentReply) => replies.get(reply.agentReply)?.(reply));
  await new Promise<void>((resolve, reject) => {
    relay.once('exit', (code) => reject(new Error(`relay exited with ${String(code)}`)));
    relay.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('relay listening')) resolve();
    });
  });
  wsUrl = `ws://127.0.0.1:${port}/`;
});

afterAll(() => {
  relay.kill('SIGTERM');
});

/** A client that keeps every frame it receives. */
async function client(): Promise<{ socket: WebSocket; received: Buffer[] }> {
  const socket = new WebSocket(wsUrl);
  const received: Buffer[] = [];
  socket.on('message', (data: RawData) => {
    received.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received };
}

/** A payload that names its sender and sequence, padded to `size` bytes. */
function payload(sender: number, sequence: number, size: number): Buffer {
  const bytes = Buffer.alloc(size, sender * 16 + sequence);
  bytes.writeUInt8(sender, 0);
  bytes.writeUInt8(sequence, 1);
  return bytes;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the floor relay', () => {
  it('delivers every frame to every other socket, in one order, never back to its sender', async () => {
    const clients = await Promise.all([client(), client(), client(), client()]);
    await ask('reset');
    // Sizes with each header length (RFC 6455: 7-bit, 16-bit and 64-bit lengths), sent by
    // every client in the same tick so that several senders share the relay's turns.
    const sizes = [3, 200, 70_000, 5];
    const sent = clients.map((_client, sender) =>
      sizes.map((size, sequence) => payload(sender, sequence, size)),
    );
    clients.forEach(({ socket }, sender) => {
      for (const bytes of sent[sender] ?? []) socket.send(bytes, { binary: true });
    });
    const perClient = sizes.length * (clients.length - 1);
    await until(
      () => clients.every(({ received }) => received.length >= perClient),
      'every frame to arrive',
    );
    // Nothing more arrives (an echo or a duplicate would come in the same turn as the rest).
    await new Promise((resolve) => setTimeout(resolve, 100));

    const key = (bytes: Buffer) => `${bytes[0]}:${bytes[1]}`;
    clients.forEach(({ received }, receiver) => {
      expect(received.length).toBe(perClient);
      const others = sent.filter((_frames, sender) => sender !== receiver).flat();
      // Intact: the same bytes, each exactly once.
      expect(received.map(key).sort()).toEqual(others.map(key).sort());
      for (const bytes of received) {
        const original = sent[bytes[0] ?? -1]?.[bytes[1] ?? -1];
        expect(original && bytes.equals(original)).toBe(true);
      }
      // Each sender's frames in the order it sent them.
      for (let sender = 0; sender < clients.length; sender += 1) {
        const sequences = received.filter((bytes) => bytes[0] === sender).map((b) => b[1]);
        if (sender !== receiver) expect(sequences).toEqual(sizes.map((_size, i) => i));
        else expect(sequences).toEqual([]);
      }
    });
    // One order for all: any two frames two receivers both got arrive in the same order.
    const order = (receiver: number) => clients[receiver]?.received.map(key) ?? [];
    for (let a = 0; a < clients.length; a += 1) {
      for (let b = a + 1; b < clients.length; b += 1) {
        const inB = new Set(order(b));
        const inA = new Set(order(a));
        expect(order(a).filter((k) => inB.has(k))).toEqual(order(b).filter((k) => inA.has(k)));
      }
    }

    const sample: AgentSample | undefined = (await ask('sample')).sample;
    const totalBytes = sent.flat().reduce((sum, bytes) => sum + bytes.length, 0);
    expect(sample?.sentFrames).toBe(perClient * clients.length);
    expect(sample?.sentBytes).toBe(totalBytes * (clients.length - 1));

    // A socket that sends and closes at once: the others still get its frame, and the relay
    // goes on relaying to those left.
    const [first, second, third, leaving] = clients;
    if (!first || !second || !third || !leaving) throw new Error('four clients expected');
    const before = first.received.length;
    leaving.socket.send(payload(3, 9, 10));
    leaving.socket.close();
    await until(() => first.received.length === before + 1, 'the closing socket’s frame');
    second.socket.send(payload(1, 10, 10));
    await until(() => first.received.length === before + 2, 'a frame after the close');
    await until(() => third.received.length === before + 2, 'both frames at the third');
    expect(first.received.slice(-2).map(key)).toEqual(['3:9', '1:10']);
    for (const { socket } of [first, second, third]) socket.close();
  });
});
