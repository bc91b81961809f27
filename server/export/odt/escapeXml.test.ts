import { describe, expect, it } from 'vitest';
import { escapeXml, stripIllegalXmlChars } from './escapeXml.ts';

describe('escapeXml', () => {
  it('escapes the five characters XML gives meaning to', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });

  it('drops characters XML 1.0 forbids and keeps everything it allows', () => {
    expect(stripIllegalXmlChars('a\u0000b\u0008c\u000bd\u001fe\uFFFEf\uFFFFg')).toBe('abcdefg');
    // A lone surrogate half goes; a whole pair (an emoji) stays.
    expect(stripIllegalXmlChars('x\uD800y\uDC00z 😀')).toBe('xyz 😀');
    expect(stripIllegalXmlChars('tab\tnl\ncr\r åäö – \u00a0')).toBe('tab\tnl\ncr\r åäö – \u00a0');
  });
});
