/**
 * Bare Tiptap without Yjs: the same document as static content (ProseMirror JSON the bench
 * serves at /content.json), so that a keystroke here costs ProseMirror and the DOM only, and the
 * difference to the collaborative page is y-tiptap's share.
 */
import { Editor, type JSONContent } from '@tiptap/core';
import { baseExtensions, editorElement, markSynced } from './baseExtensions.ts';

async function open(): Promise<void> {
  const response = await fetch('/content.json');
  if (!response.ok) throw new Error(`/content.json: HTTP ${response.status}`);
  const content = (await response.json()) as JSONContent;
  new Editor({ element: editorElement(), extensions: baseExtensions(false), content });
  markSynced();
}

void open();
