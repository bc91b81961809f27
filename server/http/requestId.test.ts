import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_ID_LENGTH } from '../../shared/limits.ts';
import { requestIdFrom } from './requestId.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each(['abc', 'req-1.2_3', 'a'.repeat(MAX_REQUEST_ID_LENGTH), '6f1c0d6e-2b7a-4d0e'])(
    'reuses the sane incoming id %s',
    (incoming) => {
      expect(requestIdFrom(incoming)).toBe(incoming);
    },
  );

  it.each([
    ['none', undefined],
    ['an empty one', ''],
    ['one that is too long', 'a'.repeat(MAX_REQUEST_ID_LENGTH + 1)],
    ['one with a space', 'a b'],
    ['one with a line break', 'a\nb'],
    ['one with quotes', 'a"b'],
    ['one with non-ASCII letters', 'åäö'],
    ['one with a forged JSON field', '","level":"error'],
  ])('makes a fresh UUID for %s', (_case, incoming) => {
    expect(requestIdFrom(incoming)).toMatch(UUID);
  });

  it('makes a different id every time', () => {
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
