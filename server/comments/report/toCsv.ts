import type { MessageKey } from '../../../shared/i18n/sv.ts';
import { translate, type Locale } from '../../../shared/i18n/translate.ts';
import type {
  CommentReport,
  ReportComment,
  ReportCommentBody,
  ReportPerson,
  ReportThread,
} from './CommentReport.ts';
import { csvField } from './csvField.ts';
import { formatReportTime } from './formatReportTime.ts';
import type { ReportFormatOptions } from './ReportFormatOptions.ts';
import { dispositionKeys, proposalStateKeys, stanceKeys, statusKeys } from './reportVocabulary.ts';

/**
 * Byte order mark. Excel only reads a CSV file as UTF-8 when it starts with one; without it,
 * "å", "ä" and "ö" come out as "Ã¥", "Ã¤" and "Ã¶".
 */
export const UTF8_BOM = '\uFEFF';

/** RFC 4180 ends every record with CRLF. */
const CRLF = '\r\n';

const COLUMNS = [
  'report.column.thread',
  'report.column.paragraph',
  'report.column.quote',
  'report.column.textStatus',
  'report.column.stance',
  'report.column.status',
  'report.column.resolvedBy',
  'report.column.resolvedAt',
  'report.column.disposition',
  'report.column.dispositionReason',
  'report.column.dispositionBy',
  'report.column.dispositionAt',
  'report.column.entry',
  'report.column.author',
  'report.column.organisation',
  'report.column.createdAt',
  'report.column.editedAt',
  'report.column.commentStatus',
  'report.column.text',
  'proposals.report.original',
  'proposals.report.proposed',
  'proposals.report.applied',
  'proposals.report.state',
] as const;

const byLine = (who: ReportPerson): string => `${who.name} (${who.organisation})`;

/** The cells of one row, one per entry of COLUMNS. */
function row(
  thread: ReportThread,
  comment: ReportComment | null,
  options: ReportFormatOptions,
): string[] {
  const t = (key: MessageKey): string => translate(options.locale, key);
  const time = (value: string): string => formatReportTime(value, options.timeZone);
  const { resolved, disposition } = thread;
  return [
    String(thread.number),
    thread.paragraph ?? '',
    thread.quote,
    t(thread.textRemoved ? 'report.text.removed' : 'report.text.anchored'),
    thread.stance === null ? '' : t(stanceKeys[thread.stance]),
    t(statusKeys[thread.status]),
    resolved ? byLine(resolved.by) : '',
    resolved ? time(resolved.at) : '',
    disposition ? t(dispositionKeys[disposition.value]) : '',
    disposition?.reason ?? '',
    disposition ? byLine(disposition.by) : '',
    disposition ? time(disposition.at) : '',
    comment ? t(comment.isReply ? 'report.entry.reply' : 'report.entry.comment') : '',
    comment?.author.name ?? '',
    comment?.author.organisation ?? '',
    comment ? time(comment.createdAt) : '',
    comment?.editedAt ? time(comment.editedAt) : '',
    comment ? commentStatus(comment.body, options.locale) : '',
    comment ? commentText(comment.body) : '',
    thread.proposal?.original ?? '',
    thread.proposal?.text ?? '',
    thread.proposal?.applied ?? '',
    thread.proposal ? t(proposalStateKeys[thread.proposal.state]) : '',
  ];
}

/** The moderation state of a comment, in words; empty for an ordinary comment. */
function commentStatus(body: ReportCommentBody, locale: Locale): string {
  switch (body.kind) {
    case 'text':
      return '';
    case 'removed':
      return translate(locale, 'report.comment.removed');
    case 'hiddenByModerator':
      return translate(locale, 'report.comment.hidden');
    case 'hidden':
      return translate(locale, 'report.comment.hiddenWithReason', {
        name: body.by.name,
        organisation: body.by.organisation,
        reason: body.reason,
      });
  }
}

/** The text the viewer may read: an owner reads a hidden comment; nobody reads a removed one. */
function commentText(body: ReportCommentBody): string {
  return body.kind === 'text' || body.kind === 'hidden' ? body.text : '';
}

function record(cells: readonly string[]): string {
  // Every record gets the same number of fields (RFC 4180, section 2.4), the header lines too.
  const padded = [...cells, ...Array<string>(Math.max(0, COLUMNS.length - cells.length)).fill('')];
  return padded.map(csvField).join(',') + CRLF;
}

/**
 * Writes the comment report as CSV that opens in Excel: UTF-8 with a byte order mark, RFC 4180
 * quoting, CRLF line ends, and formula injection defused (see `csvField`).
 *
 * A few header lines name the document, the time the report was made, its time zone and the
 * counts; a blank line follows, then the column headings and one row per comment, the thread's
 * fields repeated on each, so a spreadsheet filter by organisation or stance keeps whole rows.
 * A thread without comments still gets one row.
 */
export function toCsv(report: CommentReport, options: ReportFormatOptions): string {
  const t = (key: MessageKey): string => translate(options.locale, key);
  const commentCount = report.threads.reduce((sum, thread) => sum + thread.comments.length, 0);
  const lines = [
    record([t('report.document'), report.title]),
    record([t('report.generatedAt'), formatReportTime(report.generatedAt, options.timeZone)]),
    record([t('report.timeZone'), options.timeZone]),
    record([t('report.threadCount'), String(report.threads.length)]),
    record([t('report.commentCount'), String(commentCount)]),
    record([]),
    record(COLUMNS.map((key) => t(key))),
  ];
  for (const thread of report.threads) {
    if (thread.comments.length === 0) lines.push(record(row(thread, null, options)));
    for (const comment of thread.comments) lines.push(record(row(thread, comment, options)));
  }
  return UTF8_BOM + lines.join('');
}
