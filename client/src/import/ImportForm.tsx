import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { IMPORT_ACCEPT, type ImportWarning } from '../../../shared/api/import.ts';
import { MAX_TITLE_LENGTH, MAX_UPLOAD_BYTES } from '../../../shared/limits.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { routePath, type Route } from '../useRoute.ts';
import { importErrorText, MAX_UPLOAD_MB } from './importTexts.ts';
import { ImportWarningsSummary } from './ImportWarningsSummary.tsx';
import { type ImportTarget, uploadImport, type UploadProgress } from './uploadImport.ts';

/** What a finished import made, for the summary. */
type Outcome =
  | { kind: 'document'; id: string; title: string; warnings: ImportWarning[] }
  | { kind: 'version'; warnings: ImportWarning[] };

/**
 * Uploads a DOCX, Markdown or HTML file as a new document or as a new version of one. While the
 * file goes up a progress bar shows how much is sent, then "Converting …" while the server
 * works. Afterwards a summary (focused, so screen readers read it) lists what could not be
 * carried over and links to the document; a refusal is said in words, and focus returns to the
 * file field to try again.
 */
export function ImportForm({
  target,
  navigate,
  onImported,
}: {
  target: ImportTarget;
  navigate: (route: Route) => void;
  onImported?: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const [title, setTitle] = useState('');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const forVersion = target.kind === 'version';

  useEffect(() => {
    if (outcome) summary.current?.focus();
  }, [outcome]);

  // Back to the file field to try again, once it is enabled again after the upload.
  useEffect(() => {
    if (error !== null && progress === null) fileInput.current?.focus();
  }, [error, progress]);

  const fail = (message: string) => setError(message);

  const onSubmit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setOutcome(null);
    const file = fileInput.current?.files?.[0];
    if (!file) return fail(t('import.chooseFile'));
    if (file.size === 0) return fail(t('import.error.empty-file'));
    if (file.size > MAX_UPLOAD_BYTES)
      return fail(t('import.error.too-large', { max: MAX_UPLOAD_MB }));
    setProgress({ phase: 'uploading', loaded: 0, total: file.size });
    try {
      if (target.kind === 'document') {
        const created = await uploadImport(target, file, title, setProgress);
        setOutcome({ kind: 'document', ...created });
      } else {
        const imported = await uploadImport(target, file, null, setProgress);
        setOutcome({ kind: 'version', warnings: imported.warnings });
      }
      setTitle('');
      if (fileInput.current) fileInput.current.value = '';
      onImported?.();
    } catch (caught) {
      fail(importErrorText(caught, t));
    } finally {
      setProgress(null);
    }
  };

  const openId =
    outcome?.kind === 'document'
      ? outcome.id
      : target.kind === 'version'
        ? target.documentId
        : null;
  const percent =
    progress?.phase === 'uploading' && progress.total > 0
      ? Math.round((progress.loaded / progress.total) * 100)
      : 0;

  return (
    <section className="import-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t(forVersion ? 'import.versionHeading' : 'import.heading')}</h2>
      <p id={`${id}-intro`}>
        {t(forVersion ? 'import.versionIntro' : 'import.intro', { max: MAX_UPLOAD_MB })}
      </p>
      <form className="stacked-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('import.fileLabel')}</label>
          <input
            ref={fileInput}
            id={`${id}-file`}
            type="file"
            accept={IMPORT_ACCEPT}
            aria-describedby={`${id}-intro`}
            disabled={progress !== null}
          />
        </div>
        {!forVersion && (
          <div className="field">
            <label htmlFor={`${id}-title`}>{t('import.titleLabel')}</label>
            <input
              id={`${id}-title`}
              value={title}
              maxLength={MAX_TITLE_LENGTH}
              autoComplete="off"
              aria-describedby={`${id}-title-hint`}
              onChange={(event) => setTitle(event.target.value)}
              disabled={progress !== null}
            />
            <p id={`${id}-title-hint`} className="field-hint">
              {t('import.titleHint')}
            </p>
          </div>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={progress !== null}>
          {t(forVersion ? 'import.submitVersion' : 'import.submit')}
        </button>
        <div className="import-progress">
          {progress && (
            <>
              <label htmlFor={`${id}-progress`}>
                {progress.phase === 'uploading'
                  ? t('import.uploading', { percent })
                  : t('import.converting')}
              </label>
              {progress.phase === 'uploading' ? (
                <progress id={`${id}-progress`} max={100} value={percent} />
              ) : (
                // No value: the browser shows it as busy, without claiming a fraction.
                <progress id={`${id}-progress`} />
              )}
            </>
          )}
          <p role="status" className="visually-hidden">
            {progress?.phase === 'converting' ? t('import.converting') : ''}
          </p>
        </div>
      </form>
      {outcome && (
        <div ref={summary} className="import-summary" tabIndex={-1} aria-labelledby={`${id}-done`}>
          <p id={`${id}-done`} className="ok">
            {outcome.kind === 'document'
              ? t('import.done', { title: outcome.title })
              : t('import.doneVersion')}
          </p>
          <ImportWarningsSummary warnings={outcome.warnings} headingId={`${id}-warnings`} />
          {openId !== null && (
            <p>
              <a
                href={routePath({ name: 'document', id: openId })}
                onClick={(event) => {
                  event.preventDefault();
                  navigate({ name: 'document', id: openId });
                }}
              >
                {outcome.kind === 'document'
                  ? t('import.open', { title: outcome.title })
                  : t('import.openDocument')}
              </a>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
