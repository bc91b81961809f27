import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { Thread } from '../../../shared/api/comments.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { presenceName } from '../../../shared/editor/presenceName.ts';
import { YJS_FRAGMENT } from '../../../shared/editor/blockTypes.ts';
import { DOCUMENT_LANGUAGE } from '../../../shared/editor/documentLanguage.ts';
import { schemaExtensions } from '../../../shared/editor/extensions.ts';
import type { AnchorLayout, CommentRequest } from '../comments/commentRequest.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { CommentBar } from './comments/CommentBar.tsx';
import { CommentHighlightExtension } from './comments/CommentHighlightExtension.ts';
import { blockRequest, passageRequest } from './comments/commentRequests.ts';
import { COMMENT_SHORTCUT, CommentShortcutExtension } from './comments/CommentShortcutExtension.ts';
import { MarginColumn } from './comments/MarginColumn.tsx';
import { useEditorLayout } from './comments/useEditorLayout.ts';
import { useThreadHighlights } from './comments/useThreadHighlights.ts';
import { EditorToolbar } from './EditorToolbar.tsx';
import { registerProposalApplier } from '../proposals/proposalAppliers.ts';
import { ACCEPTED_PROPOSAL_ORIGIN, applyPreparedChange } from './proposals/applyPreparedChange.ts';
import { insertionSelector } from './proposals/insertionSelector.ts';
import { ProposalSuggestionExtension } from './proposals/ProposalSuggestionExtension.ts';
import { ProposalViewToggle } from './proposals/ProposalViewToggle.tsx';
import { undoManagerOf } from './proposals/undoManagerOf.ts';
import { useProposalSuggestions } from './proposals/useProposalSuggestions.ts';
import { NumberingExtension } from './NumberingExtension.ts';
import { PastedHtmlExtension } from './PastedHtmlExtension.ts';
import { ReadOnlyNavigationExtension } from './ReadOnlyNavigationExtension.ts';
import { renderCaret } from './renderCaret.ts';
import type { Collaboration as CollaborationSession } from './useCollaboration.ts';
import { userColor } from './userColor.ts';

/** What the editor reports to the page; kept in a ref so the editor is not rebuilt for them. */
interface Handlers {
  onActivateThread: (threadId: string | null) => void;
  commentOnSelection: () => void;
}

/**
 * The collaborative editor: the shared schema bound to the Yjs document, carets of the other
 * people present, margin numbers with comment counts, and highlights of the passages threads
 * are about. Read-only users get the same view without a toolbar and with editing switched off
 * (their socket is read-only on the server as well), but can still move a caret and select
 * text with the keyboard, so commenters can comment without a mouse.
 */
