import { useEffect } from 'react';
import type { SaveTracker } from './SaveTracker.ts';

/**
 * Asks before the tab is closed while the server has not confirmed every local change. They are
 * kept in IndexedDB either way, but the user may be about to leave this browser for good. The
 * tracker is watched without React state, so a keystroke's save renders nothing.
 */
export function useLeaveWarning(saves: SaveTracker | null): void {
  useEffect(() => {
    if (!saves) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    let listening = false;
    const update = (count: number) => {
      if (count > 0 === listening) return;
      listening = count > 0;
      if (listening) window.addEventListener('beforeunload', onBeforeUnload);
      else window.removeEventListener('beforeunload', onBeforeUnload);
    };
    update(saves.unconfirmed);
    const stop = saves.onChange(update);
    return () => {
      stop();
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [saves]);
}
