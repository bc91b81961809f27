import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { rawFrame } from '../test/rawFrames.ts';
import { MessageType } from './collabMessage.ts';
import { TurnCorker } from './TurnCorker.ts';

/** One server-side socket held by the corker, and what its client saw, in order. */
interface Pair {
  socket: WebSocket;
  connection: Duplex;
  /** Messages as text, pings as "ping:<payload>", in the order the client got them. */
  seen: string[];
  closed: Promise<{ code: number; reason: string }>;
}

// A plain ws server wired as attachCollabSocket wires the collaboration socket: the upgrade's
// Duplex goes to the corker with the socket ws builds on it.
const corker = new TurnCorker();
const httpServer = http.createServer();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const accepted: ((pair: { socket: WebSocket; connection: Duplex }) => void)[] = [];
httpServer.on('upgrade', (request, connection: Duplex, head: Buffer) => {
  wss.handleUpgrade(request, connection, head, (socket) => {
    corker.holdSends(socket, connection);
    accepted.shift()?.({ socket, connection });
  });
});
const clients: WebSocket[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const client of clients) client.terminate();
  await new Promise((resolve) => httpServer.close(resolve));
});

async function open(): Promise<Pair> {
  const { port } = httpServer.address() as AddressInfo;
  const server = new Promise<{ socket: WebSocket; connection: Duplex }>((resolve) =>
    accepted.push(resolve),
  );
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  clients.push(client);
  client.on('error', () => undefined);
  const seen: string[] = [];
  client.on('message', (data: Buffer) => seen.push(data.toString()));
  client.on('ping', (data: Buffer) => seen.push(`ping:${data.toString()}`));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => client.once('open', resolve));
  return { ...(await server), seen, closed };
}

/** Resolves after the current turn's check phase, where the corker flushes. */
const afterTurn = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

describe('TurnCorker', () => {
  it('holds every frame of a turn, from several callbacks, and delivers them in order', async () => {
    const { socket, connection, seen } = await open();
    const sent: string[] = [];
    const send = (text: string) => {
      sent.push(text);
      socket.send(text);
    };
    const held = await new Promise<{ corked: number; buffered: number }>((resolve) => {
      // Several sources in one turn, as a fan-out, a presence batch and an ack would be: a
      // plain call, a promise continuation, a nextTick, and a ping written past `send`.
      send('keystroke 1');
      send('keystroke 2');
      socket.ping('between');
      sent.push('ping:between');
      void Promise.resolve().then(() => {
        send('presence');
        process.nextTick(() => {
          send('ack');
          resolve({ corked: connection.writableCorked, buffered: socket.bufferedAmount });
        });
      });
    });
    // Everything waited for the end of the turn in the corked stream, and bufferedAmount
    // counts what is held.
    expect(held.corked).toBe(1);
    expect(held.buffered).toBeGreaterThan(sent.join('').length);
    await expect.poll(() => seen.length).toBe(sent.length);
    expect(seen).toEqual(sent);
    expect(connection.writableCorked).toBe(0);
    expect(corker.heldCount).toBe(0);
  });

  it('holds a socket anew in each turn', async () => {
    const { socket, connection, seen } = await open();
    for (const turn of [1, 2, 3]) {
      socket.send(`turn ${turn}`);
      expect(connection.writableCorked).toBe(1);
      await afterTurn();
      expect(connection.writableCorked).toBe(0);
    }
    await expect.poll(() => seen).toEqual(['turn 1', 'turn 2', 'turn 3']);
  });

  it('runs turn-end tasks before the uncork, so what they send leaves with the turn', async () => {
    const { socket, connection, seen } = await open();
    const corkedInTask: number[] = [];
    socket.send('before the task');
    corker.atTurnEnd(() => {
      // Still held: the task's frame joins the ones sent earlier in the turn.
      corkedInTask.push(connection.writableCorked);
      socket.send('from the task');
      // A task added by a task waits for the next turn's end, and still runs.
      corker.atTurnEnd(() => socket.send('next turn'));
    });
    socket.send('after the task was added');
    await afterTurn();
    expect(corkedInTask).toEqual([1]);
    expect(connection.writableCorked).toBe(0);
    await expect
      .poll(() => seen)
      .toEqual(['before the task', 'after the task was added', 'from the task', 'next turn']);
  });

  it('runs a turn-end task when no socket is held', async () => {
    const ran = await new Promise<boolean>((resolve) => corker.atTurnEnd(() => resolve(true)));
    expect(ran).toBe(true);
    expect(corker.heldCount).toBe(0);
  });

  it('sends what a closing socket held, then its close frame', async () => {
    const { socket, seen, closed } = await open();
    socket.send('last words 1');
    socket.send('last words 2');
    socket.close(4001, 'bye');
    expect(await closed).toEqual({ code: 4001, reason: 'bye' });
    expect(seen).toEqual(['last words 1', 'last words 2']);
  });

  it('does not throw when a held connection is destroyed, and flushes the others', async () => {
    const doomed = await open();
    const other = await open();
    doomed.socket.send('never sent');
    other.socket.send('still sent');
    expect(corker.heldCount).toBe(2);
    doomed.connection.destroy();
    // A send after the connection is gone reports an error to its callback, as without the corker.
    const late = new Promise<Error | undefined>((resolve) =>
      doomed.socket.send('after destroy', (error) => resolve(error)),
    );
    expect(await late).toBeInstanceOf(Error);
    await afterTurn();
    expect(corker.heldCount).toBe(0);
    await expect.poll(() => other.seen).toEqual(['still sent']);
    expect((await doomed.closed).code).toBe(1006);
    expect(doomed.seen).toEqual([]);
  });

  it('sends an ack at once, and behind what the socket holds if it holds anything', async () => {
    const { socket, connection } = await open();
    const received: number[] = [];
    const client = clients.at(-1);
    if (!client) throw new Error('no client');
    client.removeAllListeners('message');
    // The message type, after the document name: what a provider reads first.
    client.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(data);
      decoding.readVarString(decoder);
      received.push(decoding.readVarUint(decoder));
    });
    const ack = rawFrame('doc', MessageType.SyncStatus, (e) => encoding.writeVarUint(e, 1));
    const update = rawFrame('doc', MessageType.Sync, (e) => encoding.writeVarUint(e, 2));
    socket.send(ack);
    expect(connection.writableCorked).toBe(0);
    await afterTurn();
    socket.send(update);
    socket.send(ack);
    expect(connection.writableCorked).toBe(1);
    await expect
      .poll(() => received)
      .toEqual([MessageType.SyncStatus, MessageType.Sync, MessageType.SyncStatus]);
  });
});
