import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/api/roles.ts';
import { buildAuthor, buildComment, buildThread } from '../../test/buildThread.ts';
import { buildReportRows } from './buildReportRows.ts';
import type { CommentReport } from './CommentReport.ts';
import { toMarkdown } from './toMarkdown.ts';

const editor = buildAuthor('Åsa Öberg', 'Myndigheten för digital förvaltning');
const moderator = buildAuthor('Olle Ägare', 'Finansdepartementet');
const sv = { locale: 'sv', timeZone: 'Europe/Stockholm' } as const;
const en = { locale: 'en', timeZone: 'Europe/Stockholm' } as const;

function report(viewerRole: Role = 'commenter'): CommentReport {
  const threads = [
    buildThread({
      id: 't1',
      stance: 'object',
      status: 'resolved',
      resolved: { at: '2025-03-20T09:00:00.000Z', by: editor },
      disposition: {
        value: 'partly-accepted',
        reason: 'Vi förtydligar stycket.\nSe även 4.1.',
        at: '2025-03-20T09:05:00.000Z',
        by: editor,
      },
      anchor: { ...buildThread().anchor, exact: 'Myndigheten ska\nsamråda med kommunerna' },
      comments: [
        buildComment({
          author: buildAuthor('Bo Ek', 'Sveriges kommuner och regioner'),
          body: 'Första raden.\nAndra raden.',
        }),
        buildComment({
          id: 'reply',
          author: editor,
          createdAt: '2025-07-01T10:00:00.000Z',
          editedAt: '2025-07-01T10:15:00.000Z',
          body: 'Tack, vi ser över det.',
        }),
      ],
    }),
    buildThread({
      id: 't2',
      anchor: {
        ...buildThread().anchor,
        status: 'removed',
        exact: 'den strukna meningen',
        blockId: 'gone',
      },
      comments: [
        buildComment({ id: 'deleted', deletedAt: '2025-03-16T00:00:00.000Z', body: '' }),
        buildComment({
          id: 'hidden',
          body: 'Olämpligt innehåll',
          hidden: { at: '2025-03-17T00:00:00.000Z', by: moderator, reason: 'Personuppgifter' },
        }),
      ],
    }),
  ];
  return {
    title: 'Promemoria om öppna data',
    generatedAt: new Date('2025-03-21T13:30:00.000Z'),
    threads: buildReportRows({ threads, labels: new Map([['p1', '3.2 ¶4']]), viewerRole }),
  };
}

