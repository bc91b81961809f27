import { en } from './en.ts';
import { sv, type MessageKey } from './sv.ts';

/** Languages the UI speaks. Swedish is the default. */
export const locales = ['sv', 'en'] as const;

/** A UI language. */
export type Locale = (typeof locales)[number];

/** The language used when the user has chosen none. */
export const DEFAULT_LOCALE: Locale = 'sv';

const catalogues: Record<Locale, Record<MessageKey, string>> = { sv, en };

/** Values substituted for `{name}` placeholders. */
export type MessageValues = Record<string, string | number>;

/**
 * Looks up a message and fills in its placeholders. A placeholder without a value is left as is,
 * so a missing value shows up in the UI instead of silently vanishing.
 */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const template = catalogues[locale][key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** Whether a string names a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}
