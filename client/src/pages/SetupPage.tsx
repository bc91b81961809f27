import { useEffect, useState, type SyntheticEvent } from 'react';
import type { SessionUser } from '../../../shared/api/session.ts';
import { checkSetup, completeSetup } from '../api/accountsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AccountFormFields, type NewAccount } from './AccountFormFields.tsx';

/** The one-time setup link: creates the first admin account and signs it in. */
export function SetupPage({
  token,
  onSignedIn,
}: {
  token: string;
  onSignedIn: (user: SessionUser) => void;
}) {
  const { t } = useI18n();
  const [account, setAccount] = useState<NewAccount>({
    email: '',
    name: '',
    organisation: '',
    password: '',
  });
  const [error, setError] = useState<string | null>(null);
  const [valid, setValid] = useState<boolean | null>(null);

  useEffect(() => {
    document.title = `${t('auth.setup.heading')} – ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    checkSetup(token).then(
      () => setValid(true),
      (caught: unknown) => {
        setValid(false);
        setError(errorText(caught, t));
      },
    );
  }, [token, t]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    try {
      onSignedIn(await completeSetup(token, account));
    } catch (caught) {
      setError(errorText(caught, t));
    }
  };

  return (
    <div className="page narrow-page">
      <h1>{t('auth.setup.heading')}</h1>
      {valid !== false && <p>{t('auth.setup.intro')}</p>}
      {valid && (
        <form onSubmit={(event) => void submit(event)} className="stacked-form" noValidate>
          <AccountFormFields value={account} onChange={setAccount} />
          <button type="submit" className="primary">
            {t('auth.setup.submit')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
