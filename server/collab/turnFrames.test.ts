import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createJsonLogger, type LogFields } from '../logger.ts';
import { turnFrames } from './turnFrames.ts';

/** A real JSON logger whose lines are kept, parsed. */
function recordingLogger() {
  const lines: LogFields[] = [];
  const logger = createJsonLogger({ write: (line) => lines.push(JSON.parse(line) as LogFields) });
  return { logger, lines };
}

/** The updates Yjs encodes for a few keystrokes in one paragraph, and the text they make. */
function keystrokes(): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('default');
  const word = 'remiss';
  for (let index = 0; index < word.length; index += 1) text.insert(index, word.charAt(index));
  text.delete(0, 1);
  return { updates, text: text.toJSON() };
}

/** The text a peer holds after applying `frames` in order. */
function peerText(frames: Uint8Array[]): string {
  const peer = new Y.Doc();
  for (const frame of frames) Y.applyUpdate(peer, frame);
  return peer.getText('default').toJSON();
}

const refuse = () => {
  throw new Error('merge refused');
};

describe('turnFrames', () => {
  it('merges a turn of updates into one frame that brings a peer the same text', () => {
    const { updates, text } = keystrokes();
    const { logger, lines } = recordingLogger();
    const frames = turnFrames([...updates], { documentId: 'doc-1', logger });
    expect(frames).toHaveLength(1);
    expect(peerText(frames)).toBe(text);
    expect(lines).toEqual([]);
  });

  it('sends every update as its own frame, in order and once, and logs once when merging throws', () => {
    const { updates, text } = keystrokes();
    const { logger, lines } = recordingLogger();
    const frames = turnFrames([...updates], { documentId: 'doc-1', logger, merge: refuse });
    expect(frames).toHaveLength(updates.length);
    // The very updates, in the order they were applied: none dropped, none twice.
    frames.forEach((frame, index) => expect(frame).toBe(updates[index]));
    expect(new Set(frames).size).toBe(updates.length);
    expect(peerText(frames)).toBe(text);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'could not merge a turn of updates; sending them one by one',
        documentId: 'doc-1',
        updates: updates.length,
        error: 'merge refused',
      }),
    ]);
  });

  it('falls back the same way when Yjs itself rejects an update it cannot read', () => {
    const { updates } = keystrokes();
    const [first, second] = updates;
    if (!first || !second) throw new Error('keystrokes make several updates');
    // Cut short, Yjs stops at the end of the bytes at once ("Unexpected end of array"); this
    // never reaches the fan-out, which merges only what Yjs encoded, but it is Yjs' own refusal.
    const cut = second.subarray(0, second.length - 2);
    const { logger, lines } = recordingLogger();
    const frames = turnFrames([first, cut], { documentId: 'doc-2', logger });
    expect(frames).toEqual([first, cut]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', documentId: 'doc-2', updates: 2 });
  });

  it('sends a lone update as it is, without merging', () => {
    const { updates } = keystrokes();
    const [first] = updates;
    if (!first) throw new Error('keystrokes make updates');
    const { logger, lines } = recordingLogger();
    const frames = turnFrames([first], { documentId: 'doc-3', logger, merge: refuse });
    expect(frames).toHaveLength(1);
    expect(frames[0]).toBe(first);
    expect(lines).toEqual([]);
  });
});
