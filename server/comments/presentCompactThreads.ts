import type { CommentAuthor } from '../../shared/api/comments.ts';
import type {
  CompactAnchor,
  CompactComment,
  CompactThread,
  CompactThreadList,
} from '../../shared/api/compactThreads.ts';
import type { CommentRecord, ProposalRecord, ThreadRecord } from '../storage/types.ts';
import type { ResolvedAnchor } from './anchors/resolveAnchor.ts';
import type { MadeOnVersions } from './MadeOnVersions.ts';
import type { PeopleDirectory } from './PeopleDirectory.ts';
import type { PlacedThread } from './placeThreads.ts';
import {
  commentVisibility,
  presentProposal,
  visibleComments,
  type CommentReader,
} from './presentThread.ts';

/** What a listing has read, for `presentCompactThreads`. */
export interface CompactListingInput {
  documentId: string;
  /** In document order, as `placeThreads` puts them. */
  placed: readonly PlacedThread[];
  commentsByThread: ReadonlyMap<string, readonly CommentRecord[]>;
  proposals: ReadonlyMap<string, ProposalRecord>;
  reader: CommentReader;
  people: PeopleDirectory;
  madeOn: MadeOnVersions;
}

/** Hands out indices into a list of things named by id, each id once. */
class Numbering<T> {
  readonly items: T[] = [];
  private readonly indices = new Map<string, number>();

  /** The index of `id`, listing `item` under it the first time. */
  of(id: string, item: T): number {
    let index = this.indices.get(id);
    if (index === undefined) {
      index = this.items.length;
      this.items.push(item);
      this.indices.set(id, index);
    }
    return index;
  }
}

/** Base64 of a stored position, without copying it first (the rows hold fresh copies). */
const base64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * Fields that the full shape sets to null are `undefined` here, not left out of a spread: each
 * object keeps one shape (a spread per field made a temporary object for every comment), and
 * JSON.stringify leaves undefined fields out, so they never reach the wire.
 */
function compactAnchor(thread: ThreadRecord, resolved: ResolvedAnchor): CompactAnchor {
  const { anchor } = thread;
  return {
    kind: anchor.kind,
    status: resolved.status,
    exact: resolved.exact,
    prefix: resolved.prefix,
    suffix: resolved.suffix,
    blockId: resolved.blockId ?? undefined,
    // The full shape's block selector names the stored block; `blockId` is where the text is now.
    fragment:
      anchor.kind === 'block' && anchor.blockId !== resolved.blockId ? anchor.blockId : undefined,
    start: base64(anchor.start),
    end: base64(anchor.end),
  };
}

/**
 * A document's thread list in the compact shape (shared/api/compactThreads.ts): what
 * `presentThread` makes of each thread, with the same withholding of deleted and hidden
 * comments (`commentVisibility`), but with each person and version once. Every person is
 * looked up (once) after the build, so the build itself is synchronous: on a large draft it
 * runs for every thread and comment, and a promise per person field was much of its cost.
 */
export async function presentCompactThreads(
  input: CompactListingInput,
): Promise<CompactThreadList> {
  const { reader, madeOn } = input;
  const personIds = new Numbering<string>();
  const person = (id: string) => personIds.of(id, id);
  const versions = new Numbering<{ id: string; name: string }>();
  const proposals = new Map<string, Promise<CompactThread['proposal']>>();

  const comment = (record: CommentRecord): CompactComment => {
    const { withheld, hiddenReason } = commentVisibility(record, reader);
    const { hidden } = record;
    return {
      id: record.id,
      author: person(record.authorId),
      body: withheld ? '' : record.body,
      mentions: withheld || record.mentions.length === 0 ? undefined : record.mentions.map(person),
      createdAt: record.createdAt,
      editedAt: record.editedAt ?? undefined,
      deletedAt: record.deletedAt ?? undefined,
      hidden:
        hidden === null
          ? undefined
          : { at: hidden.at, by: person(hidden.by), reason: hiddenReason },
    };
  };

  const threads = input.placed.map(({ thread, resolved }): CompactThread => {
    const { disposition } = thread;
    const version = madeOn.at(thread.createdAt);
    const proposal = input.proposals.get(thread.id);
    if (proposal) proposals.set(thread.id, presentProposal(proposal, input.people));
    return {
      id: thread.id,
      author: person(thread.authorId),
      createdAt: thread.createdAt,
      updatedAt: thread.updatedAt === thread.createdAt ? undefined : thread.updatedAt,
      stance: thread.stance ?? undefined,
      status: thread.status,
      resolved:
        thread.status === 'resolved' && thread.resolvedAt !== null && thread.resolvedBy !== null
          ? { at: thread.resolvedAt, by: person(thread.resolvedBy) }
          : undefined,
      disposition:
        disposition === null
          ? undefined
          : {
              value: disposition.value,
              reason: disposition.reason,
              at: disposition.at,
              by: person(disposition.by),
            },
      anchor: compactAnchor(thread, resolved),
      madeOnVersion: version === null ? undefined : versions.of(version.id, version),
      comments: visibleComments(input.commentsByThread.get(thread.id) ?? []).map(comment),
      proposal: undefined,
    };
  });

  const people: CommentAuthor[] = await input.people.list(personIds.items);
  for (const thread of threads) {
    const proposal = await proposals.get(thread.id);
    if (proposal !== undefined) thread.proposal = proposal;
  }
  return {
    shape: 'compact',
    documentId: input.documentId,
    people,
    versions: versions.items,
    threads,
  };
}
