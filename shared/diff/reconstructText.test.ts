import { describe, expect, it } from 'vitest';
import { reconstructText } from './reconstructText.ts';

describe('reconstructText', () => {
  it('gives the old text from equal and deleted pieces, the new from equal and inserted', () => {
    const ops = [
      { type: 'equal', text: 'Data ska vara ' },
      { type: 'delete', text: 'öppna' },
      { type: 'insert', text: 'fria' },
      { type: 'equal', text: '.' },
    ] as const;
    expect(reconstructText(ops, 'old')).toBe('Data ska vara öppna.');
    expect(reconstructText(ops, 'new')).toBe('Data ska vara fria.');
  });
});
