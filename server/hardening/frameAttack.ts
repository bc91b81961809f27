import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as closeCodes from '../../shared/closeCodes.ts';
import { MAX_COLLAB_MESSAGE_BYTES } from '../../shared/limits.ts';
import type { SeededRandom } from '../../shared/random/seededRandom.ts';
import { rawAuthFrame, rawFrame, rawUpdateFrame } from '../test/rawFrames.ts';

/**
 * Close codes a bad socket may end with: Remiss' own (shared/closeCodes.ts) and RFC 6455's
 * 1009, which ws sends for a frame over MAX_COLLAB_MESSAGE_BYTES before anything is decoded.
 */
export const NAMED_CLOSE_CODES: ReadonlyMap<number, string> = new Map([
  ...Object.values(closeCodes)
    .filter((value): value is closeCodes.CloseEvent => typeof value === 'object' && 'code' in value)
    .map((event): [number, string] => [event.code, event.reason]),
  [1009, 'message-too-big (RFC 6455)'],
]);

/** The kinds of bad frame the attack sends. */
export type BadFrameKind =
  | 'random-bytes'
  | 'truncated'
  | 'text'
  | 'wrong-type'
  | 'bad-update'
  | 'crafted-update'
  | 'oversized';

/** What one attack did and what came back. */
export interface AttackReport {
  framesSent: number;
  framesByKind: Record<BadFrameKind, number>;
  connections: number;
  /** Connections that authenticated before sending their frames. */
  authenticatedConnections: number;
  /** How many sockets the server closed, by close code. */
  closes: Record<number, number>;
  /** Sockets closed with a code outside NAMED_CLOSE_CODES (1006: dropped without a close frame). */
  unnamedCloses: number;
  /** Sockets the server had not closed `closeWithinMs` after their last frame. */
  leftOpen: number;
  /**
   * Upgrades the server refused before the WebSocket handshake, by HTTP status: a named
   * refusal when it is 429 with Retry-After (the per-address limit on failing sockets), which
   * the slot meets by trying again at once, as an attacker would.
   */
  refusedUpgrades: Record<number, number>;
  /** Refused upgrades that were not 429 with a Retry-After: counted as unnamed, a failure. */
  unnamedRefusals: number;
  /** Upgrades that failed without an HTTP answer (reset, refused TCP connection). */
  failedUpgrades: number;
}

/** How to reach the server and what to attack. */
export interface AttackOptions {
  /** `ws://host:port/collab`. */
  collabUrl: string;
  documentId: string;
  /** A valid collaboration token for `documentId`, for the connections that authenticate. */
  token: () => Promise<string>;
  /** Parallel socket slots; each reconnects after the server closes it. */
  sockets: number;
  /** Frames in total, split evenly over the slots. */
  frames: number;
  random: SeededRandom;
  /** How long to wait for the server to close a socket after its last frame. */
  closeWithinMs: number;
}

function randomBytes(random: SeededRandom, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random.int(256));
}

/** An update whose counts claim far more than its bytes hold (Yjs issue #687's shape). */
function craftedUpdate(random: SeededRandom): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, 2 ** 31 + random.int(2 ** 20));
  encoding.writeVarUint(encoder, random.int(2 ** 30));
  encoding.writeVarUint(encoder, 0);
  encoding.writeUint8(encoder, 0);
  encoding.writeVarUint(encoder, 2 ** 52);
  return encoding.toUint8Array(encoder);
}

const KINDS: readonly BadFrameKind[] = [
  'random-bytes',
  'truncated',
  'text',
  'wrong-type',
  'bad-update',
  'crafted-update',
];

/** One bad frame, chosen by the seeded generator. Oversized frames are rare: they are 4 MiB. */
function badFrame(
  random: SeededRandom,
  documentId: string,
): { kind: BadFrameKind; data: Uint8Array | string } {
  if (random.chance(0.005)) {
    return { kind: 'oversized', data: new Uint8Array(MAX_COLLAB_MESSAGE_BYTES + 1) };
  }
  const kind = KINDS[random.int(KINDS.length)] ?? 'random-bytes';
  switch (kind) {
    case 'random-bytes':
      return { kind, data: randomBytes(random, 1 + random.int(512)) };
    case 'truncated': {
      const doc = new Y.Doc();
      doc.getXmlFragment('default').insert(0, [new Y.XmlText('hej')]);
      const whole = rawUpdateFrame(documentId, Y.encodeStateAsUpdate(doc));
      return { kind, data: whole.subarray(0, 1 + random.int(whole.length - 1)) };
    }
    case 'text':
      return { kind, data: `{"type":"sync","doc":"${documentId}","junk":${random.int(1e9)}}` };
    case 'wrong-type':
      return { kind, data: rawFrame(documentId, [4, 8, 9, 42, 255][random.int(5)] ?? 9) };
    case 'bad-update':
      return { kind, data: rawUpdateFrame(documentId, randomBytes(random, 1 + random.int(256))) };
    default:
      return { kind, data: rawUpdateFrame(documentId, craftedUpdate(random)) };
  }
}

