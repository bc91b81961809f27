import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useId, useState, type SyntheticEvent } from 'react';
import { sanitizeUrl } from '../../../shared/sanitizeUrl.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * Formatting buttons for editors. Toggle buttons report their state with `aria-pressed`; the
 * link button opens a small labelled form instead of `window.prompt`, so it is usable with a
 * screen reader and by keyboard.
 */
export function EditorToolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);
  const linkId = useId();

  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      paragraph: e.isActive('paragraph'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  const openLink = () => {
    setHref(String(editor.getAttributes('link')['href'] ?? ''));
    setLinkError(null);
    setLinkOpen(true);
  };

  const applyLink = (event: SyntheticEvent) => {
    event.preventDefault();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (href.trim() === '') {
      chain.unsetLink().run();
      setLinkOpen(false);
      return;
    }
    const safe = sanitizeUrl(href);
    if (!safe) {
      setLinkError(t('editor.link.invalid'));
      return;
    }
    chain.setLink({ href: safe }).run();
    setLinkOpen(false);
  };

  const button = (
    label: string,
    pressed: boolean | undefined,
    run: () => void,
    disabled = false,
  ) => (
    <button
      type="button"
      aria-pressed={pressed}
      disabled={disabled}
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );

  return (
    <div className="toolbar-wrap">
      <div role="toolbar" aria-label={t('editor.toolbar')} className="toolbar">
        {button(
          t('editor.undo'),
          undefined,
          () => editor.chain().focus().undo().run(),
          !active.canUndo,
        )}
        {button(
          t('editor.redo'),
          undefined,
          () => editor.chain().focus().redo().run(),
          !active.canRedo,
        )}
        <span className="toolbar-separator" aria-hidden="true" />
        {button(t('editor.paragraph'), active.paragraph, () =>
          editor.chain().focus().setParagraph().run(),
        )}
        {button(t('editor.heading', { level: 2 }), active.h2, () =>
          editor.chain().focus().toggleHeading({ level: 2 }).run(),
        )}
        {button(t('editor.heading', { level: 3 }), active.h3, () =>
          editor.chain().focus().toggleHeading({ level: 3 }).run(),
        )}
        <span className="toolbar-separator" aria-hidden="true" />
        {button(t('editor.bold'), active.bold, () => editor.chain().focus().toggleBold().run())}
        {button(t('editor.italic'), active.italic, () =>
          editor.chain().focus().toggleItalic().run(),
        )}
        {button(t('editor.link'), active.link, openLink)}
        <span className="toolbar-separator" aria-hidden="true" />
        {button(t('editor.bulletList'), active.bulletList, () =>
          editor.chain().focus().toggleBulletList().run(),
        )}
        {button(t('editor.orderedList'), active.orderedList, () =>
          editor.chain().focus().toggleOrderedList().run(),
        )}
        {button(t('editor.blockquote'), active.blockquote, () =>
          editor.chain().focus().toggleBlockquote().run(),
        )}
        {button(t('editor.table'), undefined, () =>
          editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
        )}
      </div>
      {linkOpen && (
        <form className="link-form" onSubmit={applyLink}>
          <label htmlFor={linkId}>{t('editor.link.prompt')}</label>
          <input
            id={linkId}
            type="url"
            value={href}
            onChange={(event) => setHref(event.target.value)}
            aria-invalid={linkError !== null}
            aria-describedby={linkError ? `${linkId}-error` : undefined}
            // Opened on request from the toolbar; typing the address is the next step.
            autoFocus
          />
          <button type="submit">{t('editor.link')}</button>
          <button type="button" onClick={() => setLinkOpen(false)}>
            {t('documents.rename.cancel')}
          </button>
          {linkError && (
            <p id={`${linkId}-error`} role="alert" className="error">
              {linkError}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
