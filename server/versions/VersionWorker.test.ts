import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { buildDoc, insertText, paragraphsDoc } from '../test/yEdits.ts';
import { prepareVersion } from './prepareVersion.ts';
import { decodeVersionState } from './versionState.ts';
import { VersionWorker } from './VersionWorker.ts';

const workers: VersionWorker[] = [];

afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.close();
});

function states() {
  const doc = buildDoc(paragraphsDoc('Licensen ska vara öppen.', 'Koden ska delas.'));
  const before = Y.encodeStateAsUpdate(doc);
  insertText(doc, 0, 'Den nya ');
  return { before, after: Y.encodeStateAsUpdate(doc) };
}

const endAt = (state: Uint8Array) => ({
  versionId: 'v1',
  seq: 1,
  stateVector: Y.encodeStateVectorFromUpdate(state),
  deltasSinceFull: 0,
});

describe('the version worker', () => {
  it('prepares in a worker thread what the main thread would', async () => {
    const worker = new VersionWorker();
    workers.push(worker);
    const { before, after } = states();
    const prepared = await worker.prepare(before, after, endAt(before));
    expect(prepared.summary).toEqual({ wordsAdded: 2, wordsRemoved: 0, paragraphsChanged: 1 });
    expect(prepared.link).toMatchObject({ seq: 2, encoding: 'delta' });
    const inline = await prepareVersion(before, after, endAt(before));
    expect(prepared.summary).toEqual(inline.summary);
    // The delta and the version before it give back the whole state.
    const full = await worker.prepare(null, before, null);
    expect(full.link).toMatchObject({ seq: 1, encoding: 'full' });
    const merged = await decodeVersionState([full.link, prepared.link]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    expect(flattenText(doc).text).toContain('Den nya Licensen');
    // The first version is compared with an empty text.
    expect(full.summary).toMatchObject({ wordsAdded: 7 });
  });

  it('answers requests sent at once, each with its own result', async () => {
    const worker = new VersionWorker();
    workers.push(worker);
    const { before, after } = states();
    const answers = await Promise.all([
      worker.prepare(before, after, null),
      worker.prepare(after, before, null),
      worker.prepare(null, after, null),
    ]);
    expect(answers.map(({ summary }) => [summary.wordsAdded, summary.wordsRemoved])).toEqual([
      [2, 0],
      [0, 2],
      [9, 0],
    ]);
  });

  it('rejects what it holds when closed, and starts afresh on the next request', async () => {
    const worker = new VersionWorker();
    workers.push(worker);
    const { before, after } = states();
    const waiting = worker.prepare(before, after, null);
    await worker.close();
    await expect(waiting).rejects.toThrow(/closed/);
    expect((await worker.prepare(before, after, null)).summary).toMatchObject({ wordsAdded: 2 });
  });

  it('reports a state it cannot read as an error, and keeps working', async () => {
    const worker = new VersionWorker();
    workers.push(worker);
    await expect(worker.prepare(null, new Uint8Array([1, 2, 3]), null)).rejects.toThrow(
      /version worker failed/,
    );
    const { before, after } = states();
    expect((await worker.prepare(before, after, null)).summary).toMatchObject({ wordsAdded: 2 });
  });
});
