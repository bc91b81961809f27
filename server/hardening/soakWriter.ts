import { WebSocketStatus } from '@hocuspocus/provider';
import type { TestClient } from '../test/collabClient.ts';
import { appendToken, tokenName } from './tokenDocument.ts';

/** A range [low, high) that a random draw falls in. */
export type Range = readonly [number, number];

/** How a writer types: a token every `intervalMs`, in bursts, with a pause after each burst. */
export interface Rhythm {
  intervalMs: Range;
  burstTokens: Range;
  burstPauseMs: Range;
}

/** A draw from `range` with a random source returning [0, 1). */
export function between(range: Range, random: () => number): number {
  return range[0] + random() * (range[1] - range[0]);
}

/**
 * Whether the provider's count of unacknowledged changes is trustworthy for an edit made now.
 * Hocuspocus provider 3.4.4 queues updates made while its socket is down and flushes them when it
 * reopens, and then resets the count to 1 for the new sync (`startSync`); the acks of the
 * flushed updates then bring the count to 0 while edits sent on the killed connection are not
 * yet resent, so 0 would claim them durable. Found by the soak: 60 tokens "acked" that way were
 * missing after a restart (and came back once the client's sync resent them). Writers here
 * type only while connected and authenticated; see docs/reliability.md for what this means for
 * the editor's own "saved" indicator.
 */
function countsHonestly(client: TestClient): boolean {
  return client.socket.status === WebSocketStatus.Connected && client.provider.isAuthenticated;
}

/** One writer: a real provider that appends token paragraphs and tracks which were acked. */
export interface Writer {
  client: TestClient;
  written: string[];
  /** Inserted, not yet confirmed: the provider still counts unsynced changes. */
  pending: string[];
  /** Confirmed: unsyncedChanges reached 0 after the token was inserted. */
  acked: string[];
  stop(): void;
}

/** What a writer needs besides its client. */
export interface WriterOptions {
  /** The first part of each token, e.g. the round (`r3`) or `soak`. */
  tag: string;
  /** The writer's number, the second part of each token. */
  index: number;
  /** Its own random source, so the same seed replays the same rhythm. */
  random: () => number;
  rhythm: Rhythm;
  /** Writes only while this holds; the writer keeps its timer running either way. */
  isWriting: () => boolean;
  /** Told the tokens that became acknowledged, each time some do. */
  onAck: (tokens: readonly string[]) => void;
}

/**
 * A writer that appends `<tag>-w<nn>-<nnnnnn>` as a new paragraph at the end of the document,
 * in the given rhythm, while `isWriting()` holds. Every pending token becomes acked when the
 * provider's unsyncedChanges reaches 0, which happens only once the server has confirmed every
 * update this provider sent; and the server confirms only what is durable in SQLite.
 */
export function startWriter(client: TestClient, options: WriterOptions): Writer {
  const { random, rhythm } = options;
  const writer: Writer = { client, written: [], pending: [], acked: [], stop: () => undefined };
  client.provider.on('unsyncedChanges', () => {
    if (client.provider.unsyncedChanges !== 0) return;
    if (writer.pending.length === 0) return;
    const acked = writer.pending.splice(0);
    writer.acked.push(...acked);
    options.onAck(acked);
  });
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let burstLeft = Math.round(between(rhythm.burstTokens, random));
  const tick = () => {
    if (stopped) return;
    if (options.isWriting() && countsHonestly(client)) {
      burstLeft -= 1;
      const token = tokenName(options.tag, options.index, writer.written.length);
      writer.written.push(token);
      writer.pending.push(token);
      appendToken(client.ydoc, token);
    }
    let delay = between(rhythm.intervalMs, random);
    if (burstLeft <= 0) {
      burstLeft = Math.round(between(rhythm.burstTokens, random));
      delay = between(rhythm.burstPauseMs, random);
    }
    timer = setTimeout(tick, delay);
  };
  timer = setTimeout(tick, between(rhythm.intervalMs, random));
  writer.stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
  return writer;
}
