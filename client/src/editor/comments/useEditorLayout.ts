import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { useEffect, useState, type RefObject } from 'react';
import { proposalSuggestionKey } from '../proposals/ProposalSuggestionExtension.ts';
import { commentHighlightKey } from './CommentHighlightExtension.ts';
import {
  createLayoutMemory,
  measureLayout,
  sameAnchors,
  sameLayout,
  type EditorLayout,
} from './measureLayout.ts';

const EMPTY: EditorLayout = { anchors: new Map(), blocks: [] };

/**
 * Keeps the layout of passages and numbered blocks current: after every transaction (typing,
 * remote edits, new threads) and whenever the frame changes size (window width, fonts).
 *
 * Measuring stays off the keystroke's path: it waits for the frame that shows the keystroke to
 * be painted (an animation frame, then a task), measures at most once per frame, and measures
 * again only the passages in blocks that changed (see LayoutMemory). The anchor map keeps its
 * identity while no passage moved, so the sidebar does not realign for text that moved sideways.
 */
export function useEditorLayout(
  editor: Editor,
  frame: RefObject<HTMLElement | null>,
): EditorLayout {
  const [layout, setLayout] = useState<EditorLayout>(EMPTY);

  useEffect(() => {
    const memory = createLayoutMemory();
    let frameRequest: number | null = null;
    let taskRequest: ReturnType<typeof setTimeout> | null = null;
    const measure = () => {
      taskRequest = null;
      const element = frame.current;
      if (!element || editor.isDestroyed) return;
      const next = measureLayout(editor.view, element, memory);
      setLayout((previous) => {
        if (sameLayout(previous, next)) return previous;
        return sameAnchors(previous.anchors, next.anchors)
          ? { anchors: previous.anchors, blocks: next.blocks }
          : next;
      });
    };
    const schedule = () => {
      if (frameRequest !== null || taskRequest !== null) return;
      frameRequest = requestAnimationFrame(() => {
        frameRequest = null;
        taskRequest = setTimeout(measure, 0);
      });
    };
    // New highlights or suggestions change how text inside unchanged blocks is laid out.
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      if (
        transaction.getMeta(commentHighlightKey) !== undefined ||
        transaction.getMeta(proposalSuggestionKey) !== undefined
      ) {
        memory.forget();
      }
      schedule();
    };
    const onFonts = () => {
      memory.forget();
      schedule();
    };
    schedule();
    editor.on('transaction', onTransaction);
    const observer = new ResizeObserver(schedule);
    if (frame.current) observer.observe(frame.current);
    document.fonts.addEventListener('loadingdone', onFonts);
    return () => {
      editor.off('transaction', onTransaction);
      observer.disconnect();
      document.fonts.removeEventListener('loadingdone', onFonts);
      if (frameRequest !== null) cancelAnimationFrame(frameRequest);
      if (taskRequest !== null) clearTimeout(taskRequest);
    };
  }, [editor, frame]);

  return layout;
}
