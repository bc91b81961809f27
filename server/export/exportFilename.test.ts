import { describe, expect, it } from 'vitest';
import { MAX_REPORT_FILENAME_LENGTH } from '../../shared/limits.ts';
import { exportFilename } from './exportFilename.ts';

const base = {
  title: 'Vägledning öppna licenser',
  version: { id: 'v1', name: 'utkast 2', createdAt: '2025-03-14T08:00:00.000Z' },
  exportedAt: '2025-03-20T23:30:00.000Z',
  timeZone: 'Europe/Stockholm',
};

describe('exportFilename', () => {
  it('names a version by title and version name, keeping Swedish letters', () => {
    expect(exportFilename(base, 'docx')).toBe('Vägledning öppna licenser – utkast 2.docx');
  });

  it('names the current text by title and the date in the export time zone', () => {
    expect(exportFilename({ ...base, version: null }, 'md')).toBe(
      'Vägledning öppna licenser – 2025-03-21.md',
    );
  });

  it('never names another folder, a hidden file or a control character', () => {
    const name = exportFilename(
      {
        ...base,
        title: '../../etc/passwd\u0000\u0007',
        version: { ...base.version, name: 'a\\b:c*?"<>|\r\nd' },
      },
      'html',
    );
    expect(name).toBe('-..-etc-passwd-- – a-b-c--------d.html');
    expect(name).not.toContain('/');
    expect(name).not.toContain('\\');
    expect(Array.from(name).every((char) => (char.codePointAt(0) ?? 0) >= 0x20)).toBe(true);
    expect(exportFilename({ ...base, title: '...', version: null }, 'md')).toBe('2025-03-21.md');
  });

  it('keeps long names within the limit, cutting whole characters', () => {
    const name = exportFilename(
      { ...base, title: 'Å'.repeat(300), version: { ...base.version, name: '😀'.repeat(100) } },
      'pdf',
    );
    const stem = name.slice(0, -'.pdf'.length);
    expect(Array.from(stem).length).toBeLessThanOrEqual(MAX_REPORT_FILENAME_LENGTH);
    expect(stem).toMatch(/^Å+ – (😀)+$/u);
  });
});
