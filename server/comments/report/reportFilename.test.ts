import { describe, expect, it } from 'vitest';
import { MAX_REPORT_FILENAME_LENGTH } from '../../../shared/limits.ts';
import { reportFilename } from './reportFilename.ts';

const at = { timeZone: 'Europe/Stockholm', generatedAt: new Date('2025-03-21T23:30:00.000Z') };

describe('reportFilename', () => {
  it('names the report after the document and the (Swedish) date, in the report language', () => {
    expect(reportFilename('Öppna data', 'csv', { ...at, locale: 'sv' })).toBe(
      'kommentarsrapport-Öppna data-2025-03-22.csv',
    );
    expect(reportFilename('Öppna data', 'md', { ...at, locale: 'en' })).toBe(
      'comment-report-Öppna data-2025-03-22.md',
    );
  });

  it('replaces characters file systems refuse, and control characters', () => {
    expect(reportFilename('a/b\\c:d*e?f"g<h>i|j\u0000k\nl', 'csv', { ...at, locale: 'sv' })).toBe(
      'kommentarsrapport-a-b-c-d-e-f-g-h-i-j-k-l-2025-03-22.csv',
    );
  });

  it('shortens a long title but keeps the date, without cutting a character in half', () => {
    const name = reportFilename('🙂'.repeat(200), 'csv', { ...at, locale: 'sv' });
    const stem = name.slice(0, -'.csv'.length);
    expect(Array.from(stem).length).toBeLessThanOrEqual(MAX_REPORT_FILENAME_LENGTH);
    expect(stem.endsWith('-2025-03-22')).toBe(true);
    expect(stem).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('leaves out an empty title', () => {
    expect(reportFilename('  ', 'md', { ...at, locale: 'sv' })).toBe(
      'kommentarsrapport-2025-03-22.md',
    );
  });
});
