import type { Editor } from '@tiptap/core';
import { useEffect, useState, type RefObject } from 'react';
import { measureLayout, sameLayout, type EditorLayout } from './measureLayout.ts';

const EMPTY: EditorLayout = { anchors: new Map(), blocks: [] };

/**
 * Keeps the layout of passages and numbered blocks current: after every transaction (typing,
 * remote edits, new threads) and whenever the frame changes size (window width, fonts). Measures
 * at most once per animation frame.
 */
export function useEditorLayout(
  editor: Editor,
  frame: RefObject<HTMLElement | null>,
): EditorLayout {
  const [layout, setLayout] = useState<EditorLayout>(EMPTY);

  useEffect(() => {
    let frameRequest: number | null = null;
    const measure = () => {
      frameRequest = null;
      const element = frame.current;
      if (!element || editor.isDestroyed) return;
      const next = measureLayout(editor.view, element);
      setLayout((previous) => (sameLayout(previous, next) ? previous : next));
    };
    const schedule = () => {
      frameRequest ??= requestAnimationFrame(measure);
    };
    schedule();
    editor.on('transaction', schedule);
    const observer = new ResizeObserver(schedule);
    if (frame.current) observer.observe(frame.current);
    return () => {
      editor.off('transaction', schedule);
      observer.disconnect();
      if (frameRequest !== null) cancelAnimationFrame(frameRequest);
    };
  }, [editor, frame]);

  return layout;
}
