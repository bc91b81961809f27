import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { LocalCaretAwareness } from './LocalCaretAwareness.ts';

type Event = { added: number[]; updated: number[]; removed: number[] };

function watch(awareness: Awareness): { changes: Event[]; updates: Event[] } {
  const seen = { changes: [] as Event[], updates: [] as Event[] };
  awareness.on('change', (event: Event) => seen.changes.push(event));
  awareness.on('update', (event: Event) => seen.updates.push(event));
  return seen;
}

describe('LocalCaretAwareness', () => {
  it('sends the local caret as an update without announcing it as a change', () => {
    const awareness = new LocalCaretAwareness(new Y.Doc());
    const user = { name: 'Eva Ek', color: '#1f6f43' };
    const seen = watch(awareness);
    awareness.setLocalStateField('user', user);
    expect(seen.changes).toHaveLength(1);

    awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
    expect(seen.changes).toHaveLength(1);
    expect(seen.updates).toHaveLength(3);
    expect(awareness.getLocalState()).toEqual({ user, cursor: { anchor: 2, head: 2 } });

    // A new name is announced, and so is leaving.
    awareness.setLocalStateField('user', { ...user, name: 'Eva Ek-Berg' });
    awareness.setLocalState(null);
    expect(seen.changes).toHaveLength(3);
    awareness.destroy();
  });

  it('still announces other clients, carets included', () => {
    const local = new LocalCaretAwareness(new Y.Doc());
    const remote = new Awareness(new Y.Doc());
    const seen = watch(local);
    // What a provider does: every update of the other client reaches this one.
    remote.on('update', ({ added, updated, removed }: Event) => {
      const update = encodeAwarenessUpdate(remote, [...added, ...updated, ...removed]);
      applyAwarenessUpdate(local, update, 'remote');
    });
    remote.setLocalState({ user: { name: 'Karin Holm', color: '#7a3e9d' } });
    remote.setLocalStateField('cursor', { anchor: 5, head: 5 });
    expect(seen.changes.map((event) => event.added)).toContainEqual([remote.clientID]);
    expect(seen.changes.map((event) => event.updated)).toContainEqual([remote.clientID]);
    local.destroy();
    remote.destroy();
  });
});
