import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { sampleExportDocument } from '../../test/sampleExportDocument.ts';
import type { ExportOptions } from '../ExportDocument.ts';
import { renderMarkdown } from './renderMarkdown.ts';

const plain: ExportOptions = { titlePage: false, numbers: false, comments: 'none' };

const paragraph = (...content: JSONContent[]): JSONContent => ({
  type: 'doc',
  content: [{ type: 'paragraph', attrs: { id: 'p' }, content }],
});

describe('renderMarkdown', () => {
  it('writes headings, marks, links, nested lists, a quote and a GFM table', () => {
    const markdown = renderMarkdown(sampleExportDocument(), plain);
    expect(markdown).toContain('# Vägledning för öppna licenser\n');
    expect(markdown).toContain('## Bakgrund och syfte\n');
    expect(markdown).toContain('### Krav på återanvändning\n');
    expect(markdown).toContain(
      'Myndigheter **ska publicera** sin rapport med _öppna licenser_ och **_fetkursiv text_**',
    );
    expect(markdown).toContain('[Digg](https://www.digg.se/?a=1&b=2)');
    // ":" is escaped so bare autolinks stay text, as in the comment report.
    expect(markdown).toContain('\\\nNy rad\\: Å Ä Ö å ä ö.');
    expect(markdown).toContain(
      '- Första punkten\n- Andra punkten med underpunkter\n  1. Underpunkt ett\n  2. Underpunkt två',
    );
    expect(markdown).toContain('> Ett citat ur förordningen.');
    expect(markdown).toContain(
      '| Licens | Användning |\n| --- | --- |\n| CC BY 4.0 | Text och bild |',
    );
  });

  it('escapes text that would otherwise become markup, and drops unsafe links', () => {
    const markdown = renderMarkdown(
      {
        ...sampleExportDocument(),
        content: paragraph(
          { type: 'text', text: '# inte rubrik <script> [x](y) | a*b* ' },
          {
            type: 'text',
            text: 'farlig',
            marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
          },
        ),
      },
      plain,
    );
    expect(markdown).toBe('\\# inte rubrik \\<script\\> \\[x\\](y) \\| a\\*b\\* farlig\n');
  });

  it('writes a link destination that cannot end early', () => {
    const markdown = renderMarkdown(
      {
        ...sampleExportDocument(),
        content: paragraph({
          type: 'text',
          text: 'länk',
          marks: [{ type: 'link', attrs: { href: 'https://example.org/a (b)\\c<d>' } }],
        }),
      },
      plain,
    );
    expect(markdown).toBe('[länk](https://example.org/a%20%28b%29%5Cc%3Cd%3E)\n');
  });

  it('adds numbers, a title block and the comment appendix ordered by paragraph', () => {
    const markdown = renderMarkdown(sampleExportDocument(), {
      titlePage: true,
      numbers: true,
      comments: 'appendix',
    });
    expect(markdown.startsWith('# Vägledning öppna licenser – utkast 2\n\nAktuell text\n')).toBe(
      true,
    );
    expect(markdown).toContain('## 1 Bakgrund och syfte');
    expect(markdown).toContain('**1 ¶1** Myndigheter');
    expect(markdown).toContain('**1 ¶2**\n\n- Första punkten');
    const appendix = markdown.slice(markdown.indexOf('## Kommentarer'));
    const headings = [...appendix.matchAll(/^### (.*)$/gm)].map((match) => match[1]);
    expect(headings).toEqual(['Tråd 1 – 1 ¶1', 'Tråd 2 – 1 ¶2', 'Tråd 3 – 1.1 ¶2', 'Tråd 4']);
    // A comment's text is escaped like any user text.
    expect(appendix).toContain('Kommentar nummer 1\\: förtydliga \\<detta\\> \\& "det".');
  });
});
