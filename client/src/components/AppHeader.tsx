import type { SessionUser } from '../../../shared/api/session.ts';
import { locales } from '../../../shared/i18n/translate.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { NotificationsInbox } from '../notifications/NotificationsInbox.tsx';

/**
 * The top bar: the product name (a link home), the notifications inbox, the account, sign-out
 * and the language switch.
 */
export function AppHeader({
  user,
  onHome,
  onAccount,
  onAdminAudit,
  onSignOut,
  onOpenThread,
}: {
  user: SessionUser | null;
  onHome: () => void;
  onAccount: () => void;
  /** Opens the site-wide activity log; the link shows for site admins only. */
  onAdminAudit: () => void;
  onSignOut: () => void;
  /** Opens a document at one of its threads (from a notification). */
  onOpenThread: (documentId: string, threadId: string) => void;
}) {
  const { t, locale, setLocale } = useI18n();
  return (
    <header className="app-header">
      <a
        className="app-name"
        href="/"
        onClick={(event) => {
          event.preventDefault();
          onHome();
        }}
      >
        {t('app.name')}
      </a>
      <span className="app-tagline">{t('app.tagline')}</span>
      <div className="app-header-end">
        {user && (
          <>
            <span className="signed-in">
              {t('app.signedInAs', { name: user.name, organisation: user.organisation })}
            </span>
            <NotificationsInbox onOpenThread={onOpenThread} />
            <a
              href="/account"
              onClick={(event) => {
                event.preventDefault();
                onAccount();
              }}
            >
              {t('auth.account')}
            </a>
            {user.isAdmin && (
              <a
                href="/admin/audit"
                onClick={(event) => {
                  event.preventDefault();
                  onAdminAudit();
                }}
              >
                {t('audit.admin.link')}
              </a>
            )}
            <button type="button" onClick={onSignOut}>
              {t('auth.signOut')}
            </button>
          </>
        )}
        <div role="group" aria-label={t('app.language')} className="language-switch">
          {locales.map((code) => (
            <button
              key={code}
              type="button"
              lang={code}
              aria-pressed={locale === code}
              onClick={() => setLocale(code)}
            >
              {t(code === 'sv' ? 'app.language.sv' : 'app.language.en')}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
