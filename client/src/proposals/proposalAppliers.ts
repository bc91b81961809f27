import type { PreparedProposalChange } from '../../../shared/api/proposals.ts';

/** Applies a prepared accepted proposal in the editor as the editor's own, undoable change. */
export type ProposalApplier = (change: PreparedProposalChange) => Promise<void>;

/**
 * The open editors' appliers, by document id. The sidebar, where an editor accepts a proposal,
 * and the editor, which applies it, sit apart in the page; the editor registers here while it
 * is open and may write, and the sidebar looks it up by the thread's document.
 */
const appliers = new Map<string, ProposalApplier>();

/** Registers the applier of an open editor; returns the function that removes it again. */
export function registerProposalApplier(documentId: string, applier: ProposalApplier): () => void {
  appliers.set(documentId, applier);
  return () => {
    if (appliers.get(documentId) === applier) appliers.delete(documentId);
  };
}

/** The applier of the open editor of a document, if one may write. */
export function proposalApplier(documentId: string): ProposalApplier | null {
  return appliers.get(documentId) ?? null;
}
