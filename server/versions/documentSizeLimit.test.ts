import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { readLiveDocument } from '../comments/readLiveDocument.ts';
import { parseContent } from '../editor/schema.ts';
import { buildDocument } from '../test/factories.ts';
import { startTestServer, testLogger, type TestServer } from '../test/startTestServer.ts';
import { VersionService } from './VersionService.ts';

const paragraph = (text: string) => ({
  type: 'paragraph',
  content: [{ type: 'text', text }],
});

let server: TestServer;
/** The server's own engine, with a limit small enough to reach with a few paragraphs. */
let versions: VersionService;

beforeAll(async () => {
  server = await startTestServer();
  const { hocuspocus, edits, checkpoints, recorder } = server.engine;
  versions = new VersionService({
    storage: server.storage,
    hocuspocus,
    edits,
    checkpoints,
    recorder,
    logger: testLogger(),
    maxDocumentBytes: 4_096,
  });
});

afterAll(async () => {
  await server.destroy();
});

describe('a restore or import that would pass MAX_DOCUMENT_BYTES', () => {
  it('is refused with 413 before anything is stored or changed', async () => {
    const document = await buildDocument(server.storage, server.owner.id, {
      content: { type: 'doc', content: [paragraph('Kort text.')] },
    });
    const readState = () =>
      readLiveDocument(server.engine.hocuspocus, document.id, testLogger(), (doc) =>
        Y.encodeStateAsUpdate(doc),
      );
    const before = await readState();
    const huge = parseContent({
      type: 'doc',
      content: Array.from({ length: 100 }, (_, index) => paragraph(`Stycke ${index} `.repeat(10))),
    });

    await expect(
      versions.importText(document.id, server.owner, huge, 'För stor'),
    ).rejects.toMatchObject({
      status: 413,
      details: { reason: 'document-too-large' },
    });

    expect(await server.storage.versions.listForDocument(document.id, 10)).toEqual([]);
    const after = await readState();
    const text = (state: Uint8Array) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      return doc.getXmlFragment(YJS_FRAGMENT).toJSON();
    };
    expect(text(after)).toBe(text(before));
  });

  it('goes through when the result fits', async () => {
    const document = await buildDocument(server.storage, server.owner.id, {
      content: { type: 'doc', content: [paragraph('Kort text.')] },
    });
    const small = parseContent({ type: 'doc', content: [paragraph('Ny kort text.')] });
    const result = await versions.importText(document.id, server.owner, small, 'Liten');
    expect(result.versionId).toEqual(expect.any(String));
  });
});
