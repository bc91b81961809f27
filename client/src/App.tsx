import { useEffect, useState } from 'react';
import type { SessionUser } from '../../shared/api/session.ts';
import { getSession } from './api/documentsApi.ts';
import { AppHeader } from './components/AppHeader.tsx';
import { useI18n } from './i18n/I18nProvider.tsx';
import { DocumentListPage } from './pages/DocumentListPage.tsx';
import { EditorPage } from './pages/EditorPage.tsx';
import { useRoute } from './useRoute.ts';

/** The application shell: header, skip link, and the page for the current route. */
export function App() {
  const { t } = useI18n();
  const [route, navigate] = useRoute();
  const [user, setUser] = useState<SessionUser | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getSession().then(setUser, () => setError(t('app.error.network')));
  }, [t]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader user={user} onHome={() => navigate({ name: 'documents' })} />
      <main id="main" tabIndex={-1}>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : !user ? (
          <p aria-live="polite">{t('app.loading')}</p>
        ) : route.name === 'document' ? (
          <EditorPage key={route.id} documentId={route.id} user={user} navigate={navigate} />
        ) : (
          <DocumentListPage navigate={navigate} />
        )}
      </main>
    </>
  );
}
