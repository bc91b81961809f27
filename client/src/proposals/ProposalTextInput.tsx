import { useId, useRef, useState } from 'react';
import type { ProposalMark, ProposalText } from '../../../shared/api/proposals.ts';
import { MAX_PROPOSAL_LENGTH } from '../../../shared/limits.ts';
import { sanitizeUrl } from '../../../shared/sanitizeUrl.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ProposalPreview } from './ProposalPreview.tsx';
import { shiftMarks } from './shiftMarks.ts';

/**
 * The field for a proposed wording: a plain text area (which every screen reader and keyboard
 * handles), a small toolbar that sets bold, italic or a link on the selected part of it, and a
 * preview that shows the formatting and lists it in words, so it is never conveyed by looks
 * alone. Line breaks are not allowed: a proposal rewrites a passage within one paragraph.
 */
export function ProposalTextInput({
  label,
  value,
  onChange,
  disabled = false,
  autoFocus = false,
  describedBy,
}: {
  label: string;
  value: ProposalText;
  onChange: (value: ProposalText) => void;
  disabled?: boolean;
  autoFocus?: boolean;
  describedBy?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('https://');
  const [notice, setNotice] = useState('');
  const marks = value.marks ?? [];

  const selection = (): { from: number; to: number } | null => {
    const element = area.current;
    if (!element || element.selectionStart === element.selectionEnd) return null;
    return { from: element.selectionStart, to: element.selectionEnd };
  };

  const toggle = (type: 'bold' | 'italic') => {
    const range = selection();
    if (range === null) {
      setNotice(t('proposals.form.selectForMark'));
      return;
    }
    setNotice('');
    const same = marks.filter((mark) => mark.type === type);
    const covered = same.some((mark) => mark.from <= range.from && mark.to >= range.to);
    const others = marks.filter((mark) => mark.type !== type);
    const next: ProposalMark[] = covered
      ? same.flatMap((mark) =>
          mark.to <= range.from || mark.from >= range.to
            ? [mark]
            : [
                ...(mark.from < range.from ? [{ ...mark, to: range.from }] : []),
                ...(mark.to > range.to ? [{ ...mark, from: range.to }] : []),
              ],
        )
      : [...same, { type, ...range }];
    onChange({ ...value, marks: [...others, ...next] });
  };

  const addLink = () => {
    const range = selection();
    const safe = sanitizeUrl(href);
    if (range === null) {
      setNotice(t('proposals.form.selectForMark'));
      return;
    }
    if (safe === null || !/^(https?:|mailto:)/i.test(safe)) {
      setNotice(t('proposals.form.linkInvalid'));
      return;
    }
    setNotice('');
    setLinkOpen(false);
    onChange({ ...value, marks: [...marks, { type: 'link', ...range, href: safe }] });
  };

  const described = marks
    .map((mark) => `${t(`proposals.form.${mark.type}`)} ”${value.text.slice(mark.from, mark.to)}”`)
    .join(', ');

  return (
    <div className="proposal-input">
      <label htmlFor={`${id}-text`}>{label}</label>
      <div role="toolbar" aria-label={t('proposals.form.toolbar')} className="proposal-toolbar">
        {(['bold', 'italic'] as const).map((type) => (
          <button
            key={type}
            type="button"
            disabled={disabled}
            // Keep the text area's selection: a mouse press would otherwise move focus first.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => toggle(type)}
          >
            {t(`proposals.form.${type}`)}
          </button>
        ))}
        <button
          type="button"
          disabled={disabled}
          aria-expanded={linkOpen}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => setLinkOpen((open) => !open)}
        >
          {t('proposals.form.link')}
        </button>
      </div>
      {linkOpen && (
        <div className="proposal-link">
          <label htmlFor={`${id}-href`}>{t('proposals.form.linkAddress')}</label>
          <input
            id={`${id}-href`}
            type="url"
            value={href}
            onChange={(event) => setHref(event.target.value)}
          />
          <button type="button" onClick={addLink}>
            {t('proposals.form.linkApply')}
          </button>
        </div>
      )}
      <textarea
        id={`${id}-text`}
        ref={area}
        rows={3}
        value={value.text}
        maxLength={MAX_PROPOSAL_LENGTH}
        disabled={disabled}
        autoFocus={autoFocus}
        aria-describedby={[`${id}-marks`, describedBy].filter(Boolean).join(' ')}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.preventDefault();
        }}
        onChange={(event) => {
          const text = event.target.value.replace(/[\r\n]+/g, ' ');
          onChange({ text, marks: shiftMarks(marks, value.text, text) });
        }}
      />
      <p id={`${id}-marks`} className="field-hint">
        {marks.length === 0
          ? t('proposals.form.noMarks')
          : t('proposals.form.marks', { marks: described })}
      </p>
      {marks.length > 0 && (
        <p className="proposal-preview" aria-hidden="true">
          <ProposalPreview wording={value} />
        </p>
      )}
      <p className="field-hint" role="status" aria-live="polite">
        {notice}
      </p>
    </div>
  );
}
