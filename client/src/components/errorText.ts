import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { MessageValues } from '../../../shared/i18n/translate.ts';
import { ApiError } from '../api/apiClient.ts';

type Translate = (key: MessageKey, values?: MessageValues) => string;

// Labels of the fields the API validates, so "check the field" names it in the UI's language.
const FIELD_LABELS: Record<string, MessageKey> = {
  email: 'auth.email',
  password: 'auth.password',
  newPassword: 'auth.newPassword',
  currentPassword: 'account.currentPassword',
  name: 'auth.name',
  organisation: 'auth.organisation',
  title: 'documents.create.titleLabel',
  role: 'members.links.role',
  expiresInDays: 'members.invite.days',
};

function firstInvalidField(details: unknown): string | null {
  if (!Array.isArray(details)) return null;
  const first: unknown = details[0];
  if (typeof first !== 'object' || first === null || !('path' in first)) return null;
  return typeof first.path === 'string' ? first.path : null;
}

/**
 * The message to show for a failed request, in the UI's language. The API's own messages are
 * English and for developers; the UI translates the stable error code instead, naming the field
 * for validation errors. `overrides` lets a screen say something more precise for a code.
 */
export function errorText(
  error: unknown,
  t: Translate,
  overrides: Partial<Record<ApiError['code'], MessageKey>> = {},
): string {
  if (!(error instanceof ApiError)) return t('error.internal');
  const override = overrides[error.code];
  if (override) return t(override);
  if (error.code === 'invalid_input') {
    const field = firstInvalidField(error.details);
    const label = field ? FIELD_LABELS[field] : undefined;
    return label ? t('error.invalid_input', { field: t(label) }) : t('error.invalid_input.generic');
  }
  return t(`error.${error.code}`);
}
