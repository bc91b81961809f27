import { useEffect, useState, type SyntheticEvent } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../shared/limits.ts';
import { completePasswordReset } from '../api/accountsApi.ts';
import { errorText } from '../components/errorText.ts';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** A password reset link: choose a new password, then continue signed in. */
export function ResetPasswordPage({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('auth.reset.heading')} – ${t('app.name')}`;
  }, [t]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await completePasswordReset(token, password);
      onDone();
    } catch (caught) {
      setError(errorText(caught, t));
    }
  };

  return (
    <div className="page narrow-page">
      <h1>{t('auth.reset.heading')}</h1>
      <form onSubmit={(event) => void submit(event)} className="stacked-form" noValidate>
        <TextField
          label={t('auth.newPassword')}
          type="password"
          autoComplete="new-password"
          required
          hint={t('auth.passwordHint', { min: MIN_PASSWORD_LENGTH })}
          value={password}
          onChange={setPassword}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          {t('auth.reset.submit')}
        </button>
      </form>
    </div>
  );
}
