import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionUser } from '../../shared/api/session.ts';
import { ApiError } from './api/apiClient.ts';
import { signOut } from './api/accountsApi.ts';
import { getSession } from './api/documentsApi.ts';
import { AppHeader } from './components/AppHeader.tsx';
import { LAZY_LOADING_ATTRIBUTE, LazyBoundary } from './components/LazyBoundary.tsx';
import { useI18n } from './i18n/I18nProvider.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { DocumentListPage } from './pages/DocumentListPage.tsx';
import { InvitationPage } from './pages/InvitationPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import {
  AdminAuditPage,
  ComparePage,
  EditorPage,
  NotesPage,
  preloadPage,
  PresentationPage,
  VersionPage,
  VersionsPage,
} from './lazyPages.ts';
import { routePath, useRoute, type Route } from './useRoute.ts';

type Session =
  { state: 'loading' } | { state: 'anonymous' } | { state: 'signed-in'; user: SessionUser };

/** The application shell: header, skip link, and the page for the current route. */
export function App() {
  const { t } = useI18n();
  const [route, navigate] = useRoute();
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [error, setError] = useState<string | null>(null);

  // Only the route the app opened on: later routes are fetched as they are followed.
  const [openedOn] = useState(route);
  useEffect(() => preloadPage(openedOn), [openedOn]);

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
    const focusHeading = () => {
      // The page's own heading, not a heading inside the document text of the editor.
      const heading = document.querySelector('main h1:not([contenteditable] h1)');
      if (heading instanceof HTMLElement) {
        // -1: focusable from script, but not a stop for Tab.
        heading.tabIndex = -1;
        heading.focus();
      }
    };
    // A page whose code is fetched on first use (lazyPages.ts) shows a status until it arrives;
    // its heading comes with it. Focus waits for it, unless the user has moved on meanwhile.
    const main = document.getElementById('main');
    const loading = `[${LAZY_LOADING_ATTRIBUTE}]`;
    if (!main?.querySelector(loading)) {
      focusHeading();
      return;
    }
    const focusedBefore = document.activeElement;
    const observer = new MutationObserver(() => {
      if (main.querySelector(loading)) return;
      observer.disconnect();
      const focused = document.activeElement;
      if (focused === focusedBefore || focused === null || focused === document.body) {
        focusHeading();
      }
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
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
          <LazyBoundary resetKey={page}>
            <Page route={route} user={user} navigate={navigate} onSignedIn={onSignedIn} />
          </LazyBoundary>
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
