import { describe, expect, it } from 'vitest';
import { shiftMarks } from './shiftMarks.ts';

describe('shiftMarks', () => {
  const bold = { type: 'bold' as const, from: 4, to: 9 };

  it('moves a mark after an edit before it', () => {
    expect(shiftMarks([bold], 'sex veckor', 'sju sex veckor')).toEqual([
      { ...bold, from: 8, to: 13 },
    ]);
  });

  it('leaves a mark before an edit after it alone', () => {
    expect(shiftMarks([bold], 'sex veckor', 'sex veckor till')).toEqual([bold]);
  });

  it('grows a mark when text is typed inside it and drops one whose text is deleted', () => {
    expect(shiftMarks([bold], 'sex veckor', 'sex vecckor')).toEqual([{ ...bold, to: 10 }]);
    expect(shiftMarks([bold], 'sex veckor', 'sex ')).toEqual([]);
  });
});
