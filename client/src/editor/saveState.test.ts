import { describe, expect, it } from 'vitest';
import { shownState, type SaveState } from './saveState.ts';

describe('shownState', () => {
  it('keeps showing "saved" while a save started from "saved" is young', () => {
    expect(shownState('saving', 'saved')).toBe('saved');
  });

  it('shows "saving" once it has been held, and after connecting or going offline at once', () => {
    expect(shownState('saving', 'saving')).toBe('saving');
    expect(shownState('saving', 'connecting')).toBe('saving');
    expect(shownState('saving', 'offline')).toBe('saving');
  });

  it('shows every other state at once, whatever was shown before', () => {
    const states: SaveState[] = ['connecting', 'saved', 'saving', 'offline'];
    for (const held of states) {
      expect(shownState('saved', held)).toBe('saved');
      expect(shownState('offline', held)).toBe('offline');
      expect(shownState('connecting', held)).toBe('connecting');
    }
  });
});
