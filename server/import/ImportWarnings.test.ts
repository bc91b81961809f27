import { describe, expect, it } from 'vitest';
import { ImportWarnings } from './ImportWarnings.ts';

describe('ImportWarnings', () => {
  it('reports one kind of loss once, with how often it occurred', () => {
    const warnings = new ImportWarnings();
    warnings.add('image');
    warnings.add('comments', 0);
    warnings.add('image', 39);
    warnings.add('formatting', 2, { format: 'underline' });
    warnings.add('formatting', 1, { format: 'strikethrough' });
    warnings.add('formatting', 1, { format: 'underline' });
    expect(warnings.list()).toEqual([
      { code: 'image', count: 40, message: '40 picture(s) were left out.' },
      {
        code: 'formatting',
        count: 3,
        params: { format: 'underline' },
        message: '3 passage(s) lost their underline formatting; the text is kept.',
      },
      {
        code: 'formatting',
        count: 1,
        params: { format: 'strikethrough' },
        message: '1 passage(s) lost their strikethrough formatting; the text is kept.',
      },
    ]);
  });

  it('folds a long tail of distinct styles into the tenth, so the list stays readable', () => {
    const warnings = new ImportWarnings();
    for (let index = 1; index <= 25; index += 1) {
      warnings.add('unsupported-style', 1, { style: `Stil ${index}` });
    }
    const styles = warnings.list();
    expect(styles).toHaveLength(10);
    expect(styles.map((entry) => entry.count)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 16]);
  });
});
