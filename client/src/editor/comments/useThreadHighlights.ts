import type { Editor } from '@tiptap/core';
import { useEffect, useMemo, useRef } from 'react';
import type { Thread } from '../../../../shared/api/comments.ts';
import type { AnchorLayout } from '../../comments/commentRequest.ts';
import { anchorSources } from './anchorSource.ts';
import { commentHighlightKey, type CommentHighlightMeta } from './CommentHighlightExtension.ts';

function send(editor: Editor, meta: CommentHighlightMeta): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(commentHighlightKey, meta));
}

/** Whether a box is well inside the window, clear of the sticky bars above the text. */
function comfortablyVisible(top: number, bottom: number): boolean {
  const bars = document.querySelector('.editor-bars')?.getBoundingClientRect().bottom ?? 0;
  return top >= Math.max(bars, 0) + 16 && bottom <= window.innerHeight - 32;
}

/**
 * Hands the threads to the highlight plugin, marks the active one, and brings the active
 * thread's passage into view once it can be placed (it may arrive after the thread list does).
 * A passage already on screen is left where it is, so clicking it does not make the page jump.
 */
export function useThreadHighlights(
  editor: Editor,
  threads: readonly Thread[],
  activeThreadId: string | null,
  anchors: AnchorLayout,
): void {
  const sources = useMemo(() => anchorSources(threads), [threads]);
  useEffect(() => send(editor, { sources }), [editor, sources]);

  useEffect(() => send(editor, { activeThreadId }), [editor, activeThreadId]);

  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (activeThreadId === null) {
      scrolledFor.current = null;
      return;
    }
    if (scrolledFor.current === activeThreadId || !anchors.has(activeThreadId)) return;
    const range = commentHighlightKey.getState(editor.state)?.ranges.get(activeThreadId);
    if (!range || editor.isDestroyed) return;
    scrolledFor.current = activeThreadId;
    const start = editor.view.coordsAtPos(range.from);
    const end = editor.view.coordsAtPos(range.to);
    if (comfortablyVisible(start.top, end.bottom)) return;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    window.scrollTo({
      top: window.scrollY + start.top - window.innerHeight / 3,
      behavior: reduce ? 'auto' : 'smooth',
    });
  }, [editor, activeThreadId, anchors]);
}
