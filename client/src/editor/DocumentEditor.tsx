import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import type { SessionUser } from '../../../shared/api/session.ts';
import { YJS_FRAGMENT } from '../../../shared/editor/blockTypes.ts';
import { schemaExtensions } from '../../../shared/editor/extensions.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { EditorToolbar } from './EditorToolbar.tsx';
import { NumberingExtension } from './NumberingExtension.ts';
import { renderCaret } from './renderCaret.ts';
import type { Collaboration as CollaborationSession } from './useCollaboration.ts';
import { userColor } from './userColor.ts';

/**
 * The collaborative editor: the shared schema bound to the Yjs document, carets of the other
 * people present, and margin numbers. Read-only users get the same view without a toolbar and
 * with editing switched off; their socket is read-only on the server as well.
 */
export function DocumentEditor({
  session,
  user,
  canEdit,
}: {
  session: CollaborationSession;
  user: SessionUser;
  canEdit: boolean;
}) {
  const { t } = useI18n();
  const editor = useEditor(
    {
      editable: canEdit,
      extensions: [
        ...schemaExtensions({ assignBlockIds: canEdit }),
        Collaboration.configure({ document: session.ydoc, field: YJS_FRAGMENT }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: { name: `${user.name} (${user.organisation})`, color: userColor(user.id) },
          render: renderCaret,
        }),
        NumberingExtension,
      ],
      editorProps: {
        attributes: {
          class: 'document-text',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': t('editor.region'),
          'aria-readonly': String(!canEdit),
        },
      },
    },
    [session, canEdit],
  );

  useEffect(() => {
    editor.setOptions({
      editorProps: {
        attributes: {
          class: 'document-text',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': t('editor.region'),
          'aria-readonly': String(!canEdit),
        },
      },
    });
  }, [editor, t, canEdit]);

  return (
    <div className="document-editor">
      {canEdit && <EditorToolbar editor={editor} />}
      <EditorContent editor={editor} className="document-surface" />
    </div>
  );
}
