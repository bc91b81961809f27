import type { MessageKey } from '../../shared/i18n/sv.ts';
import { translate, type Locale } from '../../shared/i18n/translate.ts';
import type {
  ReportComment,
  ReportCommentBody,
  ReportPerson,
  ReportProposal,
  ReportThread,
} from '../comments/report/CommentReport.ts';
import { formatReportTime } from '../comments/report/formatReportTime.ts';
import type { ReportFormatOptions } from '../comments/report/ReportFormatOptions.ts';
import {
  dispositionKeys,
  proposalStateKeys,
  stanceKeys,
  statusKeys,
} from '../comments/report/reportVocabulary.ts';

/** One labelled fact of a thread: "Status: Resolved (Anna Andersson (Org), 2025-03-14 09:05)". */
export interface ThreadFact {
  label: string;
  value: string;
  /**
   * A proposal's old text (`deleted`) or new text (`inserted`): a format that can strikes the
   * one and underlines the other. The label says which is which, so no meaning rests on style.
   */
  look?: 'deleted' | 'inserted';
}

/** A proposal as `threadEntry` reads it: the report's, and, from an export, who decided it. */
type EntryProposal = ReportProposal & {
  decided?: { at: string; by: ReportPerson; reason: string } | null;
};

/** A thread as `threadEntry` reads it: a report row, or an export's thread. */
export type EntryThread = ReportThread & { proposal?: EntryProposal | null };

/** One comment of a thread, in words. */
export interface ThreadEntryComment {
  /** "Comment: Name (Organisation), 2025-03-14 09:05 (edited …)". */
  heading: string;
  /** Why the text is missing or hidden ("Removed", "Hidden by …: reason"); null otherwise. */
  note: string | null;
  /** The comment's text as typed, or null when it may not be shown. */
  text: string | null;
}

/**
 * A thread of the comment report in words, ready for any layout: the ODT and PDF appendix, ODF
 * annotations and the ODT comment report all read it, so they say the same thing in the same
 * words as the Markdown report. Every string is plain text as typed; the writer escapes it.
 */
export interface ThreadEntry {
  /** "Thread 3 – 3.2 ¶4", or "Thread 3" without a paragraph number. */
  heading: string;
  /** The passage commented on, as typed; may hold line breaks. */
  quote: string;
  /**
   * Text status, stance (when set), status, a proposal's old and new text and state (when the
   * thread proposes wording), disposition (when set).
   */
  facts: ThreadFact[];
  /** The reason given with the disposition, with its label; null when there is none. */
  reason: ThreadFact | null;
  /** The opening comment, then the replies. */
  comments: ThreadEntryComment[];
}

/** "Name (Organisation)". */
export const personName = (person: ReportPerson): string =>
  `${person.name} (${person.organisation})`;

function signed(person: ReportPerson, at: string, options: ReportFormatOptions): string {
  return `${personName(person)}, ${formatReportTime(at, options.timeZone)}`;
}

function bodyOf(
  body: ReportCommentBody,
  locale: Locale,
): Pick<ThreadEntryComment, 'note' | 'text'> {
  switch (body.kind) {
    case 'text':
      return { note: null, text: body.text };
    case 'removed':
      return { note: translate(locale, 'report.comment.removed'), text: null };
    case 'hiddenByModerator':
      return { note: translate(locale, 'report.comment.hidden'), text: null };
    case 'hidden':
      return {
        note: translate(locale, 'report.comment.hiddenWithReason', {
          name: body.by.name,
          organisation: body.by.organisation,
          reason: body.reason,
        }),
        text: body.text,
      };
  }
}

function commentOf(entry: ReportComment, options: ReportFormatOptions): ThreadEntryComment {
  const kind = translate(
    options.locale,
    entry.isReply ? 'report.entry.reply' : 'report.entry.comment',
  );
  const edited = entry.editedAt
    ? ` (${translate(options.locale, 'report.edited', {
        time: formatReportTime(entry.editedAt, options.timeZone),
      })})`
    : '';
  return {
    heading: `${kind}: ${signed(entry.author, entry.createdAt, options)}${edited}`,
    ...bodyOf(entry.body, options.locale),
  };
}

/**
 * A proposal's facts: the old text, the new, the wording applied when an editor changed it, and
 * its state, signed with who decided and when, then the reason for a rejection.
 */
function proposalFacts(thread: EntryThread, options: ReportFormatOptions): ThreadFact[] {
  const { proposal } = thread;
  if (!proposal) return [];
  const t = (key: MessageKey): string => translate(options.locale, key);
  const facts: ThreadFact[] = [
    {
      label: t('proposals.report.original'),
      value: proposal.original === '' ? t('exportDoc.proposal.insertion') : proposal.original,
      ...(proposal.original === '' ? {} : { look: 'deleted' as const }),
    },
    {
      label: t('proposals.report.proposed'),
      value: proposal.text === '' ? t('exportDoc.proposal.deletion') : proposal.text,
      ...(proposal.text === '' ? {} : { look: 'inserted' as const }),
    },
  ];
  if (proposal.applied !== null) {
    facts.push({ label: t('proposals.report.applied'), value: proposal.applied, look: 'inserted' });
  }
  const state = t(proposalStateKeys[proposal.state]);
  const decided = proposal.decided ?? null;
  facts.push({
    label: t('proposals.report.state'),
    value: decided === null ? state : `${state} (${signed(decided.by, decided.at, options)})`,
  });
  // Rejecting sets the thread's disposition with the same reason, which states it already.
  const reason = decided?.reason.trim() ?? '';
  if (reason !== '' && reason !== thread.disposition?.reason.trim()) {
    facts.push({
      label: t(
        proposal.state === 'rejected'
          ? 'proposals.rejectReason'
          : 'report.column.dispositionReason',
      ),
      value: reason,
    });
  }
  return facts;
}

/**
 * States one thread of the comment report in words, in `options.locale`, with every time in
 * `options.timeZone`: the same vocabulary (`reportVocabulary`) and the same order as
 * `toMarkdown`, so a reader finds the same facts in every format.
 */
export function threadEntry(thread: EntryThread, options: ReportFormatOptions): ThreadEntry {
  const t = (key: MessageKey): string => translate(options.locale, key);
  const facts: ThreadFact[] = [
    {
      label: t('report.column.textStatus'),
      value: t(thread.textRemoved ? 'report.text.removed' : 'report.text.anchored'),
    },
  ];
  if (thread.stance !== null) {
    facts.push({ label: t('report.column.stance'), value: t(stanceKeys[thread.stance]) });
  }
  const status = t(statusKeys[thread.status]);
  facts.push({
    label: t('report.column.status'),
    value: thread.resolved
      ? `${status} (${signed(thread.resolved.by, thread.resolved.at, options)})`
      : status,
  });
  facts.push(...proposalFacts(thread, options));
  const { disposition } = thread;
  if (disposition) {
    facts.push({
      label: t('report.column.disposition'),
      value: `${t(dispositionKeys[disposition.value])} (${signed(disposition.by, disposition.at, options)})`,
    });
  }
  const reasonText = disposition?.reason.trim() ?? '';
  return {
    heading:
      thread.paragraph === null
        ? translate(options.locale, 'report.thread', { number: thread.number })
        : translate(options.locale, 'report.thread.at', {
            number: thread.number,
            paragraph: thread.paragraph,
          }),
    quote: thread.quote,
    facts,
    reason:
      reasonText === '' ? null : { label: t('report.column.dispositionReason'), value: reasonText },
    comments: thread.comments.map((one) => commentOf(one, options)),
  };
}
