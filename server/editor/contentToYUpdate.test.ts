import type { JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BLOCK_ID_ATTRIBUTE,
  BLOCK_ID_TYPES,
  YJS_FRAGMENT,
} from '../../shared/editor/blockTypes.ts';
import { sanitizeUrl } from '../../shared/sanitizeUrl.ts';
import { demoDraft } from '../seed/demoDraft.ts';
import { contentToYUpdate, emptyDocumentUpdate } from './contentToYUpdate.ts';
import { parseContent, schema } from './schema.ts';

/** Reads an update back the way the server and the editor do: Yjs into ProseMirror. */
function readBack(update: Uint8Array): ProseMirrorNode {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, update);
  const node = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(YJS_FRAGMENT), schema);
  ydoc.destroy();
  return node;
}

/** Tiptap JSON without block ids, to compare structure and text where ids are freshly made. */
function withoutIds(json: JSONContent): JSONContent {
  const { attrs, content, ...rest } = json;
  const kept = attrs
    ? Object.fromEntries(Object.entries(attrs).filter(([key]) => key !== BLOCK_ID_ATTRIBUTE))
    : undefined;
  return {
    ...rest,
    ...(kept && Object.keys(kept).length > 0 ? { attrs: kept } : {}),
    ...(content ? { content: content.map(withoutIds) } : {}),
  };
}

function blockIds(node: ProseMirrorNode): unknown[] {
  const ids: unknown[] = [];
  node.descendants((child) => {
    if (BLOCK_ID_TYPES.includes(child.type.name)) ids.push(child.attrs[BLOCK_ID_ATTRIBUTE]);
    return true;
  });
  return ids;
}

describe('contentToYUpdate', () => {
  const demo = readBack(contentToYUpdate(demoDraft));

  it('converts the demo draft into a full document', () => {
    let sections = 0;
    let paragraphs = 0;
    demo.forEach((node) => {
      if (node.type.name === 'heading' && node.attrs['level'] === 2) sections += 1;
      if (node.type.name === 'paragraph') paragraphs += 1;
    });
    expect(sections).toBeGreaterThanOrEqual(12);
    expect(sections).toBeLessThanOrEqual(15);
    expect(paragraphs).toBeGreaterThanOrEqual(50);
    const present = new Set<string>();
    demo.descendants((node) => {
      present.add(node.type.name);
      return true;
    });
    for (const type of ['bulletList', 'orderedList', 'blockquote', 'table', 'tableHeader']) {
      expect(present).toContain(type);
    }
  });

  it('gives every block a unique id, so comments can anchor to it', () => {
    const ids = blockIds(demo);
    expect(ids.length).toBeGreaterThan(300);
    for (const id of ids) {
      expect(typeof id).toBe('string');
      expect(id).not.toBe('');
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('round-trips through Yjs to the same structure, text and marks', () => {
    expect(withoutIds(demo.toJSON() as JSONContent)).toEqual(
      withoutIds(parseContent(demoDraft).toJSON() as JSONContent),
    );
    expect(demo.textContent).toBe(parseContent(demoDraft).textContent);
  });

  it('keeps only links that are safe to render', () => {
    const hrefs: unknown[] = [];
    demo.descendants((node) => {
      for (const mark of node.marks) if (mark.type.name === 'link') hrefs.push(mark.attrs['href']);
      return true;
    });
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(sanitizeUrl(String(href))).toBe(href);
  });

  it('keeps existing unique ids and replaces missing and duplicated ones', () => {
    const node = readBack(
      contentToYUpdate({
        type: 'doc',
        content: [
          { type: 'paragraph', attrs: { id: 'keep-me' }, content: [{ type: 'text', text: 'a' }] },
          { type: 'paragraph', attrs: { id: 'twice' }, content: [{ type: 'text', text: 'b' }] },
          { type: 'paragraph', attrs: { id: 'twice' }, content: [{ type: 'text', text: 'c' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'd' }] },
        ],
      }),
    );
    const ids = blockIds(node);
    expect(ids.slice(0, 2)).toEqual(['keep-me', 'twice']);
    expect(new Set(ids).size).toBe(4);
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
  });

  it('refuses content the schema does not allow, so it never reaches a document', () => {
    expect(() =>
      contentToYUpdate({
        type: 'doc',
        content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'paragraph' }] }],
      }),
    ).toThrow();
    expect(() => contentToYUpdate({ type: 'doc', content: [{ type: 'script' }] })).toThrow();
  });

  it('makes an empty document of one empty paragraph that already has an id', () => {
    const node = readBack(emptyDocumentUpdate());
    expect(node.childCount).toBe(1);
    expect(node.firstChild?.type.name).toBe('paragraph');
    expect(node.firstChild?.content.size).toBe(0);
    const [id] = blockIds(node);
    expect(typeof id).toBe('string');
    expect(id).not.toBe('');
  });
});
