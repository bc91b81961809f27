import fs from 'node:fs';
import path from 'node:path';
import type { JSONContent } from '@tiptap/core';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImportWarning } from '../../shared/api/import.ts';
import { MAX_DOCX_UNZIPPED_BYTES } from '../../shared/limits.ts';
import { HttpError } from '../http/HttpError.ts';
import { projectRoot } from '../projectRoot.ts';
import { convertUpload } from './convertUpload.ts';
import { NOTES_HEADING } from './footnotesAsText.ts';
import { readDocxParts } from './readDocxParts.ts';

/** Real DOCX files nobody here wrote: the samples mammoth's own tests read. */
const SAMPLES = path.join(projectRoot(), 'node_modules', 'mammoth', 'test', 'test-data');
const sample = (name: string) => new Uint8Array(fs.readFileSync(path.join(SAMPLES, name)));
const text = (source: string) => new TextEncoder().encode(source);

/** Every node of a given type, depth first. */
function nodesOf(node: JSONContent, type: string): JSONContent[] {
  const own = node.type === type ? [node] : [];
  return [...own, ...(node.content ?? []).flatMap((child) => nodesOf(child, type))];
}
/** The text of a node and everything in it. */
function textOf(node: JSONContent): string {
  return (node.text ?? '') + (node.content ?? []).map(textOf).join('');
}
/** A block's text, for blocks that hold one paragraph or text directly. */
const blockTexts = (doc: JSONContent) => (doc.content ?? []).map(textOf);
const warning = (warnings: ImportWarning[], code: string) =>
  warnings.find((entry) => entry.code === code);

