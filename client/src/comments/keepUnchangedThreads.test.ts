import { describe, expect, it } from 'vitest';
import { buildComment, buildThread } from '../../../server/test/buildThread.ts';
import { keepUnchangedThreads } from './keepUnchangedThreads.ts';

/** The same threads as the server would send them again: equal, but new objects. */
const reloaded = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('keepUnchangedThreads', () => {
  const first = buildThread({ id: 'thread-1' });
  const second = buildThread({ id: 'thread-2' });

  it('returns the shown list itself when nothing changed', () => {
    const shown = [first, second];
    expect(keepUnchangedThreads(shown, reloaded(shown))).toBe(shown);
  });

  it('keeps unchanged threads and takes the changed one from the new load', () => {
    const shown = [first, second];
    const replied = {
      ...reloaded(second),
      comments: [...second.comments, buildComment({ id: 'comment-2', threadId: 'thread-2' })],
    };
    const next = keepUnchangedThreads(shown, [reloaded(first), replied]);
    expect(next).not.toBe(shown);
    expect(next[0]).toBe(first);
    expect(next[1]).toBe(replied);
  });

  it('follows a new order, new threads and removed threads', () => {
    const third = buildThread({ id: 'thread-3' });
    const next = keepUnchangedThreads([first, second], [reloaded(second), third]);
    expect(next).toEqual([second, third]);
    expect(next[0]).toBe(second);
    expect(next[1]).toBe(third);
  });
});
