import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * How long the live region stays empty before a new message is put in. Screen readers announce
 * a change of text; emptying it first makes the same message (two comments from the same
 * person) count as a change. @default 50
 */
const CLEAR_MS = 50;

/**
 * The text of a polite live region and a function that puts a message into it. Messages that
 * arrive together are read as one.
 */
export function useAnnouncer(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  const pending = useRef<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const announce = useCallback((next: string) => {
    pending.current.push(next);
    if (timer.current !== null) return;
    setMessage('');
    timer.current = setTimeout(() => {
      timer.current = null;
      setMessage(pending.current.join(' '));
      pending.current = [];
    }, CLEAR_MS);
  }, []);

  return [message, announce];
}
