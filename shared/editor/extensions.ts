import type { Extensions } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { UniqueID } from '@tiptap/extension-unique-id';
import { sanitizeUrl } from '../sanitizeUrl.ts';
import { BLOCK_ID_ATTRIBUTE, BLOCK_ID_TYPES } from './blockTypes.ts';

/** Options for the shared extension list. */
export interface SchemaExtensionOptions {
  /**
   * Whether UniqueID may add ids to blocks that lack them. Read-only editors must pass `false`:
   * they never write to the document, so they must not try to.
   * @default true
   */
  assignBlockIds?: boolean;
}

/**
 * The one editor schema of Remiss, as a Tiptap extension list. The browser edits with it (adding
 * collaboration and UI extensions on top) and the server reads Yjs into ProseMirror with it for
 * seeding, export, comments and diffs. Change the schema here and nowhere else.
 *
 * Undo/redo is left out on purpose: the collaborative editor uses Yjs' undo manager, which only
 * undoes the local user's own changes.
 */
export function schemaExtensions(options: SchemaExtensionOptions = {}): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
      horizontalRule: false,
      heading: { levels: [1, 2, 3, 4] },
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        protocols: ['mailto'],
        isAllowedUri: (url) => sanitizeUrl(url) !== null,
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
      },
    }),
    TableKit.configure({ table: { resizable: false } }),
    UniqueID.configure({
      types: BLOCK_ID_TYPES,
      attributeName: BLOCK_ID_ATTRIBUTE,
      updateDocument: options.assignBlockIds ?? true,
    }),
  ];
}
