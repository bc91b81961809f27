import {
  createContext,
  useContext,
  useLayoutEffect,
  useState,
  type Dispatch,
  type ReactNode,
  type RefObject,
  type SetStateAction,
} from 'react';

/**
 * What the thread cards must not lose when React mounts one anew. The aligned list draws its
 * cards in chunks (cardChunks.ts), and a card whose chunk changes (a boundary thread was added
 * or removed above it) is a new element to React: its open forms, their drafts and its focus
 * would be gone. So form state that a user typed or chose is kept here, by thread, for as long as
 * some card of that thread shows it, and the focused control is noted as a card goes and given
 * back when the same thread's card comes.
 */
export interface CardMemory {
  /** Kept values by `threadId` + name. */
  values: Map<string, unknown>;
  /** How many mounted forms show each kept value: one that no form shows is dropped. */
  shown: Map<string, number>;
  /** The control that had focus in a card as it was unmounted. */
  focus: NotedFocus | null;
}

interface NotedFocus {
  threadId: string;
  /** Its place among the card's focusable controls. */
  index: number;
  selection: { start: number; end: number } | null;
}

const MemoryContext = createContext<CardMemory | null>(null);
const ThreadContext = createContext<string | null>(null);

/** A fresh memory for one list of cards; keep it for the list's lifetime. */
export function useNewCardMemory(): CardMemory {
  const [memory] = useState<CardMemory>(() => ({
    values: new Map(),
    shown: new Map(),
    focus: null,
  }));
  // A card that noted its focus and did not come back (its thread went, or was filtered out)
  // leaves nothing behind for a later card. The list's layout effects run after its cards'.
  useLayoutEffect(() => {
    memory.focus = null;
  });
  return memory;
}

export function CardMemoryProvider({
  memory,
  children,
}: {
  memory: CardMemory;
  children: ReactNode;
}) {
  return <MemoryContext.Provider value={memory}>{children}</MemoryContext.Provider>;
}

/** Marks what is inside as belonging to one thread's card, for useKeptState. */
export function CardThread({ threadId, children }: { threadId: string; children: ReactNode }) {
  return <ThreadContext.Provider value={threadId}>{children}</ThreadContext.Provider>;
}

/**
 * useState that, inside a thread card of a list with a CardMemory, survives the card being
 * mounted anew: the new card starts from the value the old one had. Like useState, it starts
 * from `initial` again once no form shows it (the card was closed, the form cancelled). Outside
 * a card it is plain useState. `name` must be unique within the card; `isValue` checks what was
 * kept, as the memory holds values of every type. A null `name` keeps nothing.
 */
export function useKeptState<T>(
  name: string | null,
  initial: T,
  isValue: (kept: unknown) => kept is T,
): [T, Dispatch<SetStateAction<T>>] {
  const memory = useContext(MemoryContext);
  const threadId = useContext(ThreadContext);
  const key =
    memory === null || threadId === null || name === null ? null : `${threadId}\u0000${name}`;
  const [value, setValue] = useState<T>(() => {
    if (memory === null || key === null) return initial;
    const kept = memory.values.get(key);
    return isValue(kept) ? kept : initial;
  });

  useLayoutEffect(() => {
    if (memory !== null && key !== null) memory.values.set(key, value);
  }, [memory, key, value]);

  useLayoutEffect(() => {
    if (memory === null || key === null) return;
    memory.shown.set(key, (memory.shown.get(key) ?? 0) + 1);
    return () => {
      const left = (memory.shown.get(key) ?? 1) - 1;
      if (left > 0) {
        memory.shown.set(key, left);
        return;
      }
      memory.shown.delete(key);
      // A card mounted anew unmounts the old form and mounts the new one in the same commit,
      // before any microtask; only a value that no form shows after it is dropped.
      queueMicrotask(() => {
        if (!memory.shown.has(key)) memory.values.delete(key);
      });
    };
  }, [memory, key]);

  return [value, setValue];
}

export const isString = (kept: unknown): kept is string => typeof kept === 'string';
export const isBoolean = (kept: unknown): kept is boolean => typeof kept === 'boolean';

/** Controls a card may have focus on, in the order they are found. */
const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]';

/**
 * Gives focus back to the same control when a card of the same thread is mounted anew while one
 * of its controls had focus. Call in the card with the card's element.
 */
export function useKeptFocus(card: RefObject<HTMLElement | null>, threadId: string): void {
  const memory = useContext(MemoryContext);
  useLayoutEffect(() => {
    const element = card.current;
    if (memory === null || element === null) return;
    const noted = memory.focus;
    if (noted !== null && noted.threadId === threadId) {
      memory.focus = null;
      const target = element.querySelectorAll<HTMLElement>(FOCUSABLE)[noted.index];
      if (target) {
        target.focus({ preventScroll: true });
        if (
          noted.selection !== null &&
          (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement)
        ) {
          target.setSelectionRange(noted.selection.start, noted.selection.end);
        }
      }
    }
    return () => {
      // The card's element is still in the document while React unmounts it.
      const focused = document.activeElement;
      if (!(focused instanceof HTMLElement) || !element.contains(focused)) return;
      const index = [...element.querySelectorAll<HTMLElement>(FOCUSABLE)].indexOf(focused);
      if (index < 0) return;
      const selection =
        (focused instanceof HTMLTextAreaElement || focused instanceof HTMLInputElement) &&
        focused.selectionStart !== null &&
        focused.selectionEnd !== null
          ? { start: focused.selectionStart, end: focused.selectionEnd }
          : null;
      memory.focus = { threadId, index, selection };
    };
  }, [memory, card, threadId]);
}
