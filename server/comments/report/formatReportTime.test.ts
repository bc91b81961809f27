import { describe, expect, it } from 'vitest';
import { formatReportTime, REPORT_TIME_ZONE } from './formatReportTime.ts';

describe('formatReportTime', () => {
  it('writes Swedish winter time (UTC+1) by default', () => {
    expect(REPORT_TIME_ZONE).toBe('Europe/Stockholm');
    expect(formatReportTime('2025-01-15T08:05:00.000Z')).toBe('2025-01-15 09:05');
  });

  it('writes Swedish summer time (UTC+2)', () => {
    expect(formatReportTime('2025-07-01T10:00:00.000Z')).toBe('2025-07-01 12:00');
  });

  it('moves to the next day across midnight, with a 24-hour clock', () => {
    expect(formatReportTime('2025-12-31T23:30:00.000Z')).toBe('2026-01-01 00:30');
  });

  it('takes a Date as well as an ISO string, and any IANA zone', () => {
    expect(formatReportTime(new Date('2025-03-21T13:30:00.000Z'), 'UTC')).toBe('2025-03-21 13:30');
    expect(formatReportTime('2025-03-21T13:30:00.000Z', 'America/New_York')).toBe(
      '2025-03-21 09:30',
    );
  });

  it('returns a value that is not a time unchanged instead of failing the report', () => {
    expect(formatReportTime('inte en tid')).toBe('inte en tid');
    expect(formatReportTime(new Date(Number.NaN))).toBe('');
  });
});
