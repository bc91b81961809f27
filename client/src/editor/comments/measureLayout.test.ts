import { describe, expect, it } from 'vitest';
import { changedBlockSpan } from './measureLayout.ts';

/** Blocks as measureLayout sees them: nodes and elements, compared by identity. */
function blocks(names: readonly string[]): { nodes: object[]; elements: object[] } {
  return { nodes: names.map((name) => ({ name })), elements: names.map((name) => ({ name })) };
}

/** The same blocks, with `changed` replaced by new nodes and `inserted` added after index `at`. */
function edited(
  before: { nodes: object[]; elements: object[] },
  changed: readonly number[],
  at = -1,
  inserted = 0,
): { nodes: object[]; elements: object[] } {
  const nodes = before.nodes.map((node, index) => (changed.includes(index) ? { ...node } : node));
  const elements = [...before.elements];
  const extra = Array.from({ length: inserted }, () => ({ name: 'new' }));
  nodes.splice(at + 1, 0, ...extra);
  elements.splice(at + 1, 0, ...extra);
  return { nodes, elements };
}

describe('changedBlockSpan', () => {
  const before = blocks(['a', 'b', 'c', 'd', 'e']);

  it('finds the one block typed into, and the blocks after it keep their index', () => {
    expect(changedBlockSpan(before, edited(before, [2]))).toEqual({ start: 2, end: 3, shift: 0 });
  });

  it('finds a new block after a split, and shifts the blocks below it by one', () => {
    // Enter in block 1: block 1 changes and a new block follows it.
    expect(changedBlockSpan(before, edited(before, [1], 1, 1))).toEqual({
      start: 1,
      end: 3,
      shift: -1,
    });
  });

  it('finds nothing changed when nothing did, and everything when every block is new', () => {
    expect(changedBlockSpan(before, before)).toEqual({ start: 5, end: 5, shift: 0 });
    expect(changedBlockSpan(before, blocks(['a', 'b']))).toEqual({ start: 0, end: 2, shift: 3 });
  });

  it('counts a block in a new element as changed even when its node is the same', () => {
    const after = { nodes: before.nodes, elements: [...before.elements] };
    after.elements[3] = { name: 'redrawn' };
    expect(changedBlockSpan(before, after)).toEqual({ start: 3, end: 4, shift: 0 });
  });

  it('finds a removed block: the blocks after it moved up by one', () => {
    const after = {
      nodes: before.nodes.filter((_, index) => index !== 1),
      elements: before.elements.filter((_, index) => index !== 1),
    };
    expect(changedBlockSpan(before, after)).toEqual({ start: 1, end: 1, shift: 1 });
  });
});
