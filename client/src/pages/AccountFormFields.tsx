import { MIN_PASSWORD_LENGTH } from '../../../shared/limits.ts';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The fields of a new account. */
export interface NewAccount {
  email: string;
  name: string;
  organisation: string;
  password: string;
}

/** Email, name, organisation and a new password: the fields of setup and of invitations. */
export function AccountFormFields({
  value,
  onChange,
  withProfile = true,
  newPassword = true,
}: {
  value: NewAccount;
  onChange: (value: NewAccount) => void;
  withProfile?: boolean;
  newPassword?: boolean;
}) {
  const { t } = useI18n();
  const set = (key: keyof NewAccount) => (next: string) => onChange({ ...value, [key]: next });
  return (
    <>
      <TextField
        label={t('auth.email')}
        type="email"
        autoComplete="username"
        required
        value={value.email}
        onChange={set('email')}
      />
      {withProfile && (
        <>
          <TextField
            label={t('auth.name')}
            autoComplete="name"
            required
            value={value.name}
            onChange={set('name')}
          />
          <TextField
            label={t('auth.organisation')}
            autoComplete="organization"
            required
            value={value.organisation}
            onChange={set('organisation')}
          />
        </>
      )}
      <TextField
        label={t('auth.password')}
        type="password"
        autoComplete={newPassword ? 'new-password' : 'current-password'}
        required
        hint={newPassword ? t('auth.passwordHint', { min: MIN_PASSWORD_LENGTH }) : undefined}
        value={value.password}
        onChange={set('password')}
      />
    </>
  );
}
