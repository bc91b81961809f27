import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * Wraps code that is loaded when it is first needed (`React.lazy`): while it loads, a polite
 * status says so in words, and if it cannot be loaded, an alert offers to reload the page.
 *
 * The fallback takes no focus and holds no heading, so focus stays where it was until the real
 * content arrives (WCAG 2.4.3); the app moves it to the new page's heading then (App.tsx).
 * `resetKey` names what is shown (the page): when it changes after a failure, the next page is
 * tried afresh instead of showing the old failure.
 */
export function LazyBoundary({ children, resetKey }: { children: ReactNode; resetKey: string }) {
  return (
    <LoadFailureBoundary resetKey={resetKey}>
      <Suspense fallback={<LazyLoading />}>{children}</Suspense>
    </LoadFailureBoundary>
  );
}

/** Marks the fallback, so App.tsx can tell a page that is still loading from one without a heading. */
export const LAZY_LOADING_ATTRIBUTE = 'data-lazy-loading';

function LazyLoading() {
  const { t } = useI18n();
  return (
    <p role="status" {...{ [LAZY_LOADING_ATTRIBUTE]: '' }}>
      {t('lazyLoad.loading')}
    </p>
  );
}

function LoadFailed() {
  const { t } = useI18n();
  return (
    <div role="alert" className="error">
      <p>{t('lazyLoad.failed')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('lazyLoad.reload')}
      </button>
    </div>
  );
}

/**
 * A chunk that fails to load (offline, or a new release replaced the files) rejects the lazy
 * import. Without a boundary React would unmount the whole app; with it only this part is lost,
 * and what the user typed elsewhere stays. Any other error thrown while rendering this part
 * lands here too, which is why the message says "could not be shown", not "could not load".
 */
class LoadFailureBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { failed: boolean; failedOn: string | null }
> {
  override state = { failed: false, failedOn: null };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  static getDerivedStateFromProps(
    props: { resetKey: string },
    state: { failed: boolean; failedOn: string | null },
  ): { failed: boolean; failedOn: string | null } | null {
    if (!state.failed) return null;
    if (state.failedOn === null) return { failed: true, failedOn: props.resetKey };
    return state.failedOn === props.resetKey ? null : { failed: false, failedOn: null };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The browser console is the only place a client-side failure can be read back from.
    console.error('Could not load a part of the app', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <LoadFailed /> : this.props.children;
  }
}