describe('DOCX files from mammoth’s test data', () => {
  it('every sample imports without an error into the schema', async () => {
    const files = fs.readdirSync(SAMPLES).filter((name) => name.endsWith('.docx'));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const converted = await convertUpload({ bytes: sample(file), format: 'docx' });
      expect(converted.content.type, file).toBe('doc');
      expect(converted.update.byteLength, file).toBeGreaterThan(0);
    }
  });

  it('tables.docx keeps its table of two rows of two cells between two paragraphs', async () => {
    const { content } = await convertUpload({ bytes: sample('tables.docx'), format: 'docx' });
    expect(content.content?.map((block) => block.type)).toEqual([
      'paragraph',
      'table',
      'paragraph',
    ]);
    const rows = nodesOf(content, 'tableRow');
    expect(rows.map((row) => (row.content ?? []).map(textOf))).toEqual([
      ['Top left', 'Top right'],
      ['Bottom left', 'Bottom right'],
    ]);
  });

  it('simple-list.docx becomes a bulleted list', async () => {
    const { content } = await convertUpload({ bytes: sample('simple-list.docx'), format: 'docx' });
    const [list] = content.content ?? [];
    expect(list?.type).toBe('bulletList');
    expect((list?.content ?? []).map(textOf)).toEqual(['Apple', 'Banana']);
  });

  it('footnotes.docx carries its notes over as text, without internal links', async () => {
    const { content, warnings } = await convertUpload({
      bytes: sample('footnotes.docx'),
      format: 'docx',
    });
    expect(blockTexts(content)).toEqual([
      'Ouch[1].[2]',
      NOTES_HEADING,
      '[1] A tachyon walks into a bar.',
      '[2] Fin.',
    ]);
    expect(content.content?.[1]).toMatchObject({ type: 'heading', attrs: { level: 2 } });
    expect(nodesOf(content, 'text').some((node) => node.marks?.length)).toBe(false);
    expect(warning(warnings, 'footnotes')?.count).toBe(2);
  });

  it('endnotes.docx carries its notes over the same way', async () => {
    const { content } = await convertUpload({ bytes: sample('endnotes.docx'), format: 'docx' });
    expect(blockTexts(content)).toEqual([
      'Ouch[1].[2]',
      NOTES_HEADING,
      '[1] A tachyon walks into a bar.',
      '[2] Fin.',
    ]);
  });

  it('a link inside a footnote stays a link', async () => {
    const { content } = await convertUpload({
      bytes: sample('footnote-hyperlink.docx'),
      format: 'docx',
    });
    const links = nodesOf(content, 'text').filter((node) =>
      node.marks?.some((mark) => mark.type === 'link'),
    );
    expect(links.map((node): unknown[] => [node.text, node.marks?.[0]?.attrs?.['href']])).toEqual([
      ['Example', 'http://www.example.com'],
    ]);
    expect(blockTexts(content).at(-1)).toBe('[1] Example');
  });

  it('pictures, comments, text boxes and strikethrough become warnings', async () => {
    const picture = await convertUpload({ bytes: sample('tiny-picture.docx'), format: 'docx' });
    expect(warning(picture.warnings, 'image')).toMatchObject({ count: 1 });
    const comments = await convertUpload({ bytes: sample('comments.docx'), format: 'docx' });
    expect(blockTexts(comments.content)).toEqual(['Ouch.']);
    expect(warning(comments.warnings, 'comments')?.count).toBeGreaterThan(0);
    const box = await convertUpload({ bytes: sample('text-box.docx'), format: 'docx' });
    expect(blockTexts(box.content)).toEqual(['Datum plane']);
    expect(warning(box.warnings, 'text-box')).toMatchObject({ count: 1 });
    const struck = await convertUpload({ bytes: sample('strikethrough.docx'), format: 'docx' });
    expect(blockTexts(struck.content)).toEqual(["Today's Special: Salmon Sold out"]);
    expect(warning(struck.warnings, 'formatting')).toMatchObject({
      count: 1,
      params: { format: 'strikethrough' },
    });
  });

  it('bold survives, and an empty document imports empty with a warning', async () => {
    const bold = await convertUpload({ bytes: sample('underline.docx'), format: 'docx' });
    expect(nodesOf(bold.content, 'text')).toEqual([
      { type: 'text', text: 'The Sunset Tree', marks: [{ type: 'bold' }] },
    ]);
    const empty = await convertUpload({ bytes: sample('empty.docx'), format: 'docx' });
    expect(blockTexts(empty.content)).toEqual(['']);
    expect(warning(empty.warnings, 'no-text')).toBeDefined();
  });

  it('strict OOXML and a byte order mark are read', async () => {
    const strict = await convertUpload({ bytes: sample('strict-format.docx'), format: 'docx' });
    expect(blockTexts(strict.content)).toEqual(['Test']);
    const bom = await convertUpload({ bytes: sample('utf8-bom.docx'), format: 'docx' });
    expect(blockTexts(bom.content)).toEqual(['This XML has a byte order mark.']);
  });
});

describe('Markdown', () => {
  it('keeps headings, nested lists, tables, links and marks', async () => {
    const { content, title, warnings } = await convertUpload({
      format: 'md',
      bytes: text(
        [
          '# Vägledning',
          '',
          'Ett **fett** och *kursivt* ord, och [en länk](https://example.se/a).',
          '',
          '## Del två',
          '',
          '1. Första',
          '   - inre punkt',
          '     - ännu djupare',
          '2. Andra',
          '',
          '| Aktör | Svar |',
          '|---|---|',
          '| Kommun | Ja |',
        ].join('\n'),
      ),
    });
    expect(title).toBe('Vägledning');
    expect(warnings).toEqual([]);
    expect(content.content?.map((block) => block.type)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'orderedList',
      'table',
    ]);
    const texts = nodesOf(content, 'text');
    expect(texts.find((node) => node.text === 'fett')?.marks).toEqual([{ type: 'bold' }]);
    expect(texts.find((node) => node.text === 'kursivt')?.marks).toEqual([{ type: 'italic' }]);
    expect(texts.find((node) => node.text === 'en länk')?.marks?.[0]).toMatchObject({
      type: 'link',
      attrs: { href: 'https://example.se/a' },
    });
    // ordered list › item › bullet list › item › bullet list › item
    const deepest = nodesOf(content, 'bulletList').at(-1);
    expect(textOf(deepest ?? {})).toBe('ännu djupare');
    expect(nodesOf(content, 'bulletList')).toHaveLength(2);
    expect(nodesOf(content, 'tableRow').map((row) => (row.content ?? []).map(textOf))).toEqual([
      ['Aktör', 'Svar'],
      ['Kommun', 'Ja'],
    ]);
  });

  it('raw HTML with scripts and event handlers, and javascript: links, never survive', async () => {
    const { content, warnings } = await convertUpload({
      format: 'md',
      bytes: text(
        [
          'Text <img src=x onerror="alert(1)"> och <b onclick="alert(2)">fet</b>.',
          '',
          '<script>alert(3)</script>',
          '',
          '[klicka](javascript:alert(4)) och <a href="jav&#x09;ascript:alert(5)">mer</a>',
        ].join('\n'),
      ),
    });
    const json = JSON.stringify(content);
    expect(json).not.toMatch(/alert|javascript|onerror|onclick|script/i);
    expect(blockTexts(content)).toEqual(['Text och fet.', 'klicka och mer']);
    expect(warning(warnings, 'script')?.count).toBe(3);
    expect(warning(warnings, 'image')?.count).toBe(1);
    expect(warning(warnings, 'unsafe-link')?.count).toBe(2);
  });
});

