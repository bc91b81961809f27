import fs from 'node:fs';
import path from 'node:path';
import type { JSONContent } from '@tiptap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importDocumentResponseSchema,
  importErrorDetailsSchema,
  importVersionResponseSchema,
  UPLOAD_CSRF_HEADER,
} from '../../../../shared/api/import.ts';
import { versionWithContentSchema } from '../../../../shared/api/versions.ts';
import { MAX_UPLOAD_BYTES } from '../../../../shared/limits.ts';
import { readLiveDocument } from '../../../comments/readLiveDocument.ts';
import { toTiptapJson } from '../../../editor/toTiptapJson.ts';
import { yDocToProseMirror } from '../../../editor/yDocToProseMirror.ts';
import { projectRoot } from '../../../projectRoot.ts';
import {
  buildPerson,
  call,
  expectError,
  expectOk,
  type Person,
} from '../../../test/commentFixtures.ts';
import { buildDocument } from '../../../test/factories.ts';
import { startTestServer, testLogger, type TestServer } from '../../../test/startTestServer.ts';

let server: TestServer;
let owner: Person;

beforeAll(async () => {
  server = await startTestServer();
  owner = await buildPerson(server, null, null);
});

afterAll(async () => {
  await server.destroy();
});

const SAMPLES = path.join(projectRoot(), 'node_modules', 'mammoth', 'test', 'test-data');

