import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { MessageValues } from '../../../shared/i18n/translate.ts';
import { ApiError } from '../api/apiClient.ts';
import { errorText } from '../components/errorText.ts';

type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * The message for a failed restore. The server answers 409 `document-changing` when people kept
 * typing so fast that it could not keep the text before the restore; it then restored nothing.
 */
export function restoreErrorText(error: unknown, t: Translate): string {
  if (
    error instanceof ApiError &&
    error.code === 'conflict' &&
    typeof error.details === 'object' &&
    error.details !== null &&
    'reason' in error.details &&
    error.details.reason === 'document-changing'
  ) {
    return t('versions.restore.changing');
  }
  return errorText(error, t);
}