/** The lines of the section of thread `number`, up to the next thread heading. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('toMarkdown', () => {
  it('opens with the title, the time made, the time zone and the counts', () => {
    const markdown = toMarkdown(report(), sv);
    expect(markdown.split('\n').slice(0, 7)).toEqual([
      '# Kommentarsrapport: Promemoria om öppna data',
      '',
      '- Skapad: 2025-03-21 14:30',
      '- Tidszon: Europe/Stockholm',
      '- Antal trådar: 2',
      '- Antal kommentarer: 4',
      '',
    ]);
  });

  it('gives each thread a heading with its number and paragraph, in document order', () => {
    const headings = toMarkdown(report(), sv)
      .split('\n')
      .filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## Tråd 1 – 3.2 ¶4', '## Tråd 2']);
  });

  it('writes a thread: quote as a blockquote, summary, reason, and each comment', () => {
    expect(section(toMarkdown(report(), sv), '## Tråd 1 – 3.2 ¶4')).toEqual([
      '## Tråd 1 – 3.2 ¶4',
      '',
      '> Myndigheten ska\\',
      '> samråda med kommunerna',
      '',
      '- Textstatus: Finns kvar',
      '- Ställningstagande: Invänder',
      '- Status: Löst (Åsa Öberg (Myndigheten för digital förvaltning), 2025-03-20 10:00)',
      '- Beslut: Godtas delvis (Åsa Öberg (Myndigheten för digital förvaltning), 2025-03-20 10:05)',
      '',
      '**Motivering:**',
      '',
      'Vi förtydligar stycket.\\',
      'Se även 4.1.',
      '',
      '### Kommentar: Bo Ek (Sveriges kommuner och regioner), 2025-03-14 09:05',
      '',
      'Första raden.\\',
      'Andra raden.',
      '',
      '### Svar: Åsa Öberg (Myndigheten för digital förvaltning), 2025-07-01 12:00 (ändrad 2025-07-01 12:15)',
      '',
      'Tack, vi ser över det.',
      '',
    ]);
  });

  it('writes the same report in English when asked', () => {
    const markdown = toMarkdown(report(), en);
    expect(markdown).toContain('# Comment report: Promemoria om öppna data');
    expect(markdown).toContain('- Generated: 2025-03-21 14:30');
    expect(markdown).toContain('## Thread 1 – 3.2 ¶4');
    expect(markdown).toContain('- Text status: In place');
    expect(markdown).toContain('- Stance: Objects');
    expect(markdown).toContain('- Disposition: Partly accepted');
    expect(markdown).toContain('**Reason:**');
    expect(markdown).toContain('### Reply: Åsa Öberg');
    expect(markdown).toContain('(edited 2025-07-01 12:15)');
    expect(markdown).toContain('- Text status: Text removed');
    expect(markdown).not.toContain('Tråd');
  });

  it('marks removed text, a removed comment and a hidden one for a commenter', () => {
    const markdown = toMarkdown(report('commenter'), sv);
    const lines = section(markdown, '## Tråd 2');
    expect(lines).toContain('> den strukna meningen');
    expect(lines).toContain('- Textstatus: Texten borttagen');
    expect(lines).toContain('*Borttagen*');
    expect(lines).toContain('*Dold av moderator*');
    expect(markdown).not.toContain('Olämpligt innehåll');
    expect(markdown).not.toContain('Personuppgifter');
  });

  it('shows an owner the hidden comment, who hid it and why', () => {
    const lines = section(toMarkdown(report('owner'), sv), '## Tråd 2');
    const note = lines.indexOf('*Dold av Olle Ägare (Finansdepartementet): Personuppgifter*');
    expect(note).toBeGreaterThan(0);
    expect(lines.slice(note, note + 3)).toEqual([
      '*Dold av Olle Ägare (Finansdepartementet): Personuppgifter*',
      '',
      'Olämpligt innehåll',
    ]);
  });

  it('escapes every field people write, so none can add a link, HTML or a heading', () => {
    const attacker = buildAuthor('[Admin](https://evil.example)', '<img src=x onerror=alert(1)>');
    const markdown = toMarkdown(
      {
        title: '# Falsk titel <script>alert(1)</script>',
        generatedAt: new Date('2025-03-21T13:30:00.000Z'),
        threads: buildReportRows({
          threads: [
            buildThread({
              anchor: { ...buildThread().anchor, exact: '## Rubrik\n[länk](javascript:x)' },
              disposition: {
                value: 'noted',
                reason: '![spårpixel](https://evil.example/p.png)',
                at: '2025-03-20T09:05:00.000Z',
                by: attacker,
              },
              comments: [
                buildComment({
                  author: attacker,
                  body: '# Inte en rubrik\n\n<a href="https://evil.example">klick</a>\n- lista',
                }),
                buildComment({
                  id: 'h',
                  body: 'dold',
                  hidden: { at: '2025-03-17T00:00:00.000Z', by: attacker, reason: '*fet* [x](y)' },
                }),
              ],
            }),
          ],
          labels: new Map(),
          viewerRole: 'owner',
        }),
      },
      sv,
    );
    // Only the report's own headings start a line with "#".
    expect(markdown.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '# Kommentarsrapport: \\# Falsk titel \\<script\\>alert(1)\\</script\\>',
      '## Tråd 1',
      '### Kommentar: \\[Admin\\](https\\://evil.example) (\\<img src=x onerror=alert(1)\\>), 2025-03-14 09:05',
      '### Svar: Anna Andersson (Länsstyrelsen i Östergötland), 2025-03-14 09:05',
    ]);
    expect(markdown).toContain('> \\#\\# Rubrik\\');
    expect(markdown).toContain('> \\[länk\\](javascript\\:x)');
    expect(markdown).toContain('!\\[spårpixel\\](https\\://evil.example/p.png)');
    expect(markdown).toContain('\\<a href="https\\://evil.example"\\>klick\\</a\\>');
    expect(markdown).toContain('\\- lista');
    expect(markdown).toContain('*Dold av \\[Admin\\](https\\://evil.example)');
    expect(markdown).toContain(': \\*fet\\* \\[x\\](y)*');
    // No unescaped "<" or "[" anywhere: every one in the report came from a person.
    expect(markdown).not.toMatch(/(^|[^\\])[<[]/m);
  });

  it('says so when a document has no comments', () => {
    const markdown = toMarkdown({ title: 'Tomt', generatedAt: new Date(0), threads: [] }, sv);
    expect(markdown).toContain('- Antal trådar: 0');
    expect(markdown).toContain('Dokumentet har inga kommentarer.');
  });

  it('leaves out the blockquote when the quote is empty', () => {
    const markdown = toMarkdown(
      {
        title: 'T',
        generatedAt: new Date(0),
        threads: buildReportRows({
          threads: [buildThread({ anchor: { ...buildThread().anchor, exact: '' } })],
          labels: new Map(),
          viewerRole: 'viewer',
        }),
      },
      sv,
    );
    expect(markdown).not.toMatch(/^>/m);
  });
});
