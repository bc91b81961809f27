import { useCallback, useSyncExternalStore } from 'react';
import type { SaveTracker } from './SaveTracker.ts';

/**
 * The number of local changes the server has not yet confirmed, read from the tracker by the
 * component that shows it. The count changes twice per keystroke (sent, then stored); kept in
 * the page's state, it re-rendered the whole editor page each time, so only the few components
 * that show it subscribe. 0 while there is no session yet.
 */
export function useUnsynced(saves: SaveTracker | null): number {
  const subscribe = useCallback(
    (onChange: () => void) => saves?.onChange(onChange) ?? (() => undefined),
    [saves],
  );
  return useSyncExternalStore(subscribe, () => saves?.unconfirmed ?? 0);
}
