import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { withoutEventHandlers } from './withoutEventHandlers.ts';

/**
 * Takes event-handler attributes out of pasted and dropped HTML before the editor parses it
 * (see withoutEventHandlers for why). ProseMirror hands both through `transformPastedHTML`,
 * first, before any parser sees the HTML. What the schema keeps of a paste is unchanged:
 * handlers were never part of it.
 */
export const PastedHtmlExtension = Extension.create({
  name: 'remissPastedHtml',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('remiss-pasted-html'),
        props: { transformPastedHTML: (html) => withoutEventHandlers(html) },
      }),
    ];
  },
});
