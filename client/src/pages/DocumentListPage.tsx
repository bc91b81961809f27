import { useCallback, useEffect, useId, useState, type SyntheticEvent } from 'react';
import type { DocumentSummary } from '../../../shared/api/documents.ts';
import { MAX_TITLE_LENGTH } from '../../../shared/limits.ts';
import { errorText } from '../components/errorText.ts';
import { createDocument, listDocuments, renameDocument } from '../api/documentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ImportForm } from '../import/ImportForm.tsx';
import { routePath, type Route } from '../useRoute.ts';

/** The list of documents the user can open, with create and rename. */
export function DocumentListPage({ navigate }: { navigate: (route: Route) => void }) {
  const { t, locale } = useI18n();
  const [documents, setDocuments] = useState<DocumentSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [title, setTitle] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newTitle, setNewTitle] = useState('');
  const titleId = useId();
  const renameId = useId();

  const refresh = useCallback(async () => {
    try {
      const result = await listDocuments();
      setDocuments(result.documents);
      setError(null);
    } catch (caught) {
      setError(errorText(caught, t));
    }
  }, [t]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    document.title = `${t('documents.heading')} – ${t('app.name')}`;
  }, [t]);

  const onCreate = async (event: SyntheticEvent) => {
    event.preventDefault();
    try {
      const { id } = await createDocument(title);
      setAnnouncement(t('documents.create.created', { title: title.trim() }));
      setTitle('');
      navigate({ name: 'document', id });
    } catch (caught) {
      setError(errorText(caught, t));
    }
  };

  const onRename = async (event: SyntheticEvent, id: string) => {
    event.preventDefault();
    try {
      const renamed = await renameDocument(id, newTitle);
      setRenaming(null);
      setAnnouncement(t('documents.rename.saved', { title: renamed.title }));
      await refresh();
    } catch (caught) {
      setError(errorText(caught, t));
    }
  };

  const dateFormat = new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  return (
    <div className="page documents-page">
      <h1>{t('documents.heading')}</h1>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {documents === null ? (
        <p>{t('app.loading')}</p>
      ) : documents.length === 0 ? (
        <p>{t('documents.empty')}</p>
      ) : (
        <table className="documents-table">
          <thead>
            <tr>
              <th scope="col">{t('documents.column.title')}</th>
              <th scope="col">{t('documents.column.role')}</th>
              <th scope="col">{t('documents.column.updated')}</th>
              <th scope="col">{t('documents.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((doc) => (
              <tr key={doc.id}>
                <td>
                  {renaming === doc.id ? (
                    <form
                      className="inline-form"
                      onSubmit={(event) => void onRename(event, doc.id)}
                    >
                      <label htmlFor={renameId}>
                        {t('documents.rename.label', { title: doc.title })}
                      </label>
                      <input
                        id={renameId}
                        value={newTitle}
                        maxLength={MAX_TITLE_LENGTH}
                        required
                        onChange={(event) => setNewTitle(event.target.value)}
                        // The field appears because the user asked to rename; move focus there.
                        autoFocus
                      />
                      <button type="submit">{t('documents.rename.save')}</button>
                      <button type="button" onClick={() => setRenaming(null)}>
                        {t('documents.rename.cancel')}
                      </button>
                    </form>
                  ) : (
                    <a
                      href={routePath({ name: 'document', id: doc.id })}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate({ name: 'document', id: doc.id });
                      }}
                    >
                      {doc.title}
                    </a>
                  )}
                </td>
                <td>{t(`role.${doc.role}`)}</td>
                <td>
                  <time dateTime={doc.updatedAt}>{dateFormat.format(new Date(doc.updatedAt))}</time>
                </td>
                <td>
                  {(doc.role === 'owner' || doc.role === 'editor') && renaming !== doc.id && (
                    <button
                      type="button"
                      aria-label={`${t('documents.rename')}: ${doc.title}`}
                      onClick={() => {
                        setRenaming(doc.id);
                        setNewTitle(doc.title);
                      }}
                    >
                      {t('documents.rename')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby={`${titleId}-heading`} className="create-document">
        <h2 id={`${titleId}-heading`}>{t('documents.create.heading')}</h2>
        <form onSubmit={(event) => void onCreate(event)}>
          <label htmlFor={titleId}>{t('documents.create.titleLabel')}</label>
          <input
            id={titleId}
            value={title}
            maxLength={MAX_TITLE_LENGTH}
            required
            onChange={(event) => setTitle(event.target.value)}
          />
          <button type="submit">{t('documents.create.submit')}</button>
        </form>
      </section>
      <ImportForm target={{ kind: 'document' }} navigate={navigate} />
    </div>
  );
}
