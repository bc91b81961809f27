import type { MessageKey } from '../../../shared/i18n/sv.ts';
import { translate, type Locale } from '../../../shared/i18n/translate.ts';
import type {
  CommentReport,
  ReportComment,
  ReportCommentBody,
  ReportPerson,
  ReportThread,
} from './CommentReport.ts';
import { escapeMarkdownBlock, escapeMarkdownLine } from './escapeMarkdown.ts';
import { formatReportTime } from './formatReportTime.ts';
import type { ReportFormatOptions } from './ReportFormatOptions.ts';
import { dispositionKeys, proposalStateKeys, stanceKeys, statusKeys } from './reportVocabulary.ts';

/*
 * Everything a person typed (titles, names, organisations, quotes, comments, reasons) goes
 * through escapeMarkdownLine or escapeMarkdownBlock before it is placed in the Markdown; only
 * the report's own words and punctuation are written raw. A comment therefore cannot add a
 * link, an image, HTML or a heading to the report, whatever it contains.
 */

/** "Name (Organisation)", escaped. */
const who = (person: ReportPerson): string =>
  `${escapeMarkdownLine(person.name)} (${escapeMarkdownLine(person.organisation)})`;

/** "Name (Organisation), time", escaped. */
function signed(person: ReportPerson, at: string, options: ReportFormatOptions): string {
  return `${who(person)}, ${formatReportTime(at, options.timeZone)}`;
}

/** A labelled line of a thread's summary list: "- Label: value". */
const item = (label: string, value: string): string => `- ${label}: ${value}`;

function threadHeading(thread: ReportThread, locale: Locale): string {
  const heading =
    thread.paragraph === null
      ? translate(locale, 'report.thread', { number: thread.number })
      : translate(locale, 'report.thread.at', {
          number: thread.number,
          // Not escaped: the number is made by numberBlocks from digits, dots and "¶", never
          // typed by anyone, and escaping would turn "3.2" into "3\.2" in the .md file.
          paragraph: thread.paragraph,
        });
  return `## ${heading}`;
}

function summary(thread: ReportThread, options: ReportFormatOptions): string[] {
  const t = (key: MessageKey): string => translate(options.locale, key);
  const lines = [
    item(
      t('report.column.textStatus'),
      t(thread.textRemoved ? 'report.text.removed' : 'report.text.anchored'),
    ),
  ];
  if (thread.stance !== null) {
    lines.push(item(t('report.column.stance'), t(stanceKeys[thread.stance])));
  }
  const status = t(statusKeys[thread.status]);
  lines.push(
    item(
      t('report.column.status'),
      thread.resolved
        ? `${status} (${signed(thread.resolved.by, thread.resolved.at, options)})`
        : status,
    ),
  );
  const { proposal } = thread;
  if (proposal) {
    const quoted = (text: string) => (text === '' ? '—' : `"${escapeMarkdownLine(text)}"`);
    lines.push(
      item(t('proposals.report.original'), quoted(proposal.original)),
      item(t('proposals.report.proposed'), quoted(proposal.text)),
    );
    if (proposal.applied !== null) {
      lines.push(item(t('proposals.report.applied'), quoted(proposal.applied)));
    }
    lines.push(item(t('proposals.report.state'), t(proposalStateKeys[proposal.state])));
  }
  const { disposition } = thread;
  if (disposition) {
    lines.push(
      item(
        t('report.column.disposition'),
        `${t(dispositionKeys[disposition.value])} (${signed(disposition.by, disposition.at, options)})`,
      ),
    );
  }
  return lines;
}

/** The reason of a disposition, as its own paragraphs: it may run to several. */
function dispositionReason(thread: ReportThread, locale: Locale): string[] {
  const reason = thread.disposition?.reason ?? '';
  const lines = escapeMarkdownBlock(reason);
  if (lines.length === 0) return [];
  return [`**${translate(locale, 'report.column.dispositionReason')}:**`, '', ...lines];
}

/** What is shown of a comment's text: the text itself or, in italics, why it is not there. */
function commentBody(body: ReportCommentBody, locale: Locale): string[] {
  switch (body.kind) {
    case 'text':
      return escapeMarkdownBlock(body.text);
    case 'removed':
      return [`*${translate(locale, 'report.comment.removed')}*`];
    case 'hiddenByModerator':
      return [`*${translate(locale, 'report.comment.hidden')}*`];
    case 'hidden': {
      const note = translate(locale, 'report.comment.hiddenWithReason', {
        name: escapeMarkdownLine(body.by.name),
        organisation: escapeMarkdownLine(body.by.organisation),
        reason: escapeMarkdownLine(body.reason),
      });
      return [`*${note}*`, '', ...escapeMarkdownBlock(body.text)];
    }
  }
}

function comment(entry: ReportComment, options: ReportFormatOptions): string[] {
  const kind = translate(
    options.locale,
    entry.isReply ? 'report.entry.reply' : 'report.entry.comment',
  );
  const edited = entry.editedAt
    ? ` (${translate(options.locale, 'report.edited', {
        time: formatReportTime(entry.editedAt, options.timeZone),
      })})`
    : '';
  return [
    `### ${kind}: ${signed(entry.author, entry.createdAt, options)}${edited}`,
    '',
    ...commentBody(entry.body, options.locale),
  ];
}

function thread(entry: ReportThread, options: ReportFormatOptions): string[] {
  const quote = escapeMarkdownBlock(entry.quote).map((line) => (line === '' ? '>' : `> ${line}`));
  const reason = dispositionReason(entry, options.locale);
  const blocks = [
    [threadHeading(entry, options.locale)],
    quote,
    summary(entry, options),
    reason,
    ...entry.comments.map((one) => comment(one, options)),
  ];
  return blocks.filter((block) => block.length > 0).flatMap((block) => [...block, '']);
}

/**
 * Writes the comment report as Markdown: a title and a short header (time made, time zone,
 * counts), then a section per thread in document order, with its quote as a blockquote, a
 * summary (text status, stance, status, disposition), the reason for the disposition, and each
 * comment under its own heading with author, organisation and time. User text is escaped (see
 * `escapeMarkdownLine`), so it reads as typed and cannot inject markup.
 */
export function toMarkdown(report: CommentReport, options: ReportFormatOptions): string {
  const t = (key: MessageKey): string => translate(options.locale, key);
  const commentCount = report.threads.reduce((sum, one) => sum + one.comments.length, 0);
  const lines = [
    `# ${translate(options.locale, 'report.title', { title: escapeMarkdownLine(report.title) })}`,
    '',
    item(t('report.generatedAt'), formatReportTime(report.generatedAt, options.timeZone)),
    item(t('report.timeZone'), escapeMarkdownLine(options.timeZone)),
    item(t('report.threadCount'), String(report.threads.length)),
    item(t('report.commentCount'), String(commentCount)),
    '',
  ];
  if (report.threads.length === 0) lines.push(t('report.empty'), '');
  for (const entry of report.threads) lines.push(...thread(entry, options));
  return lines.join('\n');
}
