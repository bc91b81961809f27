import { Extension } from '@tiptap/core';
import { AllSelection, Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';

/** Plugin key of the read-only caret. */
export const readOnlyNavigationKey = new PluginKey('remiss-read-only-navigation');

type Granularity = 'character' | 'word' | 'line' | 'lineboundary' | 'documentboundary';

/** How a key moves the caret, or null for keys this extension leaves alone. */
function movement(
  event: KeyboardEvent,
): { direction: 'backward' | 'forward'; granularity: Granularity } | null {
  const word = event.ctrlKey || event.altKey;
  switch (event.key) {
    case 'ArrowLeft':
      return { direction: 'backward', granularity: word ? 'word' : 'character' };
    case 'ArrowRight':
      return { direction: 'forward', granularity: word ? 'word' : 'character' };
    case 'ArrowUp':
      return { direction: 'backward', granularity: 'line' };
    case 'ArrowDown':
      return { direction: 'forward', granularity: 'line' };
    case 'Home':
      return {
        direction: 'backward',
        granularity: event.ctrlKey ? 'documentboundary' : 'lineboundary',
      };
    case 'End':
      return {
        direction: 'forward',
        granularity: event.ctrlKey ? 'documentboundary' : 'lineboundary',
      };
    default:
      return null;
  }
}

/** Puts the browser's selection where the editor's is, when it is not inside the editor yet. */
function ensureDomSelection(view: EditorView, selection: Selection): void {
  const anchor = selection.anchorNode;
  if (anchor && view.dom.contains(anchor)) return;
  const { node, offset } = view.domAtPos(view.state.selection.head);
  selection.collapse(node, offset);
}

function onKeyDown(view: EditorView, event: KeyboardEvent): boolean {
  if (view.editable) return false;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
    // Natively this would select the whole page, not the document.
    view.dispatch(view.state.tr.setSelection(new AllSelection(view.state.doc)));
    event.preventDefault();
    return true;
  }
  if (event.metaKey) return false;
  const move = movement(event);
  const selection = view.dom.ownerDocument.getSelection();
  if (!move || !selection) return false;
  ensureDomSelection(view, selection);
  // The browser moves a caret through text that is not editable only with caret browsing on.
  // Selection.modify does the same moves on request; ProseMirror then reads the new selection
  // from the DOM as it does for mouse selections.
  selection.modify(event.shiftKey ? 'extend' : 'move', move.direction, move.granularity);
  event.preventDefault();
  syncSelection(view, selection);
  return true;
}

/**
 * Takes the browser's new selection into the editor state at once. ProseMirror would read it on
 * the next `selectionchange` event, which comes later; a shortcut pressed right after the
 * arrows (Ctrl+Alt+M) must already see the new selection.
 */
function syncSelection(view: EditorView, selection: Selection): void {
  const { anchorNode, focusNode } = selection;
  if (!anchorNode || !focusNode) return;
  if (!view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return;
  try {
    const anchor = view.posAtDOM(anchorNode, selection.anchorOffset);
    const head = view.posAtDOM(focusNode, selection.focusOffset);
    const next = TextSelection.create(view.state.doc, anchor, head);
    if (!next.eq(view.state.selection)) view.dispatch(view.state.tr.setSelection(next));
  } catch {
    // A DOM position ProseMirror cannot map; it reads the selection itself on selectionchange.
  }
}

/**
 * Lets people who may not edit the text still move a caret and select text with the keyboard
 * (arrows, Shift+arrows, Home/End, Ctrl+A), so commenting on a passage does not need a mouse.
 * A non-editable ProseMirror view gets neither keyboard focus nor a caret from the browser;
 * the editor is given `tabindex="0"` and this extension moves the selection and draws a caret
 * while it has focus. Add it only to read-only editors.
 */
export const ReadOnlyNavigationExtension = Extension.create({
  name: 'remissReadOnlyNavigation',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: readOnlyNavigationKey,
        props: {
          handleDOMEvents: {
            keydown: onKeyDown,
          },
          decorations: (state) => {
            if (!state.selection.empty) return null;
            // Shown only while the editor has focus (a CSS rule on .ProseMirror-focused).
            const caret = Decoration.widget(
              state.selection.head,
              () => {
                const element = document.createElement('span');
                element.className = 'read-only-caret';
                element.setAttribute('aria-hidden', 'true');
                return element;
              },
              { key: 'read-only-caret', side: -1 },
            );
            return DecorationSet.create(state.doc, [caret]);
          },
        },
      }),
    ];
  },
});
