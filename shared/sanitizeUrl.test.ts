import { describe, expect, it } from 'vitest';
import { sanitizeUrl } from './sanitizeUrl.ts';

describe('sanitizeUrl', () => {
  it.each([
    ['plain', 'javascript:alert(1)'],
    ['mixed case', 'JaVaScRiPt:alert(1)'],
    ['upper case', 'JAVASCRIPT:alert(1)'],
    ['leading spaces', '   javascript:alert(1)'],
    ['a leading tab and newline', '\t\njavascript:alert(1)'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['a newline inside the scheme', 'java\nscript:alert(1)'],
    ['a carriage return inside the scheme', 'jav\r\nascript:alert(1)'],
    ['a leading NUL and control character', '\u0000\u0001javascript:alert(1)'],
    ['a space before the colon', 'javascript :alert(1)'],
    ['a decimal entity', '&#106;avascript:alert(1)'],
    ['a decimal entity without semicolon', '&#106avascript:alert(1)'],
    ['a hex entity', '&#x6A;avascript:alert(1)'],
    ['an entity for a tab inside the scheme', 'jav&#x09;ascript:alert(1)'],
    ['a named entity inside the scheme', 'jav&Tab;ascript:alert(1)'],
    ['a named entity for the colon', 'javascript&colon;alert(1)'],
    ['a decimal entity for the colon', 'javascript&#58;alert(1)'],
    ['a hex entity for the colon', 'javascript&#x3A;alert(1)'],
    ['a data: URL', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['an upper-case data: URL', 'DATA:text/html,<script>alert(1)</script>'],
    ['a vbscript: URL', 'vbscript:msgbox("x")'],
    ['a file: URL', 'file:///etc/passwd'],
    ['a leading backslash', '\\\\evil.example/path'],
  ])('drops javascript and other unsafe schemes: %s', (_name, url) => {
    expect(sanitizeUrl(url)).toBeNull();
  });

  it.each([
    'https://www.prv.se/sv/upphovsratt/',
    'http://example.org/a?b=1&c=2#d',
    'HTTPS://EXAMPLE.ORG/',
    'mailto:registrator@digg.se',
    'mailto:registrator@digg.se?subject=Remissvar&body=Hej',
    '/documents/123',
    'documents/123',
    '../other',
    '?tab=comments',
    '/search?a=1&time=12:30',
    '#section-3',
    '//cdn.example.org/file.pdf',
  ])('keeps a safe URL unchanged: %s', (url) => {
    expect(sanitizeUrl(url)).toBe(url);
  });

  it('trims surrounding whitespace from a safe URL', () => {
    expect(sanitizeUrl('  https://example.org/  \n')).toBe('https://example.org/');
  });

  it.each([null, undefined, '', '   ', '\n\t'])('returns null for an empty value: %j', (url) => {
    expect(sanitizeUrl(url)).toBeNull();
  });
});
