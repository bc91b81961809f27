import { importErrorDetailsSchema, type ImportWarning } from '../../../shared/api/import.ts';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { MessageValues } from '../../../shared/i18n/translate.ts';
import { MAX_UPLOAD_BYTES } from '../../../shared/limits.ts';
import { ApiError } from '../api/apiClient.ts';
import { errorText } from '../components/errorText.ts';

type Translate = (key: MessageKey, values?: MessageValues) => string;

/** The upload limit in whole megabytes, as the form and its errors state it. */
export const MAX_UPLOAD_MB = Math.floor(MAX_UPLOAD_BYTES / (1024 * 1024));

const FORMATTING: Record<string, MessageKey> = {
  strikethrough: 'import.formatting.strikethrough',
  underline: 'import.formatting.underline',
  code: 'import.formatting.code',
  subscript: 'import.formatting.subscript',
  superscript: 'import.formatting.superscript',
  highlight: 'import.formatting.highlight',
};

/** One import warning in the UI's language; the server's English message is not shown. */
export function importWarningText(warning: ImportWarning, t: Translate): string {
  const params = warning.params ?? {};
  const format = params['format'];
  const formatKey = format === undefined ? undefined : FORMATTING[format];
  return t(`import.warning.${warning.code}`, {
    count: warning.count,
    format: formatKey ? t(formatKey) : (format ?? ''),
    style: params['style'] ?? '',
    detail: params['detail'] ?? warning.message,
  });
}

/**
 * Why an import was refused, in the UI's language: the reason the server gives in
 * `error.details`, with what the file is and what was expected for a mismatch; other refusals
 * (not signed in, not allowed) read as everywhere else.
 */
export function importErrorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const details = importErrorDetailsSchema.safeParse(error.details);
    if (details.success) {
      const { reason, detected, expected } = details.data;
      if (reason === 'type-mismatch' && detected && expected) {
        return t('import.error.type-mismatch', {
          detected: t(`import.kind.${detected}`),
          expected: t(`import.format.${expected}`),
        });
      }
      return t(`import.error.${reason}`, { max: MAX_UPLOAD_MB });
    }
    if (error.code === 'payload_too_large') {
      return t('import.error.too-large', { max: MAX_UPLOAD_MB });
    }
  }
  return errorText(error, t);
}
