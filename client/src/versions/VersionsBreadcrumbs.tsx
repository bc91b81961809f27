import { RouteLink } from '../components/RouteLink.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Route } from '../useRoute.ts';

/** The way back from the history pages: to the document, and (below the list) to the list. */
export function VersionsBreadcrumbs({
  documentId,
  showHistory,
  navigate,
}: {
  documentId: string;
  /** Whether to offer "All versions" (not on the list itself). */
  showHistory: boolean;
  navigate: (route: Route) => void;
}) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('versions.breadcrumbs')} className="breadcrumbs">
      <ul className="breadcrumb-list">
        <li>
          <RouteLink to={{ name: 'document', id: documentId }} navigate={navigate}>
            ← {t('versions.backToDocument')}
          </RouteLink>
        </li>
        {showHistory && (
          <li>
            <RouteLink to={{ name: 'versions', id: documentId }} navigate={navigate}>
              {t('versions.backToHistory')}
            </RouteLink>
          </li>
        )}
      </ul>
    </nav>
  );
}
