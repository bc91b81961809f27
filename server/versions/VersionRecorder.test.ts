import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { VERSION_FULL_STATE_EVERY } from '../../shared/limits.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { toTiptapJson } from '../editor/toTiptapJson.ts';
import { yDocToProseMirror } from '../editor/yDocToProseMirror.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import { buildDocument, buildUser } from '../test/factories.ts';
import { makeTempDir, testLogger } from '../test/startTestServer.ts';
import { buildDoc, insertText, paragraphsDoc } from '../test/yEdits.ts';
import { VersionRecorder } from './VersionRecorder.ts';
import { VersionStateCorrupt } from './versionState.ts';

let dataDir: string;
let storage: SqliteStorage;

beforeEach(() => {
  dataDir = makeTempDir();
  storage = SqliteStorage.open(dataDir);
});

afterEach(async () => {
  await storage.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const TEXT = ['Vägledningen gäller öppna licenser.', 'Den gäller också immateriella rättigheter.'];

/** A document in storage and a live Y.Doc of the same text, as the server holds it. */
async function setUp() {
  const owner = await buildUser(storage);
  const document = await buildDocument(storage, owner.id, { content: paragraphsDoc(...TEXT) });
  const doc = buildDoc(paragraphsDoc(...TEXT));
  const recorder = new VersionRecorder(storage, testLogger());
  const record = (name: string) =>
    recorder.record({
      documentId: document.id,
      kind: 'named',
      reason: null,
      name,
      note: null,
      createdBy: owner.id,
      authors: [owner.id],
      state: Y.encodeStateAsUpdate(doc),
    });
  return { documentId: document.id, doc, recorder, record };
}

/** A few words typed or deleted somewhere, as people edit between versions. */
function editSomewhere(doc: Y.Doc, random: ReturnType<typeof seededRandom>): void {
  const segments = flattenText(doc).segments.filter((segment) => segment.text.length > 12);
  const segment = segments[random.int(segments.length)];
  if (!segment) throw new Error('the text ran out');
  const at = random.int(segment.text.length - 8);
  if (random.chance(0.3)) segment.text.delete(at, 1 + random.int(6));
  else segment.text.insert(at, random.chance(0.5) ? 'ny ' : 'ändrad ');
}

const encodings = (documentId: string) =>
  storage.db
    .prepare<[string], { seq: number; encoding: string }>(
      'SELECT seq, encoding FROM versions WHERE document_id = ? ORDER BY seq',
    )
    .all(documentId);

describe('versions stored as a chain of deltas', () => {
  it('gives back every version exactly, across whole states and deltas', async () => {
    const { documentId, doc, recorder, record } = await setUp();
    const random = seededRandom(20_261_130);
    const made: { id: string; text: string; content: unknown }[] = [];
    const count = 2 * VERSION_FULL_STATE_EVERY + 5;
    for (let index = 0; index < count; index += 1) {
      editSomewhere(doc, random);
      const version = await record(`v${index}`);
      made.push({
        id: version.id,
        text: flattenText(doc).text,
        content: toTiptapJson(yDocToProseMirror(doc)),
      });
    }

    const full = encodings(documentId)
      .filter((row) => row.encoding === 'full')
      .map((row) => row.seq);
    expect(full).toEqual([1, 1 + VERSION_FULL_STATE_EVERY, 1 + 2 * VERSION_FULL_STATE_EVERY]);

    for (const version of made) {
      const state = await recorder.readState(documentId, version.id);
      const read = new Y.Doc();
      Y.applyUpdate(read, state ?? new Uint8Array());
      expect(flattenText(read).text).toBe(version.text);
      expect(toTiptapJson(yDocToProseMirror(read))).toEqual(version.content);
    }
  });

  it('keeps a small edit small: a delta is a tiny share of the whole state', async () => {
    const { documentId, doc, record } = await setUp();
    // A long text, so the whole state is large next to one typed word.
    for (let index = 0; index < 200; index += 1) insertText(doc, 0, 'Ett stycke text till. ');
    await record('stor');
    insertText(doc, 5, 'ord ');
    await record('ett ord till');
    const sizes = storage.db
      .prepare<[string], { encoding: string; size: number }>(
        'SELECT encoding, length(state) AS size FROM versions WHERE document_id = ? ORDER BY seq',
      )
      .all(documentId);
    expect(sizes.map((row) => row.encoding)).toEqual(['full', 'delta']);
    const [whole, delta] = sizes.map((row) => row.size);
    expect(delta).toBeLessThan((whole ?? 0) / 20);
  });

  it('stores a whole state when the text is not a continuation of the version before', async () => {
    const { documentId, recorder } = await setUp();
    const first = buildDoc(paragraphsDoc('Ett.'));
    const other = buildDoc(paragraphsDoc('Något helt annat.'));
    for (const doc of [first, other]) {
      await recorder.record({
        documentId,
        kind: 'checkpoint',
        reason: 'interval',
        name: null,
        note: null,
        createdBy: null,
        authors: [],
        state: Y.encodeStateAsUpdate(doc),
      });
    }
    expect(encodings(documentId).map((row) => row.encoding)).toEqual(['full', 'full']);
  });

  it('stores versions of one document one at a time, even when asked at once', async () => {
    const { documentId, doc, recorder, record } = await setUp();
    const versions = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) => {
        insertText(doc, 0, `${name} `);
        return record(name);
      }),
    );
    expect(encodings(documentId).map((row) => row.seq)).toEqual([1, 2, 3, 4]);
    for (const version of versions) {
      expect(await recorder.readState(documentId, version.id)).not.toBeNull();
    }
  });

  it('reports a damaged link, for the versions that need it and no others', async () => {
    const { documentId, doc, recorder, record } = await setUp();
    const ids: string[] = [];
    for (let index = 0; index < VERSION_FULL_STATE_EVERY + 3; index += 1) {
      insertText(doc, 0, 'x');
      ids.push((await record(`v${index}`)).id);
    }
    // Damage the delta at seq 10: versions 10 to 50 need it; 1 to 9 and 51 on do not.
    storage.db
      .prepare("UPDATE versions SET state = x'0102' WHERE document_id = ? AND seq = 10")
      .run(documentId);
    await expect(recorder.readState(documentId, ids[9] ?? '')).rejects.toBeInstanceOf(
      VersionStateCorrupt,
    );
    await expect(recorder.readState(documentId, ids[49] ?? '')).rejects.toBeInstanceOf(
      VersionStateCorrupt,
    );
    expect(await recorder.readState(documentId, ids[8] ?? '')).not.toBeNull();
    expect(await recorder.readState(documentId, ids[50] ?? '')).not.toBeNull();
    expect(await recorder.readState(documentId, 'no-such-version')).toBeNull();
  });
});
