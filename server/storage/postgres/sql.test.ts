import { describe, expect, it } from 'vitest';
import { positional } from './sql.ts';

describe('positional', () => {
  it('numbers named parameters in the order they first appear, one number per name', () => {
    const query = positional(
      `INSERT INTO thread_events (thread_id, at, value)
       SELECT @threadId, @at, @value WHERE EXISTS (SELECT 1 FROM threads WHERE id = @threadId)`,
      { value: 'resolved', at: '2026-01-01T00:00:00.000Z', threadId: 't-1' },
    );
    expect(query.text).toBe(
      `INSERT INTO thread_events (thread_id, at, value)
       SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM threads WHERE id = $1)`,
    );
    expect(query.values).toEqual(['t-1', '2026-01-01T00:00:00.000Z', 'resolved']);
  });

  it('binds NULL, numbers and bytes as given, and ignores values no placeholder names', () => {
    const bytes = Buffer.from([1, 2, 3]);
    const query = positional('UPDATE t SET a = @a, b = @b, c = @c WHERE id = @id', {
      id: 'x',
      a: null,
      b: 0,
      c: bytes,
      unused: 'ignored',
    });
    expect(query.text).toBe('UPDATE t SET a = $1, b = $2, c = $3 WHERE id = $4');
    expect(query.values).toEqual([null, 0, bytes, 'x']);
  });

  it('refuses a statement whose parameter has no value, naming it, instead of binding NULL', () => {
    expect(() => positional('UPDATE t SET a = @a WHERE id = @id', { a: 'x' })).toThrow('@id');
  });
});
