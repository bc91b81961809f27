import type { Locale } from '../../../shared/i18n/translate.ts';

/** How a report is written: its language and the time zone of its times. */
export interface ReportFormatOptions {
  /** Language of headings and labels; user text is written as it was typed. */
  locale: Locale;
  /** IANA time zone of every time in the report (REPORT_TIME_ZONE in production). */
  timeZone: string;
}
