import { useEffect, useState, type SyntheticEvent } from 'react';
import type { SessionUser } from '../../../shared/api/session.ts';
import { requestPasswordReset, signIn } from '../api/accountsApi.ts';
import { errorText } from '../components/errorText.ts';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Sign-in with email and password, and the request for a password reset link. */
export function SignInPage({ onSignedIn }: { onSignedIn: (user: SessionUser) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [forgot, setForgot] = useState(false);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    document.title = `${t(forgot ? 'auth.forgot.heading' : 'auth.signIn.heading')} – ${t('app.name')}`;
  }, [t, forgot]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (forgot) {
        await requestPasswordReset(email);
        setSent(true);
      } else {
        onSignedIn(await signIn(email, password));
      }
    } catch (caught) {
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow-page">
      <h1>{t(forgot ? 'auth.forgot.heading' : 'auth.signIn.heading')}</h1>
      <form onSubmit={(event) => void submit(event)} className="stacked-form" noValidate>
        <TextField
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
        />
        {!forgot && (
          <TextField
            label={t('auth.password')}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={setPassword}
          />
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {sent && <p role="status">{t('auth.forgot.sent')}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {t(forgot ? 'auth.forgot.submit' : 'auth.signIn.submit')}
        </button>
      </form>
      <p>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setForgot(!forgot);
            setSent(false);
            setError(null);
          }}
        >
          {forgot ? t('auth.signIn.heading') : t('auth.forgot')}
        </button>
      </p>
    </div>
  );
}
