import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';

/**
 * Fault tests write edits as tokens, one paragraph each, so that what was lost can be counted:
 * `<tag>-w<writer>-<n>`, e.g. `r3-w07-000042`. Appending a paragraph is what typing Enter and a
 * word does to the Tiptap fragment, and tokens from many writers never merge into each other.
 */
export const TOKEN_PATTERN = /\b[a-z0-9]+-w\d+-\d+\b/g;

/** The token a writer writes as its `n`th edit. */
export function tokenName(tag: string, writer: number, n: number): string {
  return `${tag}-w${String(writer).padStart(2, '0')}-${String(n).padStart(6, '0')}`;
}

/** Appends `token` to the document as a new paragraph, as the editor would. */
export function appendToken(ydoc: Y.Doc, token: string): void {
  const fragment = ydoc.getXmlFragment(YJS_FRAGMENT);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(token)]);
  fragment.insert(fragment.length, [paragraph]);
}

/** Every token in a Yjs document. */
export function tokensOf(ydoc: Y.Doc): Set<string> {
  return new Set(ydoc.getXmlFragment(YJS_FRAGMENT).toJSON().match(TOKEN_PATTERN) ?? []);
}

/**
 * Every token of a document as a cold load would find it: the state row and each log row after
 * it, read from the file by a separate read-only connection (so it works beside a running
 * server, and while another process holds the write lock).
 */
export function storedTokens(dataDir: string, documentId: string): Set<string> {
  const db = new Database(path.join(dataDir, DATABASE_FILE), {
    readonly: true,
    fileMustExist: true,
  });
  const ydoc = new Y.Doc();
  try {
    const state = db
      .prepare<[string], { state: Buffer }>(
        'SELECT state FROM document_state WHERE document_id = ?',
      )
      .get(documentId);
    if (state) Y.applyUpdate(ydoc, state.state);
    const updates = db
      .prepare<[string], { data: Buffer }>(
        'SELECT data FROM document_updates WHERE document_id = ? ORDER BY seq',
      )
      .all(documentId);
    for (const update of updates) Y.applyUpdate(ydoc, update.data);
    return tokensOf(ydoc);
  } finally {
    ydoc.destroy();
    db.close();
  }
}
