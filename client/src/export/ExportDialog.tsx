import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import type { ExportCommentMode, ExportFormat } from '../../../shared/api/export.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { downloadExport, saveFile, type DownloadProgress } from './downloadExport.ts';
import { exportUrl } from './exportUrl.ts';
import { formatBytes } from './formatBytes.ts';

/** The document formats the dialog offers, in the order shown. */
const FORMATS = ['docx', 'odt', 'pdf', 'md', 'html'] as const satisfies readonly ExportFormat[];
type DocumentFormat = (typeof FORMATS)[number];

const COMMENT_MODES = [
  'none',
  'annotations',
  'appendix',
] as const satisfies readonly ExportCommentMode[];

/** Formats that can carry comments in the margin (Word comments, ODF annotations). */
const MARGIN_FORMATS: ReadonlySet<DocumentFormat> = new Set(['docx', 'odt']);

type Stage =
  | { step: 'choose' }
  | { step: 'preparing' }
  | { step: 'receiving'; progress: DownloadProgress }
  | { step: 'done'; filename: string };

/**
 * Exports the current text or a version, in a native modal `<dialog>` (focus stays inside, Esc
 * closes it, focus returns to the button that opened it): the format, a title page, the app's
 * numbers and how comments go in. The file is fetched as a stream, so the dialog shows
 * "preparing" while the server writes it and then the bytes received; the stages are announced
 * in a live region, and a refusal is shown as an alert.
 */
export function ExportDialog({
  documentId,
  versionId,
  name,
  onClose,
}: {
  documentId: string;
  /** The version to export, or null for the current text. */
  versionId: string | null;
  /** What is exported, as the page names it: the version's name, or null for the current text. */
  name: string | null;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [format, setFormat] = useState<DocumentFormat>('docx');
  const [titlePage, setTitlePage] = useState(false);
  const [numbers, setNumbers] = useState(true);
  const [comments, setComments] = useState<ExportCommentMode>('none');
  const [trackedChanges, setTrackedChanges] = useState(false);
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
    heading.current?.focus();
    return () => abort.current?.abort();
  }, []);

  const marginAllowed = MARGIN_FORMATS.has(format);
  // Only Word has tracked changes; the server refuses them for any other format.
  const trackedAllowed = format === 'docx';
  const busy = stage.step === 'preparing' || stage.step === 'receiving';

  const chooseFormat = (next: DocumentFormat) => {
    setFormat(next);
    // Margin comments exist only in Word and OpenDocument; elsewhere they become the appendix.
    if (!MARGIN_FORMATS.has(next) && comments === 'annotations') setComments('appendix');
  };

  const download = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setStage({ step: 'preparing' });
    const controller = new AbortController();
    abort.current = controller;
    try {
      const file = await downloadExport(
        exportUrl(documentId, {
          format,
          versionId,
          titlePage,
          numbers,
          comments,
          lang: locale,
          trackedChanges: trackedAllowed && trackedChanges,
        }),
        (progress) => {
          // Before the first byte the server is still writing the file.
          if (progress.received > 0) setStage({ step: 'receiving', progress });
        },
        controller.signal,
      );
      saveFile(file);
      setStage({ step: 'done', filename: file.filename });
    } catch (caught) {
      if (controller.signal.aborted) return;
      setError(t('export.failed', { message: errorText(caught, t) }));
      setStage({ step: 'choose' });
    }
  };

  // Announced once per stage, not at every chunk: a screen reader would read nothing else.
  const announcement =
    stage.step === 'preparing'
      ? t('export.preparing')
      : stage.step === 'receiving'
        ? t('export.receivingStarted')
        : stage.step === 'done'
          ? t('export.done', { filename: stage.filename })
          : '';

  const progressText =
    stage.step === 'receiving'
      ? stage.progress.total === null
        ? t('export.receivingUnknown', { received: formatBytes(stage.progress.received, locale) })
        : t('export.receiving', {
            received: formatBytes(stage.progress.received, locale),
            total: formatBytes(stage.progress.total, locale),
          })
      : stage.step === 'preparing'
        ? t('export.preparing')
        : null;

  return (
    <dialog
      ref={dialog}
      className="export-dialog"
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-intro`}
      onClose={onClose}
    >
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t('export.heading', { name: name ?? t('export.currentText') })}
      </h2>
      <p id={`${id}-intro`}>{t('export.intro')}</p>
      <form onSubmit={(event) => void download(event)}>
        <fieldset>
          <legend>{t('export.format')}</legend>
          {FORMATS.map((option) => (
            <label key={option} className="radio-option">
              <input
                type="radio"
                name={`${id}-format`}
                value={option}
                checked={format === option}
                onChange={() => chooseFormat(option)}
              />
              {t(`export.format.${option}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('export.options')}</legend>
          <label className="radio-option">
            <input
              type="checkbox"
              checked={titlePage}
              onChange={(event) => setTitlePage(event.target.checked)}
            />
            {t('export.titlePage')}
          </label>
          <label className="radio-option">
            <input
              type="checkbox"
              checked={numbers}
              onChange={(event) => setNumbers(event.target.checked)}
            />
            {t('export.numbers')}
          </label>
          <label className="radio-option">
            <input
              type="checkbox"
              checked={trackedAllowed && trackedChanges}
              disabled={!trackedAllowed}
              aria-describedby={trackedAllowed ? undefined : `${id}-tracked-hint`}
              onChange={(event) => setTrackedChanges(event.target.checked)}
            />
            {t('export.trackedChanges')}
          </label>
          {!trackedAllowed && (
            <p id={`${id}-tracked-hint`} className="export-hint">
              {t('export.trackedChangesUnavailable')}
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('export.comments')}</legend>
          {COMMENT_MODES.map((mode) => (
            <label key={mode} className="radio-option">
              <input
                type="radio"
                name={`${id}-comments`}
                value={mode}
                checked={comments === mode}
                disabled={mode === 'annotations' && !marginAllowed}
                aria-describedby={
                  mode === 'annotations' && !marginAllowed ? `${id}-margin-hint` : undefined
                }
                onChange={() => setComments(mode)}
              />
              {t(`export.comments.${mode}`)}
            </label>
          ))}
          {!marginAllowed && (
            <p id={`${id}-margin-hint`} className="export-hint">
              {t('export.comments.annotationsUnavailable')}
            </p>
          )}
        </fieldset>
        {progressText !== null && (
          <div className="export-progress">
            <progress
              aria-label={t('export.progress')}
              {...(stage.step === 'receiving' && stage.progress.total !== null
                ? { value: stage.progress.received, max: stage.progress.total }
                : {})}
            />
            <span>{progressText}</span>
          </div>
        )}
        <p role="status" className="visually-hidden">
          {announcement}
        </p>
        {stage.step === 'done' && <p className="export-done">{announcement}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="form-actions">
          {/* Not `disabled` while busy: that would throw focus out of the button. */}
          <button type="submit" className="primary" aria-disabled={busy}>
            {t('export.download')}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('export.close')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
