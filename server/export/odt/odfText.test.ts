import { describe, expect, it } from 'vitest';
import { odfText } from './odfText.ts';

describe('odfText', () => {
  it('keeps runs of spaces, a leading space, tabs and line breaks as ODF elements', () => {
    expect(odfText('a  b')).toBe('a <text:s/>b');
    expect(odfText('a     b')).toBe('a <text:s text:c="4"/>b');
    expect(odfText(' a')).toBe('<text:s/>a');
    expect(odfText('   a')).toBe('<text:s text:c="3"/>a');
    expect(odfText('a b c')).toBe('a b c');
    expect(odfText('a\tb\nc\r\nd')).toBe('a<text:tab/>b<text:line-break/>c<text:line-break/>d');
  });

  it('escapes the text between them', () => {
    expect(odfText('<b> &  "x"')).toBe('&lt;b&gt; &amp; <text:s/>&quot;x&quot;');
  });
});
