import { useId, useRef, useState, type SyntheticEvent } from 'react';
import { MAX_VERSION_NAME_LENGTH, MAX_VERSION_NOTE_LENGTH } from '../../../shared/limits.ts';
import { createVersion } from '../api/versionsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

type FieldError = { field: 'name' | 'note'; message: string };

/**
 * Editors name the current text as a version, with an optional note. A field that is wrong is
 * marked invalid, points at its message and takes focus; a refusal from the server is an alert
 * below the button, as in the comment forms. Success is said in a status line, and focus stays
 * in the name field for the next one.
 */
export function NameVersionForm({
  documentId,
  onCreated,
}: {
  documentId: string;
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  const noteInput = useRef<HTMLTextAreaElement>(null);
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const validate = (): FieldError | null => {
    const trimmed = name.trim();
    if (trimmed === '') return { field: 'name', message: t('versions.name.required') };
    if (trimmed.length > MAX_VERSION_NAME_LENGTH) {
      return {
        field: 'name',
        message: t('versions.name.tooLong', { max: MAX_VERSION_NAME_LENGTH }),
      };
    }
    if (note.trim().length > MAX_VERSION_NOTE_LENGTH) {
      return {
        field: 'note',
        message: t('versions.note.tooLong', { max: MAX_VERSION_NOTE_LENGTH }),
      };
    }
    return null;
  };

  const onSubmit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setDone('');
    const invalid = validate();
    setFieldError(invalid);
    if (invalid) {
      (invalid.field === 'name' ? nameInput : noteInput).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const trimmed = name.trim();
      await createVersion(documentId, {
        name: trimmed,
        ...(note.trim() === '' ? {} : { note: note.trim() }),
      });
      setName('');
      setNote('');
      setDone(t('versions.name.done', { name: trimmed }));
      onCreated();
    } catch (caught) {
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: FieldError['field']) =>
    fieldError?.field === field
      ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` }
      : {};

  return (
    <section className="name-version" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('versions.name.heading')}</h2>
      <p>{t('versions.name.intro')}</p>
      <form className="stacked-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('versions.name.label')}</label>
          <input
            ref={nameInput}
            id={`${id}-name`}
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            {...invalid('name')}
          />
          {fieldError?.field === 'name' && (
            <p id={`${id}-name-error`} className="error">
              {fieldError.message}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('versions.note.label')}</label>
          <textarea
            ref={noteInput}
            id={`${id}-note`}
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            {...invalid('note')}
          />
          {fieldError?.field === 'note' && (
            <p id={`${id}-note-error`} className="error">
              {fieldError.message}
            </p>
          )}
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('versions.name.submit')}
        </button>
        <p role="status" className="ok">
          {done}
        </p>
      </form>
    </section>
  );
}
