import { describe, expect, it } from 'vitest';
import { DEFAULT_SLIDE_LEVEL, parsePresentRoute, presentPath } from './presentRoute.ts';
import { slidesExportUrl } from './exportLinks.ts';

describe('the presentation address', () => {
  it('keeps version, level and spotlight through a round trip', () => {
    const route = parsePresentRoute('doc 1', '?version=v%2F2&level=3&spotlight=t1,t2,t1');
    expect(route).toEqual({
      name: 'present',
      id: 'doc 1',
      version: 'v/2',
      level: 3,
      spotlight: ['t1', 't2'],
    });
    const path = presentPath(route);
    expect(path).toBe('/d/doc%201/present?version=v%2F2&level=3&spotlight=t1%2Ct2');
    expect(parsePresentRoute('doc 1', path.slice(path.indexOf('?')))).toEqual(route);
  });

  it('falls back to the current text and level 2 for anything odd', () => {
    expect(parsePresentRoute('d', '?level=9&spotlight=,,')).toEqual({
      name: 'present',
      id: 'd',
      version: null,
      level: DEFAULT_SLIDE_LEVEL,
      spotlight: [],
    });
  });

  it('asks the export route for the same slides', () => {
    const url = new URL(
      slidesExportUrl(
        { id: 'd', version: 'v1', level: 4, spotlight: ['a', 'b'] },
        'slides-pdf',
        'en',
      ),
      'http://x',
    );
    expect(url.pathname).toBe('/api/documents/d/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'slides-pdf',
      lang: 'en',
      slideLevel: '4',
      version: 'v1',
      spotlight: 'a,b',
    });
  });
});
