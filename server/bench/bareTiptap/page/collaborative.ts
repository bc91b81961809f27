/**
 * Bare Tiptap with Yjs: the Collaboration extension (y-tiptap's sync plugin) bound to a Y.Doc
 * that `@hocuspocus/provider` syncs with the bench's bare Hocuspocus server. The socket URL and
 * document name come in the query string (`?ws=…&doc=…`).
 */
import { HocuspocusProvider } from '@hocuspocus/provider';
import { Editor } from '@tiptap/core';
import { Collaboration } from '@tiptap/extension-collaboration';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../../../shared/editor/blockTypes.ts';
import { baseExtensions, editorElement, markSynced } from './baseExtensions.ts';

const params = new URLSearchParams(location.search);
const url = params.get('ws');
const name = params.get('doc');
if (!url || !name) throw new Error('the bench page needs ?ws=<socket URL>&doc=<document name>');

const ydoc = new Y.Doc();
new HocuspocusProvider({
  url,
  name,
  document: ydoc,
  // Bare Hocuspocus has no authentication extension; the provider sends a token regardless.
  token: 'bench',
  onSynced: markSynced,
});
new Editor({
  element: editorElement(),
  extensions: [
    ...baseExtensions(true),
    Collaboration.configure({ document: ydoc, field: YJS_FRAGMENT }),
  ],
});
