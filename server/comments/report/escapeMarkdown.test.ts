import { describe, expect, it } from 'vitest';
import { escapeMarkdownBlock, escapeMarkdownLine } from './escapeMarkdown.ts';

/**
 * Characters that open Markdown constructs anywhere in a line. In escaped output each of them
 * must be preceded by a backslash that is itself not escaped.
 */
const SPECIAL = new Set(Array.from('\\`*_{}[]<>#|~&$:@'));

/** The special characters of an escaped line that are not backslash-escaped. */
function unescapedSpecials(line: string): string[] {
  const found: string[] = [];
  for (let at = 0; at < line.length; at += 1) {
    const char = line.charAt(at);
    if (char === '\\') {
      at += 1; // the next character is escaped (or this is a trailing hard break)
      continue;
    }
    if (SPECIAL.has(char)) found.push(char);
  }
  return found;
}

/** Hostile comment bodies: each tries to turn into markup in the report. */
const corpus = [
  '[Klicka här](javascript:alert(1))',
  '![bild](https://evil.example/pixel.png)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">länk</a>',
  '&lt;script&gt; &#x3C;b&#x3E;',
  '# Rubrik',
  '## Avsnitt 3',
  'Rubrik\n======',
  'Rubrik\n------',
  '> citat',
  '- punkt\n* punkt\n+ punkt',
  '1. första\n2) andra',
  '    indraget kodblock',
  '```\nkod\n```',
  '~~~\nkod\n~~~',
  '`kod`',
  '**fet** _kursiv_ ~~struken~~',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '<https://evil.example>',
  'https://evil.example/login och www.evil.example och anna@evil.example',
  '[ref]: https://evil.example\n[ref]',
  '[^1] fotnot\n[^1]: https://evil.example',
  '$\\href{https://evil.example}{x}$',
  '{#id .klass}',
  'slut med backslash \\',
  '@Anna kan du titta på #123?',
];

describe('escapeMarkdownLine', () => {
  it.each(corpus)('leaves no special character unescaped in %j', (text) => {
    const line = escapeMarkdownLine(text);
    expect(unescapedSpecials(line)).toEqual([]);
    expect(line).not.toContain('\n');
  });

  it('escapes links, images and HTML so they read as typed', () => {
    expect(escapeMarkdownLine('[Klicka](javascript:alert(1))')).toBe(
      '\\[Klicka\\](javascript\\:alert(1))',
    );
    expect(escapeMarkdownLine('![x](y)')).toBe('!\\[x\\](y)');
    expect(escapeMarkdownLine('<script>alert(1)</script>')).toBe(
      '\\<script\\>alert(1)\\</script\\>',
    );
    expect(escapeMarkdownLine('&amp;')).toBe('\\&amp;');
  });

  it('stops bare URLs, www. addresses and e-mail addresses from becoming links', () => {
    expect(escapeMarkdownLine('https://evil.example')).toBe('https\\://evil.example');
    expect(escapeMarkdownLine('se www.evil.example')).toBe('se www\\.evil.example');
    expect(escapeMarkdownLine('WWW.Evil.example')).toBe('WWW\\.Evil.example');
    expect(escapeMarkdownLine('anna@evil.example')).toBe('anna\\@evil.example');
  });

  it('escapes what only means something at the start of a line: lists and setext headings', () => {
    expect(escapeMarkdownLine('- punkt')).toBe('\\- punkt');
    expect(escapeMarkdownLine('+ punkt')).toBe('\\+ punkt');
    expect(escapeMarkdownLine('===')).toBe('\\===');
    expect(escapeMarkdownLine('---')).toBe('\\---');
    expect(escapeMarkdownLine('1. första')).toBe('1\\. första');
    expect(escapeMarkdownLine('12) tolfte')).toBe('12\\) tolfte');
    expect(escapeMarkdownLine('# Rubrik')).toBe('\\# Rubrik');
    expect(escapeMarkdownLine('> citat')).toBe('\\> citat');
  });

  it('leaves ordinary punctuation mid-sentence alone, so the .md file stays readable', () => {
    expect(escapeMarkdownLine('Stycke 3.2 - se förslaget (bilaga 1).')).toBe(
      'Stycke 3.2 - se förslaget (bilaga 1).',
    );
  });

  it('keeps Swedish letters and drops leading indentation, which would make a code block', () => {
    expect(escapeMarkdownLine('    Överväg även Åland och Ölands kommuner')).toBe(
      'Överväg även Åland och Ölands kommuner',
    );
  });

  it('turns line breaks into spaces, so a name cannot start a new block', () => {
    expect(escapeMarkdownLine('Anna\n# Falsk rubrik')).toBe('Anna \\# Falsk rubrik');
    expect(escapeMarkdownLine('Anna\r\n\r\n[x](y)')).toBe('Anna \\[x\\](y)');
  });

  it('escapes a backslash, so it cannot escape the character after it', () => {
    expect(escapeMarkdownLine('\\[x]')).toBe('\\\\\\[x\\]');
  });
});

describe('escapeMarkdownBlock', () => {
  it.each(corpus)('escapes every line of %j', (text) => {
    for (const line of escapeMarkdownBlock(text)) {
      // A trailing backslash is the hard break this function adds; it escapes the line end.
      expect(unescapedSpecials(line)).toEqual([]);
      expect(line).not.toMatch(/^\s/);
      expect(line).not.toMatch(/^(?:[-+=]|\d+[.)])/);
    }
  });

  it('keeps the author’s line breaks as hard breaks and blank lines as paragraph breaks', () => {
    expect(escapeMarkdownBlock('Rad ett\nRad två\n\n\n\nNytt stycke')).toEqual([
      'Rad ett\\',
      'Rad två',
      '',
      'Nytt stycke',
    ]);
  });

  it('reads Windows and old Mac line ends the same way', () => {
    expect(escapeMarkdownBlock('a\r\nb\rc')).toEqual(['a\\', 'b\\', 'c']);
  });

  it('drops blank lines at the start and the end, and gives nothing for empty text', () => {
    expect(escapeMarkdownBlock('\n\n  Text  \n\n')).toEqual(['Text']);
    expect(escapeMarkdownBlock('')).toEqual([]);
    expect(escapeMarkdownBlock(' \n \n')).toEqual([]);
  });

  it('escapes a line that ends in a backslash before adding the hard break', () => {
    expect(escapeMarkdownBlock('slut \\\nnästa')).toEqual(['slut \\\\\\', 'nästa']);
  });
});
