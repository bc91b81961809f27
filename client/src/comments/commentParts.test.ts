import { describe, expect, it } from 'vitest';
import { commentParts } from './commentParts.ts';

const anna = { id: 'u1', name: 'Anna Lind', organisation: 'PRV' };
const annaLindberg = { id: 'u2', name: 'Anna Lindberg', organisation: 'DIGG' };

describe('commentParts', () => {
  it('links http(s), mailto and www addresses, leaving sentence punctuation outside', () => {
    expect(commentParts('Se https://www.digg.se/a?b=1. Eller www.prv.se, tack!', [])).toEqual([
      { kind: 'text', text: 'Se ' },
      { kind: 'link', text: 'https://www.digg.se/a?b=1', href: 'https://www.digg.se/a?b=1' },
      { kind: 'text', text: '. Eller ' },
      { kind: 'link', text: 'www.prv.se', href: 'https://www.prv.se' },
      { kind: 'text', text: ', tack!' },
    ]);
    expect(
      commentParts('(se https://sv.wikipedia.org/wiki/Remiss_(förfarande))', []),
    ).toContainEqual({
      kind: 'link',
      text: 'https://sv.wikipedia.org/wiki/Remiss_(förfarande)',
      href: 'https://sv.wikipedia.org/wiki/Remiss_(förfarande)',
    });
  });

  it('never links a script address or markup; everything else stays plain text', () => {
    const body =
      'javascript:alert(1) <a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>';
    const parts = commentParts(body, []);
    expect(parts.every((part) => part.kind === 'text')).toBe(true);
    expect(parts.map((part) => part.text).join('')).toBe(body);
  });

  it('finds mentions of the listed members only, preferring the longer name', () => {
    expect(commentParts('@Anna Lindberg och @Anna Lind, och @Bo', [anna, annaLindberg])).toEqual([
      { kind: 'mention', text: '@Anna Lindberg', userId: 'u2' },
      { kind: 'text', text: ' och ' },
      { kind: 'mention', text: '@Anna Lind', userId: 'u1' },
      { kind: 'text', text: ', och @Bo' },
    ]);
  });
});
