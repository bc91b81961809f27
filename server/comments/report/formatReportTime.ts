/**
 * Time zone the report writes its times in. The network is Swedish public sector, and a report
 * that says 13:05 for a comment written at 14:05 in Stockholm would be read as wrong; the zone is
 * named in the report's header so nobody has to guess.
 * @default "Europe/Stockholm"
 */
export const REPORT_TIME_ZONE = 'Europe/Stockholm';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Writes a time as "2025-03-14 09:05" in `timeZone`: ISO date order and a 24-hour clock, which
 * reads the same in Swedish and English and which Excel recognises as a date and time. The parts
 * are assembled by hand because locale formats differ between ICU versions. A value that is not
 * a time is returned as it is, so one bad timestamp cannot break the whole report.
 */
export function formatReportTime(
  value: string | Date,
  timeZone: string = REPORT_TIME_ZONE,
): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : '';
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts[type] ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
