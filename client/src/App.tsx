import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionUser } from '../../shared/api/session.ts';
import { ApiError } from './api/apiClient.ts';
import { signOut } from './api/accountsApi.ts';
import { getSession } from './api/documentsApi.ts';
import { AppHeader } from './components/AppHeader.tsx';
import { useI18n } from './i18n/I18nProvider.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AdminAuditPage } from './pages/AdminAuditPage.tsx';
import { DocumentListPage } from './pages/DocumentListPage.tsx';
import { EditorPage } from './pages/EditorPage.tsx';
import { InvitationPage } from './pages/InvitationPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { NotesPage } from './presentation/NotesPage.tsx';
import { PresentationPage } from './presentation/PresentationPage.tsx';
import { routePath, useRoute, type Route } from './useRoute.ts';
import { ComparePage } from './versions/ComparePage.tsx';
import { VersionPage } from './versions/VersionPage.tsx';
import { VersionsPage } from './versions/VersionsPage.tsx';

type Session =
  { state: 'loading' } | { state: 'anonymous' } | { state: 'signed-in'; user: SessionUser };

/** The application shell: header, skip link, and the page for the current route. */
export function App() {
  const { t } = useI18n();
  const [route, navigate] = useRoute();
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getSession().then(
      (user) => setSession({ state: 'signed-in', user }),
      (caught: unknown) => {
        if (caught instanceof ApiError && caught.status === 401) setSession({ state: 'anonymous' });
        else setError(t('app.error.network'));
      },
    );
  }, [t]);

  const onSignedIn = useCallback(
    (user: SessionUser) => setSession({ state: 'signed-in', user }),
    [],
  );
  const onSignOut = useCallback(async () => {
    await signOut().catch(() => undefined);
    setSession({ state: 'anonymous' });
    navigate({ name: 'documents' });
  }, [navigate]);

  const user = session.state === 'signed-in' ? session.user : null;

  // A new page replaces the old one without a page load, which screen readers do not notice.
  // Moving focus to the new page's heading makes them read it, and Tab continues from there.
  // Signing in or out changes the page as much as following a link does, so it counts too;
  // opening another thread of the same document does not, and neither does picking another pair
  // of texts on the compare page, where focus stays on the form.
  const page = `${session.state}:${
    route.name === 'document'
      ? route.id
      : route.name === 'compare'
        ? `compare:${route.id}`
        : routePath(route)
  }`;
  const previousPage = useRef<string | null>(null);
  useEffect(() => {
    const previous = previousPage.current;
    previousPage.current = page;
    // After a full load the browser announces the page itself and focus belongs at the top;
    // StrictMode also runs this effect twice for the same page.
    if (previous === null || previous === page || previous.startsWith('loading:')) return;
    // The page's own heading, not a heading inside the document text of the editor.
    const heading = document.querySelector('main h1:not([contenteditable] h1)');
    if (heading instanceof HTMLElement) {
      // -1: focusable from script, but not a stop for Tab.
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [page]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader
        user={user}
        onHome={() => navigate({ name: 'documents' })}
        onAccount={() => navigate({ name: 'account' })}
        onAdminAudit={() => navigate({ name: 'admin-audit' })}
        onSignOut={() => void onSignOut()}
        onOpenThread={(id, threadId) => navigate({ name: 'document', id, threadId })}
      />
      <main id="main" tabIndex={-1}>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : session.state === 'loading' ? (
          <p aria-live="polite">{t('app.loading')}</p>
        ) : (
          <Page route={route} user={user} navigate={navigate} onSignedIn={onSignedIn} />
        )}
      </main>
    </>
  );
}

function Page({
  route,
  user,
  navigate,
  onSignedIn,
}: {
  route: Route;
  user: SessionUser | null;
  navigate: (route: Route, options?: { replace?: boolean }) => void;
  onSignedIn: (user: SessionUser) => void;
}) {
  switch (route.name) {
    case 'setup':
      return (
        <SetupPage
          token={route.token}
          onSignedIn={(signedIn) => {
            onSignedIn(signedIn);
            navigate({ name: 'documents' }, { replace: true });
          }}
        />
      );
    case 'invite':
      return (
        <InvitationPage
          token={route.token}
          user={user}
          onSignedIn={onSignedIn}
          navigate={navigate}
        />
      );
    case 'reset':
      return (
        <ResetPasswordPage
          token={route.token}
          onDone={() => {
            void getSession().then(onSignedIn);
            navigate({ name: 'documents' }, { replace: true });
          }}
        />
      );
    default:
      break;
  }
  if (!user) return <SignInPage onSignedIn={onSignedIn} />;
  switch (route.name) {
    case 'account':
      return <AccountPage user={user} onChanged={onSignedIn} />;
    case 'admin-audit':
      return <AdminAuditPage user={user} navigate={navigate} />;
    case 'document':
      return (
        <EditorPage
          key={route.id}
          documentId={route.id}
          threadId={route.threadId}
          user={user}
          navigate={navigate}
        />
      );
    case 'versions':
      return <VersionsPage key={route.id} documentId={route.id} navigate={navigate} />;
    case 'version':
      return (
        <VersionPage
          key={`${route.id}/${route.versionId}`}
          documentId={route.id}
          versionId={route.versionId}
          navigate={navigate}
        />
      );
    case 'compare':
      return (
        <ComparePage
          key={route.id}
          documentId={route.id}
          from={route.from}
          to={route.to}
          navigate={navigate}
        />
      );
    case 'present':
      return <PresentationPage key={route.id} route={route} navigate={navigate} />;
    case 'present-notes':
      return <NotesPage key={route.id} documentId={route.id} />;
    case 'documents':
      return <DocumentListPage navigate={navigate} />;
  }
}
