import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/**
 * The shortcut for commenting on the selection, as `aria-keyshortcuts` spells it. Ctrl+Alt+M is
 * what Google Docs and LibreOffice use, so people who comment elsewhere already know it.
 */
export const COMMENT_SHORTCUT = 'Control+Alt+M';

/** Whether a key press is the comment shortcut (Ctrl+Alt+M, or Cmd+Option+M on a Mac). */
export function isCommentShortcut(event: KeyboardEvent): boolean {
  // `code`, not `key`: Alt/Option turns the M into another character on many layouts.
  return event.altKey && (event.ctrlKey || event.metaKey) && event.code === 'KeyM';
}

/** Options of {@link CommentShortcutExtension}. */
export interface CommentShortcutOptions {
  /**
   * Called when the shortcut is pressed inside the editor.
   * @default () => undefined
   */
  onShortcut: () => void;
}

/**
 * Runs `onShortcut` on Ctrl+Alt+M inside the editor. A DOM key handler rather than a Tiptap
 * keyboard shortcut, because ProseMirror does not run keymaps while the view is not editable,
 * and commenters read the text in a non-editable view.
 */
export const CommentShortcutExtension = Extension.create<CommentShortcutOptions>({
  name: 'remissCommentShortcut',

  addOptions() {
    return { onShortcut: () => undefined };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey('remiss-comment-shortcut'),
        props: {
          handleDOMEvents: {
            keydown: (_view, event) => {
              if (!isCommentShortcut(event)) return false;
              event.preventDefault();
              options.onShortcut();
              return true;
            },
          },
        },
      }),
    ];
  },
});
