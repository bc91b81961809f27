import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import * as Y from 'yjs';
import { VERSION_FULL_STATE_EVERY } from '../../shared/limits.ts';
import { checksum } from '../storage/checksum.ts';
import type { NewVersionState, VersionChainEnd, VersionStateLink } from '../storage/types.ts';

// zlib's callback forms run in libuv's thread pool, so compressing a whole 200-page state does
// not hold up the event loop that live editing runs on.
const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** A stored version's text failed its checksum, or does not decode. */
export class VersionStateCorrupt extends Error {
  constructor(
    readonly seq: number,
    cause?: unknown,
  ) {
    super(`the stored state of version link ${seq} is damaged`, { cause });
    this.name = 'VersionStateCorrupt';
  }
}

/** Whether state vector `later` has seen everything `earlier` has. */
function covers(later: Map<number, number>, earlier: Map<number, number>): boolean {
  for (const [client, clock] of earlier) {
    if ((later.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/**
 * The link that stores a new version whose whole Yjs state is `state`, after the document's
 * chain `end`. It is a delta (only the structs the previous version lacks, plus the delete set)
 * unless this is the document's first version, VERSION_FULL_STATE_EVERY links have passed, or
 * `state` does not contain the previous version, as it always does when both come from the same
 * live document; a full state is then always correct.
 */
export async function encodeVersionState(
  state: Uint8Array,
  end: VersionChainEnd | null,
): Promise<NewVersionState> {
  const stateVector = Y.encodeStateVectorFromUpdate(state);
  const full =
    end === null ||
    end.deltasSinceFull + 1 >= VERSION_FULL_STATE_EVERY ||
    !covers(Y.decodeStateVector(stateVector), Y.decodeStateVector(end.stateVector));
  const update = full || end === null ? state : Y.diffUpdate(state, end.stateVector);
  const data = new Uint8Array(await deflate(update));
  return {
    seq: (end?.seq ?? 0) + 1,
    encoding: full ? 'full' : 'delta',
    data,
    checksum: checksum(data),
    stateVector,
  };
}

/**
 * The whole Yjs state of a version from its chain (a full state and the deltas after it, as
 * `VersionRepository.stateChain` returns them). Every link is checked against its checksum.
 *
 * @throws VersionStateCorrupt when a link is damaged or the chain does not start with a full state.
 */
export async function decodeVersionState(chain: readonly VersionStateLink[]): Promise<Uint8Array> {
  const [first] = chain;
  if (!first) throw new Error('an empty version chain has no state');
  if (first.encoding !== 'full') throw new VersionStateCorrupt(first.seq);
  const updates: Uint8Array[] = [];
  for (const link of chain) {
    if (checksum(link.data) !== link.checksum) throw new VersionStateCorrupt(link.seq);
    try {
      updates.push(new Uint8Array(await inflate(link.data)));
    } catch (error) {
      throw new VersionStateCorrupt(link.seq, error);
    }
  }
  if (updates.length === 1 && updates[0]) return updates[0];
  try {
    return Y.mergeUpdates(updates);
  } catch (error) {
    throw new VersionStateCorrupt(chain.at(-1)?.seq ?? first.seq, error);
  }
}