/** Uploads `bytes` as `fileName` the way the web app does: multipart, with the CSRF header. */
function upload(
  target: string,
  fileName: string,
  bytes: Uint8Array<ArrayBuffer> | string,
  options: {
    as?: Person;
    title?: string;
    field?: string;
    csrfHeader?: boolean;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const form = new FormData();
  if (options.title !== undefined) form.append('title', options.title);
  form.append(options.field ?? 'file', new Blob([bytes]), fileName);
  return fetch(`${server.url}/api${target}`, {
    method: 'POST',
    headers: {
      Cookie: (options.as ?? owner).cookie,
      ...(options.csrfHeader === false ? {} : { [UPLOAD_CSRF_HEADER]: 'remiss' }),
      ...options.headers,
    },
    body: form,
  });
}

/** The document's current text, read from the server's live copy. */
function currentText(documentId: string): Promise<JSONContent> {
  return readLiveDocument(server.engine.hocuspocus, documentId, testLogger(), (doc) =>
    toTiptapJson(yDocToProseMirror(doc)),
  );
}

function textOf(node: JSONContent): string {
  return (node.text ?? '') + (node.content ?? []).map(textOf).join('');
}

/** Checks a refused import: status, code and the reason the client translates. */
async function expectRefusal(response: Response, status: number, reason: string) {
  const { message, details } = await expectError(
    response,
    status,
    status === 413 ? 'payload_too_large' : 'invalid_input',
  );
  expect(importErrorDetailsSchema.parse(details).reason).toBe(reason);
  return { message, details: importErrorDetailsSchema.parse(details) };
}

describe('POST /api/documents/import', () => {
  it('imports a real DOCX as a new document the importer owns, with its structure', async () => {
    const bytes = fs.readFileSync(path.join(SAMPLES, 'tables.docx'));
    const created = await expectOk(
      await upload('/documents/import', 'Tabeller – utkast.docx', bytes),
      201,
      importDocumentResponseSchema,
    );
    expect(created.title).toBe('Tabeller – utkast');
    expect(created.warnings).toEqual([]);
    const text = await currentText(created.id);
    expect(text.content?.map((block) => block.type)).toEqual(['paragraph', 'table', 'paragraph']);
    const opened = await call(server, owner, 'GET', `/documents/${created.id}`);
    expect(await opened.json()).toMatchObject({ title: 'Tabeller – utkast', role: 'owner' });
    const audit = await server.storage.audit.listForDocument(created.id, 10);
    expect(audit).toMatchObject([
      {
        action: 'document-created',
        actorId: owner.user.id,
        details: { title: 'Tabeller – utkast', importedFrom: 'Tabeller – utkast.docx' },
      },
    ]);
  });

  it('reports what was left out, and takes the title field when given', async () => {
    const bytes = fs.readFileSync(path.join(SAMPLES, 'tiny-picture.docx'));
    const created = await expectOk(
      await upload('/documents/import', 'bild.docx', bytes, { title: 'Med bild' }),
      201,
      importDocumentResponseSchema,
    );
    expect(created.title).toBe('Med bild');
    expect(created.warnings).toContainEqual(expect.objectContaining({ code: 'image', count: 1 }));
  });

  it('imports Markdown and HTML, titled by their first heading or <title>', async () => {
    const markdown = await expectOk(
      await upload('/documents/import', 'svar.md', '# Remissvar\n\n- ett\n  - två\n'),
      201,
      importDocumentResponseSchema,
    );
    expect(markdown.title).toBe('Remissvar');
    const html = await expectOk(
      await upload(
        '/documents/import',
        'sida.html',
        '<title>Sidan</title><p onclick="alert(1)">Hej <script>alert(2)</script></p>',
      ),
      201,
      importDocumentResponseSchema,
    );
    expect(html.title).toBe('Sidan');
    expect(JSON.stringify(await currentText(html.id))).not.toMatch(/alert|script|onclick/);
    expect(html.warnings).toContainEqual(expect.objectContaining({ code: 'script', count: 2 }));
  });

  it('takes a file from a script as API.md documents it, with no extra header', async () => {
    // No Origin and no Fetch Metadata: not a browser, so not a form another site could send.
    const response = await upload('/documents/import', 'svar.md', '# Hej', { csrfHeader: false });
    expect(response.status).toBe(201);
  });

  describe('bad input gets a clear error and creates nothing', () => {
    let before: number;
    beforeAll(async () => {
      before = await server.storage.documents.count();
    });
    afterAll(async () => {
      expect(await server.storage.documents.count()).toBe(before);
    });

    it('a broken ZIP named .docx', async () => {
      const broken = fs.readFileSync(path.join(SAMPLES, 'tables.docx')).subarray(0, 500);
      await expectRefusal(
        await upload('/documents/import', 'trasig.docx', broken),
        400,
        'unreadable',
      );
    });

    it('a PNG named .md, and a DOCX named .html', async () => {
      const png = fs.readFileSync(path.join(SAMPLES, 'tiny-picture.png'));
      const { message, details } = await expectRefusal(
        await upload('/documents/import', 'bild.md', png),
        400,
        'type-mismatch',
      );
      expect(details).toMatchObject({ detected: 'image', expected: 'md' });
      expect(message).toMatch(/image.*Markdown/);
      const docx = fs.readFileSync(path.join(SAMPLES, 'tables.docx'));
      const renamed = await expectRefusal(
        await upload('/documents/import', 'tabell.html', docx),
        400,
        'type-mismatch',
      );
      expect(renamed.details).toMatchObject({ detected: 'zip', expected: 'html' });
    });

    it('a text file named .docx', async () => {
      const { details } = await expectRefusal(
        await upload('/documents/import', 'inte.docx', '# Rubrik'),
        400,
        'type-mismatch',
      );
      expect(details).toMatchObject({ detected: 'text', expected: 'docx' });
    });

    it('an empty file', async () => {
      await expectRefusal(await upload('/documents/import', 'tom.md', ''), 400, 'empty-file');
    });

    it('a file with an extension that is not importable', async () => {
      await expectRefusal(
        await upload('/documents/import', 'rapport.pdf', '%PDF-1.7'),
        400,
        'unsupported-extension',
      );
    });

    it('a form without the file field', async () => {
      await expectRefusal(
        await upload('/documents/import', 'svar.md', '# Hej', { field: 'attachment' }),
        400,
        'missing-file',
      );
    });

    it('a JSON body instead of a file', async () => {
      const response = await call(server, owner, 'POST', '/documents/import', { title: 'x' });
      await expectRefusal(response, 400, 'missing-file');
    });

    it('a browser upload without the CSRF header, as a form would send it', async () => {
      const response = await upload('/documents/import', 'svar.md', '# Hej', {
        csrfHeader: false,
        headers: { 'Sec-Fetch-Site': 'cross-site' },
      });
      const { message } = await expectError(response, 400, 'invalid_input');
      expect(message).toContain(UPLOAD_CSRF_HEADER);
    });

    it('an upload from another site, even with the header', async () => {
      const form = new FormData();
      form.append('file', new Blob(['# Hej']), 'svar.md');
      const response = await fetch(`${server.url}/api/documents/import`, {
        method: 'POST',
        headers: {
          Cookie: owner.cookie,
          Origin: 'https://evil.example',
          [UPLOAD_CSRF_HEADER]: 'remiss',
        },
        body: form,
      });
      await expectError(response, 403, 'forbidden');
    });

    it('a file over the size limit gets 413', async () => {
      const big = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x61);
      await expectRefusal(await upload('/documents/import', 'stor.md', big), 413, 'too-large');
    });

    it('a file over the size limit sent without a declared length is cut off at the limit', async () => {
      const chunk = new Uint8Array(1024 * 1024).fill(0x61);
      const boundary = 'remiss-test-boundary';
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(
            new TextEncoder().encode(
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stor.md"\r\n` +
                'Content-Type: text/markdown\r\n\r\n',
            ),
          );
        },
        pull(controller) {
          // Twice the limit, if the server kept reading.
          if (sent > 2 * MAX_UPLOAD_BYTES) {
            controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
            controller.close();
            return;
          }
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      let status: number | null = null;
      try {
        const response = await fetch(`${server.url}/api/documents/import`, {
          method: 'POST',
          headers: {
            Cookie: owner.cookie,
            [UPLOAD_CSRF_HEADER]: 'remiss',
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
          },
          body,
          duplex: 'half',
        } as RequestInit);
        status = response.status;
        await response.body?.cancel();
      } catch {
        // The server may close the connection while the rest is still being sent.
      }
      if (status !== null) expect(status).toBe(413);
      expect(sent).toBeLessThan(2 * MAX_UPLOAD_BYTES);
    });
  });

  it('refuses anyone not signed in', async () => {
    const response = await fetch(`${server.url}/api/documents/import`, {
      method: 'POST',
      headers: { [UPLOAD_CSRF_HEADER]: 'remiss' },
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob(['# Hej']), 'svar.md');
        return form;
      })(),
    });
    await expectError(response, 401, 'unauthenticated');
  });
});

