import { useEffect, useState, type SyntheticEvent } from 'react';
import type { z } from 'zod';
import type { invitationInfoSchema } from '../../../shared/api/accounts.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { acceptInvitation, getInvitation } from '../api/accountsApi.ts';
import { getSession } from '../api/documentsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Route } from '../useRoute.ts';
import { AccountFormFields, type NewAccount } from './AccountFormFields.tsx';

// A revoked, expired or mistyped link all answer 404; say that it is the link, and what to do.
const invitationErrors = { not_found: 'invite.invalid' } as const;

/**
 * An invitation link. Signed-in people join with one click; others create an account (or sign
 * in to an existing one) and join in the same step.
 */
export function InvitationPage({
  token,
  user,
  onSignedIn,
  navigate,
}: {
  token: string;
  user: SessionUser | null;
  onSignedIn: (user: SessionUser) => void;
  navigate: (route: Route, options?: { replace?: boolean }) => void;
}) {
  const { t } = useI18n();
  const [info, setInfo] = useState<z.infer<typeof invitationInfoSchema> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [existing, setExisting] = useState(false);
  const [account, setAccount] = useState<NewAccount>({
    email: '',
    name: '',
    organisation: '',
    password: '',
  });

  useEffect(() => {
    document.title = `${t('invite.heading')} – ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    getInvitation(token).then(setInfo, (caught: unknown) =>
      setError(errorText(caught, t, invitationErrors)),
    );
  }, [token, t]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const result = user
        ? await acceptInvitation(token)
        : await acceptInvitation(
            token,
            existing ? { email: account.email, password: account.password } : account,
          );
      if (!user) onSignedIn(await getSession());
      navigate({ name: 'document', id: result.documentId }, { replace: true });
    } catch (caught) {
      setError(errorText(caught, t, invitationErrors));
    }
  };

  return (
    <div className="page narrow-page">
      <h1>{t('invite.heading')}</h1>
      {info && (
        <p>{t('invite.intro', { title: info.documentTitle, role: t(`role.${info.role}`) })}</p>
      )}
      {info && (
        <form onSubmit={(event) => void submit(event)} className="stacked-form" noValidate>
          {!user && (
            <fieldset className="choice">
              <legend>{t('invite.accountKind')}</legend>
              <label>
                <input
                  type="radio"
                  name="account-kind"
                  checked={!existing}
                  onChange={() => setExisting(false)}
                />{' '}
                {t('invite.newAccount')}
              </label>
              <label>
                <input
                  type="radio"
                  name="account-kind"
                  checked={existing}
                  onChange={() => setExisting(true)}
                />{' '}
                {t('invite.existingAccount')}
              </label>
            </fieldset>
          )}
          {!user && (
            <AccountFormFields
              value={account}
              onChange={setAccount}
              withProfile={!existing}
              newPassword={!existing}
            />
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="primary">
            {user
              ? t('invite.acceptAs', { name: user.name })
              : t(existing ? 'invite.submitExisting' : 'invite.submitNew')}
          </button>
        </form>
      )}
      {!info && error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
