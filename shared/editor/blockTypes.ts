/**
 * Node types that carry a stable block id. Comments anchor to these ids (W3C FragmentSelector),
 * diffs match blocks by them, and the margin numbering is keyed by them.
 */
export const BLOCK_ID_TYPES = ['heading', 'paragraph', 'listItem', 'tableCell', 'tableHeader'];

/** Name of the node attribute that holds the block id (rendered as `data-id`). */
export const BLOCK_ID_ATTRIBUTE = 'id';

/** Name of the Y.XmlFragment that holds the Tiptap document in every Yjs document. */
export const YJS_FRAGMENT = 'default';
