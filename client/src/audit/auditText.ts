import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { MessageValues } from '../../../shared/i18n/translate.ts';

/** The `t` of useI18n, taken as a parameter so the audit texts can be unit-tested without React. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** Formats an ISO timestamp for display in the UI's language. */
export type FormatTime = (iso: string) => string;