/** How an attempt to open a socket ended. */
type Opened =
  | { kind: 'open'; socket: WebSocket }
  | { kind: 'refused'; status: number; retryAfter: string | null }
  | { kind: 'failed' };

/** Opens a socket; resolves once open, or with the server's refusal of the handshake. */
function open(url: string): Promise<Opened> {
  const socket = new WebSocket(url);
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ kind: 'open', socket }));
    // With this listener ws emits no error for a non-101 answer; the request is ours to end.
    socket.once('unexpected-response', (request, response) => {
      const header = response.headers['retry-after'];
      resolve({
        kind: 'refused',
        status: response.statusCode ?? 0,
        retryAfter: typeof header === 'string' ? header : null,
      });
      response.resume();
      request.destroy();
    });
    // `on`, not `once`: ending a refused handshake may emit a second error, which unheard would throw.
    socket.on('error', () => resolve({ kind: 'failed' }));
  });
}

/**
 * Sends `options.frames` bad frames from `options.sockets` slots, half of them on sockets that
 * first authenticate as an editor, and reports how the server closed each socket. A slot sends
 * its frames one at a time and opens a new socket whenever the server closes the old one.
 */
export async function runFrameAttack(options: AttackOptions): Promise<AttackReport> {
  const report: AttackReport = {
    framesSent: 0,
    framesByKind: {
      'random-bytes': 0,
      truncated: 0,
      text: 0,
      'wrong-type': 0,
      'bad-update': 0,
      'crafted-update': 0,
      oversized: 0,
    },
    connections: 0,
    authenticatedConnections: 0,
    closes: {},
    unnamedCloses: 0,
    leftOpen: 0,
    refusedUpgrades: {},
    unnamedRefusals: 0,
    failedUpgrades: 0,
  };
  const perSlot = Math.ceil(options.frames / options.sockets);

  const slot = async (index: number) => {
    let left = perSlot;
    while (left > 0 && report.framesSent < options.frames) {
      const opened = await open(options.collabUrl);
      if (opened.kind === 'failed') {
        report.failedUpgrades += 1;
        continue;
      }
      if (opened.kind === 'refused') {
        report.refusedUpgrades[opened.status] = (report.refusedUpgrades[opened.status] ?? 0) + 1;
        if (opened.status !== 429 || !/^\d+$/u.test(opened.retryAfter ?? '')) {
          report.unnamedRefusals += 1;
        }
        continue;
      }
      const { socket } = opened;
      report.connections += 1;
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      let isClosed = false;
      void closed.then(() => (isClosed = true));
      if (index % 2 === 0) {
        // Authenticate first, and wait for the server's answer, so the frames that follow
        // reach the authenticated path.
        const answered = new Promise<void>((resolve) => socket.once('message', () => resolve()));
        socket.send(rawAuthFrame(options.documentId, await options.token()));
        await Promise.race([answered, closed]);
        report.authenticatedConnections += 1;
      }
      while (!isClosed && left > 0 && report.framesSent < options.frames) {
        const { kind, data } = badFrame(options.random, options.documentId);
        socket.send(data);
        report.framesSent += 1;
        report.framesByKind[kind] += 1;
        left -= 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!isClosed) {
        // Every frame so far looked harmless at the door (an unauthenticated socket's updates
        // wait, unread, for an authentication that never comes). End with one the server must
        // refuse at once, rather than waiting out the authentication deadline.
        socket.send('end');
        report.framesSent += 1;
        report.framesByKind.text += 1;
      }
      const code = await Promise.race([
        closed,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), options.closeWithinMs)),
      ]);
      if (code === null) {
        report.leftOpen += 1;
        socket.terminate();
        continue;
      }
      report.closes[code] = (report.closes[code] ?? 0) + 1;
      if (!NAMED_CLOSE_CODES.has(code)) report.unnamedCloses += 1;
    }
  };
  await Promise.all(Array.from({ length: options.sockets }, (_, index) => slot(index)));
  return report;
}
