import { Collaboration } from '@tiptap/extension-collaboration';
import { EditorContent, useEditor } from '@tiptap/react';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type * as Y from 'yjs';
import type { Thread } from '../../../shared/api/comments.ts';
import { YJS_FRAGMENT } from '../../../shared/editor/blockTypes.ts';
import { DOCUMENT_LANGUAGE } from '../../../shared/editor/documentLanguage.ts';
import { schemaExtensions } from '../../../shared/editor/extensions.ts';
import type { AnchorLayout } from '../comments/commentRequest.ts';
import { CommentHighlightExtension } from '../editor/comments/CommentHighlightExtension.ts';
import { MarginColumn } from '../editor/comments/MarginColumn.tsx';
import { useEditorLayout } from '../editor/comments/useEditorLayout.ts';
import { useThreadHighlights } from '../editor/comments/useThreadHighlights.ts';
import { NumberingExtension } from '../editor/NumberingExtension.ts';
import { ReadOnlyNavigationExtension } from '../editor/ReadOnlyNavigationExtension.ts';

/**
 * The text of one version, read-only and exactly as stored: the shared schema bound to a Y.Doc
 * that holds the version's Yjs state and is never connected to the server. Binding it through
 * Collaboration, as the live editor does, means the comment highlights find their passages by
 * the same Yjs relative positions, and the numbers in the margin are the version's own.
 * The caret can still be moved and text selected with the keyboard, for copying.
 */
export function VersionText({
  ydoc,
  label,
  threads,
  activeThreadId,
  onActivateThread,
  onAnchorLayout,
}: {
  ydoc: Y.Doc;
  /** Accessible name of the text. */
  label: string;
  threads: readonly Thread[];
  activeThreadId: string | null;
  onActivateThread: (threadId: string | null) => void;
  onAnchorLayout: (layout: AnchorLayout) => void;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const activate = useRef(onActivateThread);
  useLayoutEffect(() => {
    activate.current = onActivateThread;
  }, [onActivateThread]);

  const attributes = useCallback(
    (): Record<string, string> => ({
      class: 'document-text version-text',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-readonly': 'true',
      'aria-label': label,
      lang: DOCUMENT_LANGUAGE,
      // A view that is not editable is not focusable by itself; keyboard users need it to be.
      tabindex: '0',
    }),
    [label],
  );

  const editor = useEditor(
    {
      editable: false,
      extensions: [
        // Never writes: the Y.Doc is this version's copy, and it stays as stored.
        ...schemaExtensions({ assignBlockIds: false }),
        Collaboration.configure({ document: ydoc, field: YJS_FRAGMENT }),
        NumberingExtension,
        CommentHighlightExtension.configure({
          onActivate: (threadId) => activate.current(threadId),
        }),
        ReadOnlyNavigationExtension,
      ],
      editorProps: { attributes: attributes() },
    },
    [ydoc],
  );

  useEffect(() => {
    editor.setOptions({ editorProps: { attributes: attributes() } });
  }, [editor, attributes]);

  const layout = useEditorLayout(editor, frame);
  useEffect(() => onAnchorLayout(layout.anchors), [layout.anchors, onAnchorLayout]);
  useThreadHighlights(editor, threads, activeThreadId, layout.anchors);

  return (
    <div className="document-editor">
      <div className="document-frame" ref={frame}>
        <EditorContent editor={editor} className="document-surface" />
        <MarginColumn blocks={layout.blocks} canComment={false} onComment={() => undefined} />
      </div>
    </div>
  );
}