describe('HTML', () => {
  it('keeps structure, and reports what the schema drops, counted once per kind', async () => {
    const { content, title, warnings } = await convertUpload({
      format: 'html',
      bytes: text(`<!doctype html><html><head><title>Remissvar</title>
        <style>p { color: red }</style></head><body>
        <h1>Rubrik</h1><h5>Liten</h5><h6>Mindre</h6>
        <p><s>struken</s> <u>understruken</u> <code>kod</code> <s>igen</s></p>
        <ul><li>ett<ul><li>två</li></ul></li></ul>
        <p><a href="#kapitel-2">inom filen</a> <a href="mailto:a@b.se">mejl</a></p>
        <iframe src="https://evil.example"></iframe><video src="v.mp4"></video><hr>
        <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
        </body></html>`),
    });
    expect(title).toBe('Remissvar');
    const shape = (block: JSONContent): unknown[] => [block.type, block.attrs?.['level'] ?? null];
    expect(content.content?.map(shape)).toEqual([
      ['heading', 1],
      ['heading', 4],
      ['heading', 4],
      ['paragraph', null],
      ['bulletList', null],
      ['paragraph', null],
      ['table', null],
    ]);
    expect(nodesOf(content, 'bulletList')).toHaveLength(2);
    const byCode = Object.fromEntries(
      warnings.map((entry) => [`${entry.code}${entry.params?.['format'] ?? ''}`, entry.count]),
    );
    expect(byCode).toEqual({
      embedded: 2,
      'horizontal-rule': 1,
      formattingstrikethrough: 2,
      formattingunderline: 1,
      formattingcode: 1,
      'heading-level': 2,
      'internal-link': 1,
    });
    expect(warnings.every((entry) => entry.message.length > 0)).toBe(true);
  });
});

describe('DOCX archives', () => {
  /** A minimal archive that has a Word document's main part. */
  const docxArchive = (documentXml: string) =>
    zipSync({ 'word/document.xml': text(documentXml) }, { level: 6 });

  it('refuses a ZIP whose declared unpacked size is over the cap, before inflating it', () => {
    const archive = docxArchive('<w:document/>');
    // Make the central directory claim a huge size for the part, as a ZIP bomb does.
    const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
    let central = archive.byteLength - 22;
    while (view.getUint32(central, true) !== 0x02014b50) central -= 1;
    view.setUint32(central + 24, MAX_DOCX_UNZIPPED_BYTES + 1, true);
    expect(() => readDocxParts(archive)).toThrow(
      expect.objectContaining({ status: 413, details: { reason: 'unzipped-too-large' } }),
    );
  });

  it('refuses a ZIP that is not a Word document, naming what it is', () => {
    const archive = zipSync({ 'readme.txt': text('hej') });
    let error: unknown;
    try {
      readDocxParts(archive);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 400,
      details: { reason: 'type-mismatch', detected: 'zip', expected: 'docx' },
    });
  });
});
