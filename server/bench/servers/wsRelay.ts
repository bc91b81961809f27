/**
 * The network floor: a `ws` server that forwards every frame it receives to every other socket,
 * unread and in the order it received them. No document, no authentication, no
 * acknowledgement. Whatever Remiss costs on top of this is the price of being a collaboration
 * server at all.
 *
 * It is the cheapest correct relay we know how to write with `ws` on Node 20, so that it is a
 * floor and not a straw man (the first version, one `ws.send` and one `writev` per frame per
 * peer, is kept as `wsRelayNaive.ts` for comparison):
 * - every frame is framed once, not once per peer: `ws` parses and unmasks what arrives, and the
 *   relay builds the server's (unmasked) frame header itself;
 * - the frames that arrive in one event-loop turn are sent at the end of that turn (the check
 *   phase, as Remiss' `TurnCorker` does), all of them joined into one buffer once, which every
 *   peer that sent nothing in the turn gets as it is: one write, one system call per peer per
 *   turn, and no copy per peer. A peer that did send gets the parts of that buffer around its own
 *   frames (views, not copies) in one corked write.
 *
 * Frames and bytes are counted for the measuring agent (agent.ts) through the hook it leaves
 * on `globalThis`, one frame per peer reached, as its wrapper of `ws.send` counts the others.
 *
 * `node --import tsx server/bench/servers/wsRelay.ts`, with PORT in the environment.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { MAX_COLLAB_MESSAGE_BYTES } from '../../../shared/limits.ts';
import { COUNT_SENT_HOOK, type CountSent } from '../countSentHook.ts';

/** One frame received in this turn, framed for sending, and who sent it. */
interface Held {
  from: WebSocket;
  header: Buffer;
  payload: Buffer;
}

// RFC 6455 §5.2: FIN set, and the opcode of a text or a binary frame.
const FIN_TEXT = 0x81;
const FIN_BINARY = 0x82;

/** The header of an unmasked, unfragmented frame of `length` payload bytes (RFC 6455 §5.2). */
function frameHeader(length: number, binary: boolean): Buffer {
  const first = binary ? FIN_BINARY : FIN_TEXT;
  if (length < 126) return Buffer.from([first, length]);
  if (length < 65_536) {
    const header = Buffer.allocUnsafe(4);
    header[0] = first;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.allocUnsafe(10);
  header[0] = first;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** The payload as one Buffer, whatever shape `ws` handed it in. */
function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

const countSent = Reflect.get(globalThis, COUNT_SENT_HOOK) as CountSent | undefined;

const port = Number(process.env['PORT'] ?? 0);
const server = http.createServer((_req, res) => {
  // The bench waits for this before it connects clients.
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
});
const wss = new WebSocketServer({
  server,
  maxPayload: MAX_COLLAB_MESSAGE_BYTES,
  perMessageDeflate: false,
  clientTracking: false,
});

/** Every open socket, with the TCP connection under it that the relay writes to. */
const peers = new Map<WebSocket, Duplex>();
let held: Held[] = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  const frames = held;
  held = [];
  // Where each frame starts in the joined buffer, and which frames each sender sent.
  const starts: number[] = [];
  const chunks: Buffer[] = [];
  const own = new Map<WebSocket, number[]>();
  let length = 0;
  let payloadBytes = 0;
  frames.forEach((frame, index) => {
    starts.push(length);
    chunks.push(frame.header, frame.payload);
    length += frame.header.length + frame.payload.length;
    payloadBytes += frame.payload.length;
    const sent = own.get(frame.from);
    if (sent) sent.push(index);
    else own.set(frame.from, [index]);
  });
  starts.push(length);
  const joined = Buffer.concat(chunks, length);
  let sentFrames = 0;
  let sentBytes = 0;
  for (const [peer, connection] of peers) {
    if (peer.readyState !== WebSocket.OPEN || !connection.writable) continue;
    const skip = own.get(peer);
    if (!skip) {
      connection.write(joined);
      sentFrames += frames.length;
      sentBytes += payloadBytes;
      continue;
    }
    // The parts between its own frames, in one system call.
    connection.cork();
    let from = 0;
    for (const index of skip) {
      const start = starts[index] ?? from;
      if (start > from) connection.write(joined.subarray(from, start));
      from = starts[index + 1] ?? length;
    }
    if (from < length) connection.write(joined.subarray(from));
    connection.uncork();
    const skipped = skip.reduce((sum, index) => sum + (frames[index]?.payload.length ?? 0), 0);
    sentFrames += frames.length - skip.length;
    sentBytes += payloadBytes - skipped;
  }
  countSent?.(sentFrames, sentBytes);
}

wss.on('connection', (socket: WebSocket, request: http.IncomingMessage) => {
  peers.set(socket, request.socket);
  socket.on('message', (data: RawData, isBinary: boolean) => {
    const payload = asBuffer(data);
    held.push({ from: socket, header: frameHeader(payload.length, isBinary), payload });
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(flush);
  });
  socket.on('close', () => peers.delete(socket));
  socket.on('error', () => undefined);
});
server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ message: 'relay listening', port }));
});
process.on('SIGTERM', () => process.exit(0));
