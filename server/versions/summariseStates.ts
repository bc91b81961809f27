import { toTiptapJson } from '../editor/toTiptapJson.ts';
import type { VersionSummaryRecord } from '../storage/types.ts';
import { stateToProseMirror } from './stateToProseMirror.ts';
import { summariseChange } from './summariseChange.ts';

/**
 * The change summary between two whole Yjs states of a document (`before` null: the first
 * version, compared with an empty text). The expensive part of storing a version, which is why
 * it normally runs in the summary worker.
 */
export function summariseStates(
  before: Uint8Array | null,
  after: Uint8Array,
): VersionSummaryRecord {
  const read = (state: Uint8Array) => toTiptapJson(stateToProseMirror(state));
  return summariseChange(before === null ? null : read(before), read(after));
}
