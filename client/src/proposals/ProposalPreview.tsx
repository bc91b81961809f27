import type { ProposalText } from '../../../shared/api/proposals.ts';
import { proposalRuns } from '../../../shared/editor/proposalRuns.ts';
import { sanitizeUrl } from '../../../shared/sanitizeUrl.ts';

/**
 * A proposed wording with its formatting: bold as <strong>, italic as <em>, links as links (to
 * sanitised addresses only). The elements carry the meaning to screen readers as well.
 */
export function ProposalPreview({ wording }: { wording: ProposalText }) {
  return (
    <>
      {proposalRuns(wording).map((run, index) => {
        let node: React.ReactNode = run.text;
        if (run.italic) node = <em>{node}</em>;
        if (run.bold) node = <strong>{node}</strong>;
        const href = sanitizeUrl(run.href);
        if (href !== null) {
          node = (
            <a href={href} target="_blank" rel="noopener noreferrer nofollow">
              {node}
            </a>
          );
        }
        return <span key={index}>{node}</span>;
      })}
    </>
  );
}
