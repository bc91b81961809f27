import { HocuspocusProvider } from '@hocuspocus/provider';
import { getSchema, type JSONContent } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../../shared/editor/blockTypes.ts';
import { schemaExtensions } from '../../../shared/editor/extensions.ts';
import { fetchCollabToken } from '../api/documentsApi.ts';

let schema: Schema | undefined;

function collabUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/collab`;
}

/**
 * Follows the current text of a document for the presentation: a Y.Doc of its own, synced with
 * the server and never written to (so a commenter presenting changes nothing), read as Tiptap
 * JSON each time it changes. Returns a function that disconnects.
 */
export function followLiveContent(
  documentId: string,
  onContent: (content: JSONContent) => void,
  onFailure: (reason: string) => void,
): () => void {
  schema ??= getSchema(schemaExtensions({ assignBlockIds: false }));
  const shared = schema;
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment(YJS_FRAGMENT);
  const read = () => {
    // ProseMirror types toJSON() as any; it is exactly Tiptap's JSONContent shape.
    const json: unknown = yXmlFragmentToProseMirrorRootNode(fragment, shared).toJSON();
    onContent(json as JSONContent);
  };
  let following = false;
  const provider = new HocuspocusProvider({
    url: collabUrl(),
    name: documentId,
    document: ydoc,
    token: async () => (await fetchCollabToken(documentId)).token,
    // Synced again after every reconnect; one observer is enough.
    onSynced: () => {
      read();
      if (following) return;
      following = true;
      fragment.observeDeep(read);
    },
    onAuthenticationFailed: ({ reason }) => onFailure(reason),
  });
  return () => {
    fragment.unobserveDeep(read);
    provider.destroy();
    ydoc.destroy();
  };
}
