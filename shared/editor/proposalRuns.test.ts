import { describe, expect, it } from 'vitest';
import { proposalRuns } from './proposalRuns.ts';

describe('proposalRuns', () => {
  it('splits a wording at every mark boundary and merges equal neighbours', () => {
    expect(
      proposalRuns({
        text: 'sex veckor efter ansökan',
        marks: [
          { type: 'bold', from: 0, to: 10 },
          { type: 'italic', from: 4, to: 10 },
          { type: 'link', from: 11, to: 16, href: 'https://example.se' },
        ],
      }),
    ).toEqual([
      { text: 'sex ', bold: true, italic: false, href: null },
      { text: 'veckor', bold: true, italic: true, href: null },
      { text: ' ', bold: false, italic: false, href: null },
      { text: 'efter', bold: false, italic: false, href: 'https://example.se' },
      { text: ' ansökan', bold: false, italic: false, href: null },
    ]);
  });

  it('gives no runs for a deletion and one plain run without marks', () => {
    expect(proposalRuns({ text: '' })).toEqual([]);
    expect(proposalRuns({ text: 'ny text', marks: [] })).toEqual([
      { text: 'ny text', bold: false, italic: false, href: null },
    ]);
  });
});
