import type { BlockChange } from '../../../shared/diff/diffDocuments.ts';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { MessageValues } from '../../../shared/i18n/translate.ts';

type Translate = (key: MessageKey, values?: MessageValues) => string;

/** A block's place and what happened to it, in words, for its note and its accessible name. */
export interface ChangeDescription {
  /** Its number, such as "3.2 ¶4", in the new text (in the old one when it was deleted). */
  place: string;
  /** "Text changed", "Moved from 2 ¶3", …; null for an unchanged block. */
  what: string | null;
  /** Said when the block was compared more coarsely than word by word; null otherwise. */
  precision: string | null;
}

function place(label: string | null, t: Translate): string {
  // numbering.ts gives the title no number.
  return label ?? t('versions.diff.title');
}

/** Describes one block of a comparison for readers. */
export function describeChange(change: BlockChange, t: Translate): ChangeDescription {
  const side = change.type === 'deleted' ? change.before : change.after;
  const precision =
    (change.type === 'changed' || change.type === 'moved') && change.granularity !== 'word'
      ? t(change.granularity === 'sentence' ? 'versions.change.sentences' : 'versions.change.whole')
      : null;
  const what = (() => {
    switch (change.type) {
      case 'unchanged':
        return null;
      case 'changed':
        return t(change.formattingOnly ? 'versions.change.reformatted' : 'versions.change.changed');
      case 'inserted':
        return t('versions.change.inserted');
      case 'deleted':
        return t('versions.change.deleted');
      case 'moved':
        return t(
          change.textChanged || change.formattingChanged
            ? 'versions.change.movedEdited'
            : 'versions.change.moved',
          { from: place(change.before.label, t) },
        );
    }
  })();
  return { place: place(side.label, t), what, precision };
}
