import type { ProposalMark, ProposalText } from '../api/proposals.ts';

/** A stretch of a proposed wording with one set of formatting. */
export interface ProposalRun {
  text: string;
  bold: boolean;
  italic: boolean;
  /** The link's address, or null when the run is not a link. */
  href: string | null;
}

/**
 * Splits a proposed wording into runs of equal formatting, in order, so that the server can write
 * it into the text, and the browser and the reports can show it, the same way. Where two links
 * overlap, the later one in `marks` wins.
 */
export function proposalRuns(proposal: ProposalText): ProposalRun[] {
  const { text } = proposal;
  const marks: readonly ProposalMark[] = proposal.marks ?? [];
  const cuts = new Set<number>([0, text.length]);
  for (const mark of marks) {
    cuts.add(Math.min(mark.from, text.length));
    cuts.add(Math.min(mark.to, text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: ProposalRun[] = [];
  for (let index = 0; index + 1 < points.length; index += 1) {
    const from = points[index] ?? 0;
    const to = points[index + 1] ?? 0;
    if (from >= to) continue;
    const covering = marks.filter((mark) => mark.from <= from && mark.to >= to);
    const link = covering.filter((mark) => mark.type === 'link').at(-1);
    const run: ProposalRun = {
      text: text.slice(from, to),
      bold: covering.some((mark) => mark.type === 'bold'),
      italic: covering.some((mark) => mark.type === 'italic'),
      href: link?.href ?? null,
    };
    const previous = runs.at(-1);
    if (
      previous &&
      previous.bold === run.bold &&
      previous.italic === run.italic &&
      previous.href === run.href
    ) {
      previous.text += run.text;
    } else {
      runs.push(run);
    }
  }
  return runs;
}