describe('POST /api/documents/:id/import', () => {
  const paragraph = (text: string): JSONContent => ({
    type: 'paragraph',
    content: [{ type: 'text', text }],
  });

  it('applies the file as a new version, keeping the text before as a checkpoint', async () => {
    const document = await buildDocument(server.storage, owner.user.id, {
      content: { type: 'doc', content: [paragraph('Den gamla texten.')] },
    });
    const editor = await buildPerson(server, document.id, 'editor');
    const result = await expectOk(
      await upload(`/documents/${document.id}/import`, 'ny.md', '# Ny\n\nDen nya texten.', {
        as: editor,
      }),
      201,
      importVersionResponseSchema,
    );
    expect((await currentText(document.id)).content?.map(textOf)).toEqual([
      'Ny',
      'Den nya texten.',
    ]);
    const checkpoint = await expectOk(
      await call(
        server,
        editor,
        'GET',
        `/documents/${document.id}/versions/${result.checkpointId}`,
      ),
      200,
      versionWithContentSchema,
    );
    expect(checkpoint).toMatchObject({ kind: 'checkpoint', reason: 'before-restore' });
    expect(checkpoint.content.content?.map(textOf)).toEqual(['Den gamla texten.']);
    const named = await expectOk(
      await call(server, editor, 'GET', `/documents/${document.id}/versions/${result.versionId}`),
      200,
      versionWithContentSchema,
    );
    expect(named).toMatchObject({ kind: 'named', name: 'Importerad: ny.md' });
    expect(named.createdBy?.id).toBe(editor.user.id);
    expect(named.content.content?.map(textOf)).toEqual(['Ny', 'Den nya texten.']);
  });

  it('refuses a commenter with 403 and leaves the text alone', async () => {
    const document = await buildDocument(server.storage, owner.user.id, {
      content: { type: 'doc', content: [paragraph('Orörd.')] },
    });
    const commenter = await buildPerson(server, document.id, 'commenter');
    const response = await upload(`/documents/${document.id}/import`, 'ny.md', '# Ny', {
      as: commenter,
    });
    await expectError(response, 403, 'forbidden');
    expect((await currentText(document.id)).content?.map(textOf)).toEqual(['Orörd.']);
    const versions = await server.storage.versions.listForDocument(document.id, 10);
    expect(versions).toEqual([]);
  });

  it('leaves the text alone when the file is refused', async () => {
    const document = await buildDocument(server.storage, owner.user.id, {
      content: { type: 'doc', content: [paragraph('Orörd.')] },
    });
    const response = await upload(`/documents/${document.id}/import`, 'ny.docx', 'inte en zip');
    await expectRefusal(response, 400, 'type-mismatch');
    expect((await currentText(document.id)).content?.map(textOf)).toEqual(['Orörd.']);
  });
});