export function DocumentEditor({
  session,
  user,
  canEdit,
  canComment,
  threads,
  activeThreadId,
  onActivateThread,
  onRequestComment,
  onAnchorLayout,
}: {
  session: CollaborationSession;
  user: SessionUser;
  canEdit: boolean;
  /** Whether the user may start threads (commenter and up, while the period allows it). */
  canComment: boolean;
  threads: readonly Thread[];
  activeThreadId: string | null;
  onActivateThread: (threadId: string | null) => void;
  onRequestComment: (request: CommentRequest) => void;
  onAnchorLayout: (layout: AnchorLayout) => void;
}) {
  const { t } = useI18n();
  const hintId = useId();
  const frame = useRef<HTMLDivElement>(null);
  const [notice, setNotice] = useState('');
  const handlers = useRef<Handlers>({
    onActivateThread,
    commentOnSelection: () => undefined,
  });

  const attributes = useCallback(
    (): Record<string, string> => ({
      class: 'document-text',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': t('editor.region'),
      'aria-readonly': String(!canEdit),
      lang: DOCUMENT_LANGUAGE,
      // A non-editable view is not focusable by itself; readers need it to select with keys.
      ...(canEdit ? {} : { tabindex: '0' }),
      ...(canComment ? { 'aria-describedby': hintId, 'aria-keyshortcuts': COMMENT_SHORTCUT } : {}),
    }),
    [t, canEdit, canComment, hintId],
  );

  const editor = useEditor(
    {
      editable: canEdit,
      extensions: [
        ...schemaExtensions({ assignBlockIds: canEdit }),
        Collaboration.configure({
          document: session.ydoc,
          field: YJS_FRAGMENT,
          // An accepted proposal this browser applies is undone like the editor's own typing.
          yUndoOptions: { trackedOrigins: [ACCEPTED_PROPOSAL_ORIGIN] },
        }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: { name: presenceName(user), color: userColor(user.id) },
          render: renderCaret,
        }),
        NumberingExtension,
        PastedHtmlExtension,
        CommentHighlightExtension.configure({
          onActivate: (threadId) => handlers.current.onActivateThread(threadId),
        }),
        ProposalSuggestionExtension,
        CommentShortcutExtension.configure({
          onShortcut: () => handlers.current.commentOnSelection(),
        }),
        ...(canEdit ? [] : [ReadOnlyNavigationExtension]),
      ],
      editorProps: { attributes: attributes() },
    },
    [session, canEdit],
  );

  useEffect(() => {
    editor.setOptions({ editorProps: { attributes: attributes() } });
  }, [editor, attributes]);

  const commentOnSelection = useCallback(() => {
    if (!canComment) return;
    const { from, to, empty } = editor.state.selection;
    const request = empty ? 'empty' : passageRequest(editor.state.doc, from, to);
    if (typeof request === 'string') {
      setNotice(t(request === 'too-long' ? 'comments.selectionTooLong' : 'comments.selectFirst'));
      return;
    }
    setNotice('');
    onRequestComment(request);
  }, [canComment, editor, onRequestComment, t]);

  const proposeOnSelection = useCallback(() => {
    if (!canComment) return;
    const { from, to, empty } = editor.state.selection;
    if (empty) {
      const selector = insertionSelector(editor.state.doc, from);
      onRequestComment({ target: { selector }, quote: '', label: '', proposal: true });
      setNotice('');
      return;
    }
    const request = passageRequest(editor.state.doc, from, to);
    if (typeof request === 'string') {
      setNotice(t(request === 'too-long' ? 'comments.selectionTooLong' : 'comments.selectFirst'));
      return;
    }
    setNotice('');
    onRequestComment({ ...request, proposal: true });
  }, [canComment, editor, onRequestComment, t]);

  const [showProposals, setShowProposals] = useState(true);
  const hasProposals = threads.some((thread) => thread.proposal !== undefined);
  useProposalSuggestions(editor, threads);
  useEffect(() => {
    if (!canEdit) return;
    return registerProposalApplier(session.provider.configuration.name, (change) =>
      applyPreparedChange(session.ydoc, session.saves, undoManagerOf(editor), change),
    );
  }, [canEdit, editor, session]);

  const layout = useEditorLayout(editor, frame);
  const { targetAt } = layout;
  const commentOnBlock = useCallback(
    (index: number) => {
      const block = targetAt(index);
      if (!block) return;
      const request = blockRequest(editor.state.doc, block);
      if (typeof request === 'string') {
        setNotice(t('comments.selectionTooLong'));
        return;
      }
      setNotice('');
      onRequestComment(request);
    },
    [editor, onRequestComment, t, targetAt],
  );

  useLayoutEffect(() => {
    handlers.current = { onActivateThread, commentOnSelection };
  }, [onActivateThread, commentOnSelection]);

  useEffect(() => onAnchorLayout(layout.anchors), [layout.anchors, onAnchorLayout]);
  useThreadHighlights(editor, threads, activeThreadId, layout.anchors);

  return (
    <div className="document-editor">
      {(canEdit || canComment) && (
        // One sticky block, so the Comment button stays in reach however far down the text the
        // selection is.
        <div className="editor-bars">
          {canEdit && <EditorToolbar editor={editor} />}
          {canComment && (
            <CommentBar
              hintId={hintId}
              notice={notice}
              onComment={commentOnSelection}
              onPropose={proposeOnSelection}
            />
          )}
        </div>
      )}
      {hasProposals && <ProposalViewToggle show={showProposals} onChange={setShowProposals} />}
      <div
        className={showProposals ? 'document-frame' : 'document-frame hide-proposals'}
        ref={frame}
      >
        <EditorContent editor={editor} className="document-surface" />
        <MarginColumn blocks={layout.blocks} canComment={canComment} onComment={commentOnBlock} />
      </div>
    </div>
  );
}
