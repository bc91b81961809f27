import { useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { CommentAuthor } from '../../../shared/api/comments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { mentionQueryAt, nameMatches, type MentionQuery } from './mentionQuery.ts';

/** Most suggestions shown at once; typing more letters narrows the list. */
const MAX_SUGGESTIONS = 8;

/**
 * A comment text field in which typing "@" suggests members to mention. The field stays a
 * textbox; the suggestions are a listbox it controls (`aria-controls`, `aria-activedescendant`),
 * as the ARIA combobox pattern describes. Arrow keys move through them, Enter or Tab picks one,
 * Esc closes the list. A polite status says how many suggestions there are. Ctrl+Enter sends.
 */
export function MentionTextarea({
  label,
  value,
  onChange,
  members,
  onMention,
  onSubmit,
  disabled = false,
  describedBy,
  autoFocus = false,
  textareaRef,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Members who can be mentioned (without the writer), or null while they load. */
  members: readonly CommentAuthor[] | null;
  onMention: (member: CommentAuthor) => void;
  onSubmit: () => void;
  disabled?: boolean;
  describedBy?: string;
  autoFocus?: boolean;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
}) {
  const { t } = useI18n();
  const id = useId();
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const field = textareaRef ?? ownRef;
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [highlighted, setHighlighted] = useState(0);

  const suggestions =
    query && members
      ? members.filter((member) => nameMatches(member.name, query.query)).slice(0, MAX_SUGGESTIONS)
      : [];
  const open = query !== null && suggestions.length > 0;
  const active = open ? Math.min(highlighted, suggestions.length - 1) : -1;

  const update = (text: string, caret: number) => {
    onChange(text);
    const next = mentionQueryAt(text, caret);
    setQuery(next);
    if (next?.query !== query?.query) setHighlighted(0);
  };

  const pick = (member: CommentAuthor) => {
    const element = field.current;
    if (!query || !element) return;
    const caret = element.selectionStart;
    const inserted = `@${member.name} `;
    const text = value.slice(0, query.start) + inserted + value.slice(caret);
    onChange(text);
    onMention(member);
    setQuery(null);
    const position = query.start + inserted.length;
    // Put the caret after the name once React has written the new value.
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(position, position);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmit();
      return;
    }
    if (!open) return;
    const chosen = suggestions[active];
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setHighlighted((active + 1) % suggestions.length);
        break;
      case 'ArrowUp':
        event.preventDefault();
        setHighlighted((active - 1 + suggestions.length) % suggestions.length);
        break;
      case 'Enter':
      case 'Tab':
        if (chosen) {
          event.preventDefault();
          pick(chosen);
        }
        break;
      case 'Escape':
        // Close the list, not the dialog or form around the field.
        event.preventDefault();
        event.stopPropagation();
        setQuery(null);
        break;
      default:
        break;
    }
  };

  const describedByIds = [`${id}-hint`, describedBy].filter(Boolean).join(' ');

  return (
    <div className="mention-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={field}
        value={value}
        rows={3}
        disabled={disabled}
        // Opened on request (a new comment or reply); typing is the next step.
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={open ? `${id}-list` : undefined}
        aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
        aria-describedby={describedByIds}
        onChange={(event) => update(event.target.value, event.target.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => setQuery(null)}
      />
      <p id={`${id}-hint`} className="field-hint">
        {t('comments.mentionHint')}
      </p>
      {open && (
        <ul
          id={`${id}-list`}
          role="listbox"
          className="mention-list"
          aria-label={t('comments.mentionList')}
        >
          {suggestions.map((member, index) => (
            <li
              key={member.id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'mention-option is-active' : 'mention-option'}
              // Keep focus in the field; the click picks the member.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(member)}
            >
              {member.name} <span className="mention-organisation">{member.organisation}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {open ? t('comments.mentionCount', { count: suggestions.length }) : ''}
      </p>
    </div>
  );
}
