import type { NewVersionState, VersionChainEnd, VersionSummaryRecord } from '../storage/types.ts';
import { summariseStates } from './summariseStates.ts';
import { encodeVersionState } from './versionState.ts';

/** What storing a version needs computed: its change summary and its link of the chain. */
export interface PreparedVersion {
  summary: VersionSummaryRecord;
  link: NewVersionState;
}

/**
 * Computes a new version's summary (from `before`, the newest version's whole state, or null)
 * and its link after the chain `end`, from its whole state `after`. All of it parses or diffs
 * the whole document, which is why it normally runs in the version worker.
 */
export async function prepareVersion(
  before: Uint8Array | null,
  after: Uint8Array,
  end: VersionChainEnd | null,
): Promise<PreparedVersion> {
  return { summary: summariseStates(before, after), link: await encodeVersionState(after, end) };
}
