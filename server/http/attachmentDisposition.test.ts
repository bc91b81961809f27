import { describe, expect, it } from 'vitest';
import { asciiFilename, attachmentDisposition } from './attachmentDisposition.ts';

/** Decodes `filename*=UTF-8''…` the way a browser does (RFC 5987). */
function extendedName(header: string): string {
  const match = /filename\*=UTF-8''([^;\s]+)/.exec(header);
  if (!match?.[1]) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(match[1]);
}

describe('attachmentDisposition', () => {
  it('offers the UTF-8 name in filename* and an ASCII stand-in in filename', () => {
    const header = attachmentDisposition('kommentarsrapport-Öppna data-2025-03-22.csv');
    expect(header).toBe(
      `attachment; filename="kommentarsrapport-Oppna-data-2025-03-22.csv"; filename*=UTF-8''kommentarsrapport-%C3%96ppna%20data-2025-03-22.csv`,
    );
    expect(extendedName(header)).toBe('kommentarsrapport-Öppna data-2025-03-22.csv');
  });

  it('keeps header syntax out of both names, whatever the file is called', () => {
    const hostile = 'a"; filename="evil.exe\r\nSet-Cookie: x=1; (\'*\').csv';
    const header = attachmentDisposition(hostile);
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header.split(';')).toHaveLength(3);
    expect(extendedName(header)).toBe(hostile);
    expect(/filename\*=UTF-8''([^;\s]+)/.exec(header)?.[1]).toMatch(/^[A-Za-z0-9%!#$&+.^_`|~-]+$/);
  });
});

describe('asciiFilename', () => {
  it('drops accents from Swedish and other letters', () => {
    expect(asciiFilename('Åtgärder för Örebro län, café.md')).toBe(
      'Atgarder-for-Orebro-lan-cafe.md',
    );
  });

  it('turns everything else into single dashes and never returns an empty name', () => {
    expect(asciiFilename('💥 ../../etc/passwd')).toBe('etc-passwd');
    expect(asciiFilename('日本語')).toBe('download');
    expect(asciiFilename('titel-.csv')).toBe('titel.csv');
  });
});
