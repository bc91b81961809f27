import { useEffect, useState } from 'react';

/** Longest delay setTimeout keeps exactly (about 24.8 days); longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function isClosed(closesAt: string | null): boolean {
  return closesAt !== null && Date.parse(closesAt) <= Date.now();
}

/**
 * Whether the comment period that ends at `closesAt` (ISO date-time, or null for none) has
 * ended, turning true at the deadline itself, so an open page closes the composer on time.
 */
export function useCommentPeriodClosed(closesAt: string | null): boolean {
  const [closed, setClosed] = useState(() => isClosed(closesAt));

  useEffect(() => {
    setClosed(isClosed(closesAt));
    if (closesAt === null) return;
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      const remaining = Date.parse(closesAt) - Date.now();
      if (remaining <= 0) {
        setClosed(true);
        return;
      }
      timer = setTimeout(arm, Math.min(remaining, MAX_TIMEOUT_MS));
    };
    arm();
    return () => clearTimeout(timer);
  }, [closesAt]);

  return closed;
}
