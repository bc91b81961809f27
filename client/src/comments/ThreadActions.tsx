import { useState } from 'react';
import { isBoolean, useKeptState } from './cardMemory.tsx';
import type { Thread } from '../../../shared/api/comments.ts';
import { updateThread } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { commentErrorText } from './commentErrorText.ts';
import { DispositionForm } from './DispositionForm.tsx';
import { StanceSelect } from './StanceSelect.tsx';

/**
 * Resolve or reopen a thread, answer it with a disposition (editors), and change its stance
 * (its author).
 */
export function ThreadActions({
  thread,
  canResolve,
  canDispose,
  canChangeStance,
  onChanged,
}: {
  thread: Thread;
  canResolve: boolean;
  canDispose: boolean;
  canChangeStance: boolean;
  onChanged: (announcement: string) => void;
}) {
  const { t } = useI18n();
  const [disposing, setDisposing] = useKeptState('disposing', false, isBoolean);
  const [error, setError] = useState<string | null>(null);
  if (!canResolve && !canDispose && !canChangeStance) return null;

  const setStatus = async (status: Thread['status']) => {
    setError(null);
    try {
      await updateThread(thread.id, { status });
      onChanged(t(status === 'resolved' ? 'comments.resolved.done' : 'comments.reopened.done'));
    } catch (caught) {
      setError(commentErrorText(caught, t));
    }
  };

  const setStance = async (stance: Thread['stance']) => {
    setError(null);
    try {
      await updateThread(thread.id, { stance });
      onChanged(
        t('comments.stanceChanged', {
          stance: stance === null ? t('comments.stance.none') : t(`comments.stance.${stance}`),
        }),
      );
    } catch (caught) {
      setError(commentErrorText(caught, t));
    }
  };

  return (
    <div className="thread-actions">
      {canChangeStance && !disposing && (
        <StanceSelect value={thread.stance} onChange={(stance) => void setStance(stance)} />
      )}
      {!disposing && (
        <div className="form-actions">
          {canResolve &&
            (thread.status === 'open' ? (
              <button type="button" onClick={() => void setStatus('resolved')}>
                {t('comments.resolve')}
              </button>
            ) : (
              <button type="button" onClick={() => void setStatus('open')}>
                {t('comments.reopen')}
              </button>
            ))}
          {canDispose && (
            <button type="button" onClick={() => setDisposing(true)}>
              {thread.disposition
                ? t('comments.disposition.change')
                : t('comments.disposition.set')}
            </button>
          )}
        </div>
      )}
      {disposing && (
        <DispositionForm
          thread={thread}
          onSaved={(value) => {
            setDisposing(false);
            onChanged(
              t('comments.disposition.done', { value: t(`comments.disposition.${value}`) }),
            );
          }}
          onCancel={() => setDisposing(false)}
        />
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
