import { useEffect, useState, type SyntheticEvent } from 'react';
import type { SessionUser } from '../../../shared/api/session.ts';
import { MIN_PASSWORD_LENGTH } from '../../../shared/limits.ts';
import { changePassword, updateAccount } from '../api/accountsApi.ts';
import { errorText } from '../components/errorText.ts';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The signed-in user's own account: name, organisation and password. */
export function AccountPage({
  user,
  onChanged,
}: {
  user: SessionUser;
  onChanged: (user: SessionUser) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(user.name);
  const [organisation, setOrganisation] = useState(user.organisation);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [profileMessage, setProfileMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [passwordMessage, setPasswordMessage] = useState<{ ok: boolean; text: string } | null>(
    null,
  );

  useEffect(() => {
    document.title = `${t('account.heading')} – ${t('app.name')}`;
  }, [t]);

  const saveProfile = async (event: SyntheticEvent) => {
    event.preventDefault();
    try {
      onChanged(await updateAccount(name, organisation));
      setProfileMessage({ ok: true, text: t('account.saved') });
    } catch (caught) {
      setProfileMessage({ ok: false, text: errorText(caught, t) });
    }
  };

  const savePassword = async (event: SyntheticEvent) => {
    event.preventDefault();
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setPasswordMessage({ ok: true, text: t('account.password.changed') });
    } catch (caught) {
      setPasswordMessage({ ok: false, text: errorText(caught, t) });
    }
  };

  const message = (m: { ok: boolean; text: string } | null) =>
    m && (
      <p role={m.ok ? 'status' : 'alert'} className={m.ok ? 'ok' : 'error'}>
        {m.text}
      </p>
    );

  return (
    <div className="page narrow-page">
      <h1>{t('account.heading')}</h1>
      <p>{user.email}</p>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('account.profile')}</h2>
        <form className="stacked-form" onSubmit={(event) => void saveProfile(event)} noValidate>
          <TextField
            label={t('auth.name')}
            autoComplete="name"
            required
            value={name}
            onChange={setName}
          />
          <TextField
            label={t('auth.organisation')}
            autoComplete="organization"
            required
            value={organisation}
            onChange={setOrganisation}
          />
          {message(profileMessage)}
          <button type="submit" className="primary">
            {t('account.save')}
          </button>
        </form>
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t('account.password.heading')}</h2>
        <form className="stacked-form" onSubmit={(event) => void savePassword(event)} noValidate>
          <TextField
            label={t('account.currentPassword')}
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={setCurrent}
          />
          <TextField
            label={t('auth.newPassword')}
            type="password"
            autoComplete="new-password"
            required
            hint={t('auth.passwordHint', { min: MIN_PASSWORD_LENGTH })}
            value={next}
            onChange={setNext}
          />
          {message(passwordMessage)}
          <button type="submit" className="primary">
            {t('account.password.submit')}
          </button>
        </form>
      </section>
    </div>
  );
}
