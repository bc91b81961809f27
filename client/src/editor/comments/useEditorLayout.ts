import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { proposalSuggestionKey } from '../proposals/ProposalSuggestionExtension.ts';
import { changesHighlightSources } from './CommentHighlightExtension.ts';
import {
  createLayoutMemory,
  measureLayout,
  sameAnchors,
  sameLayout,
  type EditorLayout,
  type MarginBlock,
} from './measureLayout.ts';

const EMPTY: EditorLayout = { anchors: new Map(), blocks: [] };

/** A margin entry's block as it is now: where it starts in the document, and its number. */
export interface MarginTarget {
  pos: number;
  label: string;
}

/** The layout, and how to find the block behind a margin entry when it is clicked. */
export interface EditorLayoutHandle extends EditorLayout {
  /**
   * The block of the margin entry at `index`, as of the last measurement (at most a frame
   * behind the document, and measured again after every transaction); null if there is none.
   * Stable for the editor's lifetime.
   */
  targetAt: (index: number) => MarginTarget | null;
}

/**
 * Keeps the layout of passages and numbered blocks current: after every transaction (typing,
 * remote edits, new threads) and whenever the frame changes size (window width, fonts).
 *
 * Measuring stays off the keystroke's path: it waits for the frame that shows the keystroke to
 * be painted (an animation frame, then a task), measures at most once per frame, and measures
 * again only the passages in blocks that changed (see LayoutMemory). The anchor map keeps its
 * identity while no passage moved, so the sidebar does not realign for text that moved sideways;
 * the layout keeps its identity while nothing drawn moved, so the margin does not render again
 * because typing moved the document positions of the blocks below (they live in a ref).
 */
export function useEditorLayout(
  editor: Editor,
  frame: RefObject<HTMLElement | null>,
): EditorLayoutHandle {
  const [layout, setLayout] = useState<EditorLayout>(EMPTY);
  const measured = useRef<{ positions: readonly number[]; blocks: readonly MarginBlock[] }>({
    positions: [],
    blocks: [],
  });

  useEffect(() => {
    const memory = createLayoutMemory();
    let frameRequest: number | null = null;
    let taskRequest: ReturnType<typeof setTimeout> | null = null;
    const measure = () => {
      taskRequest = null;
      const element = frame.current;
      if (!element || editor.isDestroyed) return;
      const { positions, ...next } = measureLayout(editor.view, element, memory);
      measured.current = { positions, blocks: next.blocks };
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
        changesHighlightSources(transaction) ||
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

  const targetAt = useCallback((index: number): MarginTarget | null => {
    const pos = measured.current.positions[index];
    const block = measured.current.blocks[index];
    return pos === undefined || !block ? null : { pos, label: block.label };
  }, []);
  return { ...layout, targetAt };
}
