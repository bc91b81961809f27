import type { Locale } from '../../../shared/i18n/translate.ts';

const KIB = 1024;

/** A byte count for people: "820 kB", "1,4 MB" (decimal comma in Swedish). */
export function formatBytes(bytes: number, locale: Locale): string {
  const megabytes = bytes >= KIB * KIB;
  const value = megabytes ? bytes / (KIB * KIB) : Math.max(1, Math.round(bytes / KIB));
  return new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    style: 'unit',
    unit: megabytes ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: megabytes ? 1 : 0,
  }).format(value);
}
