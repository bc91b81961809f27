import { useId } from 'react';
import type { Version } from '../../../shared/api/versions.ts';
import { CURRENT_TEXT } from '../api/versionsApi.ts';
import { formatDateTime } from '../comments/formatTime.ts';
import { RouteLink } from '../components/RouteLink.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Route } from '../useRoute.ts';
import { versionLabel } from './versionLabel.ts';

/**
 * One version in the history: its name (a link to read it), when and by whom, its note, who
 * edited since the version before and how much, and links to compare it. Editors also get
 * Restore. Every link and button names the version in hidden text, since the list repeats them.
 */
export function VersionItem({
  documentId,
  version,
  previous,
  isFirst,
  canEdit,
  navigate,
  onRestore,
}: {
  documentId: string;
  version: Version;
  /** The version before it (older) in the list, or null for the last one listed. */
  previous: Version | null;
  /** The document's first version, whose summary counts the whole text. */
  isFirst: boolean;
  canEdit: boolean;
  navigate: (route: Route) => void;
  onRestore: (version: Version) => void;
}) {
  const { t, locale } = useI18n();
  const headingId = useId();
  const label = versionLabel(version, t);
  // Hidden text is read after a space (it is positioned out of the flow), so it is worded to
  // follow one: "Restore (Draft 2)".
  const which = <span className="visually-hidden">({label})</span>;
  const person = (author: { name: string; organisation: string }) =>
    t('versions.person', { name: author.name, organisation: author.organisation });

  return (
    <li className={`version-item version-${version.kind}`}>
      <article aria-labelledby={headingId}>
        <h3 id={headingId} className="version-name">
          <RouteLink
            to={{ name: 'version', id: documentId, versionId: version.id }}
            navigate={navigate}
          >
            {label}
          </RouteLink>
        </h3>
        <p className="version-meta">
          {version.kind === 'named' && (
            <span className="badge badge-named">{t('versions.kind.named')}</span>
          )}{' '}
          <time dateTime={version.createdAt}>{formatDateTime(version.createdAt, locale)}</time>
          {version.createdBy && (
            <>
              {' · '}
              {t('versions.createdBy', {
                name: version.createdBy.name,
                organisation: version.createdBy.organisation,
              })}
            </>
          )}
        </p>
        {version.note !== null && version.note !== '' && (
          <p className="version-note">{version.note}</p>
        )}
        {version.authors.length > 0 && (
          <p className="version-authors">
            {t('versions.authors', { names: version.authors.map(person).join(', ') })}
          </p>
        )}
        <p className="version-summary">
          {isFirst
            ? t('versions.summary.first', {
                words: version.summary.wordsAdded,
                paragraphs: version.summary.paragraphsChanged,
              })
            : t('versions.summary', {
                added: version.summary.wordsAdded,
                removed: version.summary.wordsRemoved,
                paragraphs: version.summary.paragraphsChanged,
              })}
        </p>
        <div className="version-actions">
          <RouteLink
            to={{ name: 'compare', id: documentId, from: version.id, to: CURRENT_TEXT }}
            navigate={navigate}
          >
            {t('versions.compareCurrent')}
            {which}
          </RouteLink>
          {previous && (
            <RouteLink
              to={{ name: 'compare', id: documentId, from: previous.id, to: version.id }}
              navigate={navigate}
            >
              {t('versions.comparePrevious')}
              {which}
            </RouteLink>
          )}
          {canEdit && (
            <button type="button" onClick={() => onRestore(version)}>
              {t('versions.restore')}
              {which}
            </button>
          )}
        </div>
      </article>
    </li>
  );
}
