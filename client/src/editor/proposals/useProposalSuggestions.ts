import type { Editor } from '@tiptap/core';
import { useEffect, useMemo } from 'react';
import type { Thread } from '../../../../shared/api/comments.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { userColor } from '../userColor.ts';
import { proposalSuggestionKey, type SuggestionSource } from './ProposalSuggestionExtension.ts';

/**
 * Hands the open proposals among `threads` to the suggestion plugin, with the spoken labels in
 * the user's language. Decided proposals are not drawn: an accepted one is in the text already.
 */
export function useProposalSuggestions(editor: Editor, threads: readonly Thread[]): void {
  const { t } = useI18n();
  const sources = useMemo(
    () =>
      threads.flatMap((thread): SuggestionSource[] => {
        const { proposal } = thread;
        if (!proposal || (proposal.state !== 'open' && proposal.state !== 'conflict')) return [];
        if (thread.anchor.status === 'removed') return [];
        return [
          {
            threadId: thread.id,
            placement: proposal.placement,
            wording: { text: proposal.text, marks: proposal.marks },
            color: userColor(thread.author.id),
          },
        ];
      }),
    [threads],
  );
  useEffect(() => {
    if (editor.isDestroyed) return;
    const words = {
      deleted: t('proposals.suggestion.deleted'),
      inserted: t('proposals.suggestion.inserted'),
      end: t('proposals.suggestion.end'),
    };
    editor.view.dispatch(editor.state.tr.setMeta(proposalSuggestionKey, { sources, words }));
  }, [editor, sources, t]);
}
