import { randomUUID } from 'node:crypto';
import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';
import type { z } from 'zod';
import type {
  Comment,
  createCommentRequestSchema,
  createThreadRequestSchema,
  setDispositionRequestSchema,
  Thread,
  updateCommentRequestSchema,
  updateThreadRequestSchema,
} from '../../shared/api/comments.ts';
import type { CompactThreadList } from '../../shared/api/compactThreads.ts';
import { roleAtLeast, type Role } from '../../shared/api/roles.ts';
import { COMMENTS_PER_MINUTE } from '../../shared/limits.ts';
import { effectiveRole } from '../access/effectiveRole.ts';
import type { ServerMessages } from '../collab/ServerMessages.ts';
import { BadRequest, Forbidden, HttpError, NotFound, TooManyRequests } from '../http/HttpError.ts';
import type { Logger } from '../logger.ts';
import { requireDocumentRole } from '../routes/api/documents/documentAccess.ts';
import type {
  CommentRecord,
  DocumentRecord,
  ProposalRecord,
  Storage,
  ThreadRecord,
  UserRecord,
} from '../storage/types.ts';
import { anchorFailureError } from './anchorFailureError.ts';
import { createAnchor } from './anchors/createAnchor.ts';
import { flattenText } from './anchors/flattenText.ts';
import { resolveAnchor, type ResolvedAnchor } from './anchors/resolveAnchor.ts';
import { assertCommentPeriodOpen } from './commentPeriod.ts';
import { CommentRateLimiter } from './CommentRateLimiter.ts';
import { notificationRecipients, type Recipient } from './notificationRecipients.ts';
import { PeopleDirectory } from './PeopleDirectory.ts';
import { LiveDocumentKeeper } from './LiveDocumentKeeper.ts';
import { PlacementCache } from './PlacementCache.ts';
import { placeThreads, type PlacedThread } from './placeThreads.ts';
import { MadeOnVersions } from './MadeOnVersions.ts';
import { presentCompactThreads } from './presentCompactThreads.ts';
import { SharedReads } from './SharedReads.ts';
import { shareJson } from '../http/sharedJson.ts';
import { presentComment, presentThread, readerOf, type CommentReader } from './presentThread.ts';
import { readLiveDocument } from './readLiveDocument.ts';
import { yieldToEventLoop } from './yieldToEventLoop.ts';
import { anchorProposal } from '../proposals/anchorProposal.ts';

type CreateThreadInput = z.output<typeof createThreadRequestSchema>;
type CreateCommentInput = z.output<typeof createCommentRequestSchema>;
type UpdateThreadInput = z.output<typeof updateThreadRequestSchema>;
type SetDispositionInput = z.output<typeof setDispositionRequestSchema>;
type UpdateCommentInput = z.output<typeof updateCommentRequestSchema>;

/** What the comment service needs. */
export interface CommentServiceDeps {
  storage: Storage;
  /** The collaboration engine, whose live documents anchors are made and resolved on. */
  hocuspocus: Hocuspocus;
  /** Tells open sockets about changed threads, periods and inboxes. */
  messages: ServerMessages;
  logger: Logger;
  /** Per-user posting limit. @default a CommentRateLimiter of COMMENTS_PER_MINUTE */
  limiter?: CommentRateLimiter;
  /**
   * How long a document loaded to read its comments stays loaded after the last such read (see
   * `LiveDocumentKeeper`); 0 closes it at once. @default LIVE_DOCUMENT_KEEP_MS
   */
  keepLoadedMs?: number;
}

/** A conflict with a machine-readable reason, for the client to explain. */
const conflict = (message: string, reason: string) =>
  new HttpError(409, 'conflict', message, { reason });

/**
 * Which readers see a document's thread list alike: what a reader sees differs only for hidden
 * comments (`commentVisibility`), whose bodies owners see and whose reasons owners and the
 * comment's author see. Deleted comments are withheld from everyone.
 */
function listVisibility(hiddenAuthors: ReadonlySet<string>, reader: CommentReader): string {
  if (reader.moderates) return 'moderator';
  return hiddenAuthors.has(reader.userId) ? `author:${reader.userId}` : 'reader';
}

/**
 * Comments, the commenter's only way to act on a document. Every change goes through here, over
 * HTTP: the role and the comment period are checked, anchors are made on the server's live copy
 * of the text (never written into it), everything is stored in SQLite, and open sockets are told
 * at once. Comments are records of an authority: nothing here deletes one.
 */
export class CommentService {
  private readonly storage: Storage;
  private readonly hocuspocus: Hocuspocus;
  private readonly messages: ServerMessages;
  private readonly logger: Logger;
  private readonly limiter: CommentRateLimiter;
  private readonly keeper: LiveDocumentKeeper;
  private readonly placements = new PlacementCache();
  /** Thread list rows read once for every request that arrived before the read began. */
  private readonly listingReads = new SharedReads<
    Awaited<ReturnType<CommentService['readListingRows']>>
  >();

  constructor(deps: CommentServiceDeps) {
    this.storage = deps.storage;
    this.hocuspocus = deps.hocuspocus;
    this.messages = deps.messages;
    this.logger = deps.logger.child({ component: 'comments' });
    this.limiter = deps.limiter ?? new CommentRateLimiter();
    this.keeper = new LiveDocumentKeeper(this.logger, deps.keepLoadedMs);
  }

  /** Lets go of the documents kept loaded for reads (see `LiveDocumentKeeper`). For shutdown. */
  async close(): Promise<void> {
    await this.keeper.close();
  }

  /**
   * Stops keeping `documentId` loaded for reads now (see `LiveDocumentKeeper.letGo`): it is
   * unloaded unless a socket has it open, and the next read loads what is stored.
   */
  async letGo(documentId: string): Promise<void> {
    await this.keeper.letGo(documentId);
  }

  /**
   * Every thread of a document in document order (see `placeThreads`), each with its resolved
   * anchor and the comments `viewer` may see. The comment report reads threads through this too.
   *
   * @throws HttpError 404 for an unknown document, 403 when `viewer` is not a member, 503 when the
   *   stored text does not load.
   */
  async listThreads(documentId: string, viewer: UserRecord): Promise<Thread[]> {
    const listing = await this.readListing(documentId, viewer);
    if (listing === null) return [];
    const { placed, commentsByThread, reader, people, madeOn, proposals } = listing;
    return Promise.all(
      placed.map(({ thread, resolved }) =>
        presentThread(
          thread,
          resolved,
          commentsByThread.get(thread.id) ?? [],
          reader,
          people,
          madeOn,
          proposals.get(thread.id) ?? null,
        ),
      ),
    );
  }

  /**
   * The same list as `listThreads`, in the compact shape (shared/api/compactThreads.ts) that
   * the app reads: each person and version once, no nulls, nothing that can be derived.
   *
   * @throws as `listThreads`.
   */
  async listCompactThreads(documentId: string, viewer: UserRecord): Promise<CompactThreadList> {
    const listing = await this.readListing(documentId, viewer);
    if (listing === null) {
      return { shape: 'compact', documentId, people: [], versions: [], threads: [] };
    }
    // Readers who see the same (see `listVisibility`) share one presentation of shared rows,
    // and so one JSON text (`shareJson`): a burst of lists costs one of each, not one per reader.
    const visibility = listVisibility(listing.hiddenAuthors, listing.reader);
    let presented = listing.presented.get(visibility);
    if (!presented) {
      presented = presentCompactThreads({ documentId, ...listing }).then(shareJson);
      listing.presented.set(visibility, presented);
    }
    return presented;
  }

  /** What both shapes of the thread list are made from; null when the document has no thread. */
  private async readListing(documentId: string, viewer: UserRecord) {
    const { role } = await requireDocumentRole(this.storage, documentId, viewer, 'viewer');
    // The document is loaded before any row is read. A socket waiting on this load joins the
    // document's broadcasts before the read (readLiveDocument yields first), so a thread
    // change is either in this list or told to that socket, never neither. The app relies on
    // it: a list asked for after its socket was let in is not asked for again when the socket
    // syncs (client/src/pages/EditorPage.tsx). Rows read before the load could miss a thread
    // made meanwhile on another node, whose message reached no socket of this one yet.
    // Requests that arrive before the rows are read share one read (SharedReads): the rows do
    // not depend on who asks, only the presentation does.
    const rows = await this.listingReads.read(
      documentId,
      () => this.readLive(documentId, () => undefined),
      () => this.readListingRows(documentId),
    );
    return rows === null ? null : { ...rows, reader: readerOf(viewer, role) };
  }

  /** The rows of a document's threads, placed on the live text; null when it has no thread. */
  private async readListingRows(documentId: string) {
    const threads = await this.storage.threads.listForDocument(documentId);
    if (threads.length === 0) return null;
    const placed = await this.keepRefound(await this.place(documentId, threads));
    // On a large draft each phase takes tens of ms: sockets (a sync, an ack) go in between.
    await yieldToEventLoop();
    const comments = await this.storage.comments.listForDocument(documentId);
    const commentsByThread = new Map<string, CommentRecord[]>();
    const hiddenAuthors = new Set<string>();
    for (const comment of comments) {
      const list = commentsByThread.get(comment.threadId) ?? [];
      list.push(comment);
      commentsByThread.set(comment.threadId, list);
      if (comment.hidden !== null) hiddenAuthors.add(comment.authorId);
    }
    const people = new PeopleDirectory(this.storage.users);
    const madeOn = await MadeOnVersions.load(this.storage, documentId);
    const proposals = new Map(
      (await this.storage.proposals.listForDocument(documentId)).map((p) => [p.threadId, p]),
    );
    await yieldToEventLoop();
    return {
      placed,
      commentsByThread,
      people,
      madeOn,
      proposals,
      hiddenAuthors,
      /** Compact presentations of these rows, by `listVisibility`. */
      presented: new Map<string, Promise<CompactThreadList>>(),
    };
  }

  /**
   * One thread as `viewer` sees it, with its anchor resolved on the live text.
   *
   * @throws HttpError 404 for an unknown thread, 403 when `viewer` is not a member.
   */
  async getThread(threadId: string, viewer: UserRecord): Promise<Thread> {
    const { thread, role } = await this.threadAccess(threadId, viewer, 'viewer');
    const { thread: current, resolved } = await this.resolve(thread);
    return this.present(current, resolved, viewer, role);
  }

  /** Starts a thread on a passage or a paragraph, with its first comment. */
  async createThread(
    documentId: string,
    actor: UserRecord,
    input: CreateThreadInput,
  ): Promise<Thread> {
    const { document, role } = await requireDocumentRole(
      this.storage,
      documentId,
      actor,
      'commenter',
    );
    const now = new Date();
    assertCommentPeriodOpen(document, role, now);
    const mentions = await this.checkMentions(documentId, input.mentions ?? []);
    this.takePostingSlot(actor);

    const { selector } = input.target;
    const { proposal: wording } = input;
    if (wording && selector.type !== 'TextQuoteSelector') {
      const message = 'target.selector: a proposal targets a passage or an insertion point.';
      throw BadRequest(message, [{ path: 'target.selector', message }]);
    }
    const made = await this.readLive(documentId, (doc) => {
      const flat = flattenText(doc);
      if (wording && selector.type === 'TextQuoteSelector') {
        const proposed = anchorProposal(doc, flat, selector);
        if (typeof proposed === 'string') return { ok: false as const, reason: proposed };
        const resolved = resolveAnchor(doc, proposed.anchor, flat);
        return { ok: true as const, anchor: proposed.anchor, resolved, proposed };
      }
      const created = createAnchor(doc, selector, flat);
      if (!created.ok) return created;
      return { ...created, resolved: resolveAnchor(doc, created.anchor, flat), proposed: null };
    });
    if (!made.ok) {
      if (made.reason === 'spans-blocks') {
        const message =
          'target.selector: a proposal must lie within one paragraph (and not across a line ' +
          'break); propose for each paragraph separately.';
        throw BadRequest(message, [{ path: 'target.selector', message }]);
      }
      throw anchorFailureError(made.reason, selector);
    }

    const at = now.toISOString();
    const thread: ThreadRecord = {
      id: randomUUID(),
      documentId,
      authorId: actor.id,
      anchor: made.anchor,
      stance: input.stance ?? null,
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
      disposition: null,
      createdAt: at,
      updatedAt: at,
    };
    const first = newComment(thread.id, actor, input.body, mentions, at);
    const proposal: ProposalRecord | null =
      wording && made.proposed
        ? {
            threadId: thread.id,
            placement: made.proposed.placement,
            original: made.proposed.original,
            text: wording.text,
            marks: wording.marks ?? [],
            state: 'open',
            decidedBy: null,
            decidedAt: null,
            decisionReason: null,
            applied: null,
          }
        : null;
    await this.storage.threads.create(thread, first, proposal ?? undefined);
    this.logger.info('thread created', { documentId, threadId: thread.id, userId: actor.id });
    await this.notify(
      document,
      first,
      notificationRecipients({ actorId: actor.id, mentions, threadAuthorId: null }),
    );
    this.threadsChanged(documentId, thread.id);
    const people = new PeopleDirectory(this.storage.users);
    const madeOn = await MadeOnVersions.load(this.storage, document.id);
    return presentThread(
      thread,
      made.resolved,
      [first],
      readerOf(actor, role),
      people,
      madeOn,
      proposal,
    );
  }

  /** Replies in a thread. */
  async addComment(
    threadId: string,
    actor: UserRecord,
    input: CreateCommentInput,
  ): Promise<Comment> {
    const { thread, document, role } = await this.threadAccess(threadId, actor, 'commenter');
    const now = new Date();
    assertCommentPeriodOpen(document, role, now);
    const mentions = await this.checkMentions(document.id, input.mentions ?? []);
    this.takePostingSlot(actor);

    const comment = newComment(thread.id, actor, input.body, mentions, now.toISOString());
    await this.storage.comments.create(comment);
    await this.notify(
      document,
      comment,
      notificationRecipients({ actorId: actor.id, mentions, threadAuthorId: thread.authorId }),
    );
    this.threadsChanged(document.id, thread.id);
    return presentComment(comment, readerOf(actor, role), new PeopleDirectory(this.storage.users));
  }

  /**
   * Resolves or reopens a thread (editors, owners and the thread's author), or changes its
   * stance (the thread's author only, and not after the comment period for a commenter).
   */
  async updateThread(
    threadId: string,
    actor: UserRecord,
    input: UpdateThreadInput,
  ): Promise<Thread> {
    const { thread, document, role } = await this.threadAccess(threadId, actor, 'commenter');
    const isAuthor = thread.authorId === actor.id;
    if (input.status !== undefined && !isAuthor && !roleAtLeast(role, 'editor')) {
      throw Forbidden("Only editors, owners and the thread's author can resolve or reopen it.");
    }
    const now = new Date();
    if (input.stance !== undefined) {
      if (!isAuthor) throw Forbidden("Only the thread's author can change its stance.");
      assertCommentPeriodOpen(document, role, now);
    }
    // Resolved before anything is stored: if the text does not load, the request fails whole.
    const { thread: current, resolved } = await this.resolve(thread);
    const at = now.toISOString();
    let updated = current;
    if (input.status !== undefined && input.status !== thread.status) {
      updated =
        (await this.storage.threads.setStatus(thread.id, input.status, actor.id, at)) ?? updated;
    }
    if (input.stance !== undefined && input.stance !== thread.stance) {
      updated = (await this.storage.threads.setStance(thread.id, input.stance, at)) ?? updated;
    }
    if (updated !== current) this.threadsChanged(document.id, thread.id);
    return this.present(updated, resolved, actor, role);
  }

  /** Records the editors' answer to a thread: a disposition and its reason. */
  async setDisposition(
    threadId: string,
    actor: UserRecord,
    input: SetDispositionInput,
  ): Promise<Thread> {
    const { thread, document, role } = await this.threadAccess(threadId, actor, 'editor');
    const { resolved } = await this.resolve(thread);
    const updated = await this.storage.threads.setDisposition(thread.id, {
      value: input.value,
      reason: input.reason,
      by: actor.id,
      at: new Date().toISOString(),
    });
    if (!updated) throw NotFound('No such thread.');
    this.threadsChanged(document.id, thread.id);
    return this.present(updated, resolved, actor, role);
  }

  /** The author edits their own comment. Newly mentioned people are told. */
  async editComment(
    commentId: string,
    actor: UserRecord,
    input: UpdateCommentInput,
  ): Promise<Comment> {
    const { comment, document, role } = await this.commentAccess(commentId, actor, 'commenter');
    if (comment.authorId !== actor.id) throw Forbidden('You can only edit your own comments.');
    if (comment.deletedAt !== null) throw conflict('This comment was deleted.', 'comment-deleted');
    if (comment.hidden !== null) {
      throw conflict(
        'This comment was hidden by an owner and can no longer be edited.',
        'comment-hidden',
      );
    }
    const now = new Date();
    assertCommentPeriodOpen(document, role, now);
    const mentions =
      input.mentions === undefined
        ? comment.mentions
        : await this.checkMentions(document.id, input.mentions);
    const edited = await this.storage.comments.edit(
      comment.id,
      input.body,
      mentions,
      now.toISOString(),
    );
    if (!edited) throw NotFound('No such comment.');
    const added = mentions.filter((id) => !comment.mentions.includes(id));
    await this.notify(
      document,
      edited,
      notificationRecipients({ actorId: actor.id, mentions: added, threadAuthorId: null }),
    );
    this.threadsChanged(document.id, comment.threadId);
    return presentComment(edited, readerOf(actor, role), new PeopleDirectory(this.storage.users));
  }

  /**
   * The author deletes their own comment. The row stays, body and all, for the record; the API
   * shows a "removed" marker in its place when it opened the thread or has later replies, and
   * nothing when it was the last reply.
   */
  async deleteComment(commentId: string, actor: UserRecord): Promise<void> {
    const { comment, document } = await this.commentAccess(commentId, actor, 'commenter');
    if (comment.authorId !== actor.id) throw Forbidden('You can only delete your own comments.');
    if (comment.deletedAt !== null) return;
    await this.storage.comments.markDeleted(comment.id, new Date().toISOString());
    this.threadsChanged(document.id, comment.threadId);
  }

  /** An owner hides a comment, giving a reason. The comment is kept, and the act is audited. */
  async hideComment(commentId: string, actor: UserRecord, reason: string): Promise<Comment> {
    const { comment, document, role } = await this.commentAccess(commentId, actor, 'owner');
    if (comment.deletedAt !== null) {
      throw conflict(
        'This comment was deleted by its author; it is not shown anyway.',
        'comment-deleted',
      );
    }
    if (comment.hidden !== null)
      throw conflict('This comment is already hidden.', 'comment-hidden');
    const at = new Date().toISOString();
    const hidden = await this.storage.comments.setHidden(
      comment.id,
      { at, by: actor.id, reason },
      at,
    );
    if (!hidden) throw NotFound('No such comment.');
    await this.storage.audit.record({
      action: 'comment-hidden',
      actorId: actor.id,
      documentId: document.id,
      subjectId: comment.authorId,
      details: { threadId: comment.threadId, commentId: comment.id, reason },
    });
    this.threadsChanged(document.id, comment.threadId);
    return presentComment(hidden, readerOf(actor, role), new PeopleDirectory(this.storage.users));
  }

  /** An owner shows a hidden comment again. Audited, like hiding. */
  async unhideComment(commentId: string, actor: UserRecord): Promise<Comment> {
    const { comment, document, role } = await this.commentAccess(commentId, actor, 'owner');
    if (comment.hidden === null)
      throw conflict('This comment is not hidden.', 'comment-not-hidden');
    const shown = await this.storage.comments.setHidden(comment.id, null, new Date().toISOString());
    if (!shown) throw NotFound('No such comment.');
    await this.storage.audit.record({
      action: 'comment-unhidden',
      actorId: actor.id,
      documentId: document.id,
      subjectId: comment.authorId,
      details: {
        threadId: comment.threadId,
        commentId: comment.id,
        hiddenReason: comment.hidden.reason,
      },
    });
    this.threadsChanged(document.id, comment.threadId);
    return presentComment(shown, readerOf(actor, role), new PeopleDirectory(this.storage.users));
  }

  /**
   * The owner sets (an ISO time, stored in UTC) or clears (null) the end of the comment period.
   * Audited; open sockets are told the document changed.
   */
  async setCommentPeriod(
    documentId: string,
    actor: UserRecord,
    closesAt: string | null,
  ): Promise<{ document: DocumentRecord; role: Role }> {
    const { document, role } = await requireDocumentRole(this.storage, documentId, actor, 'owner');
    const normalised = closesAt === null ? null : new Date(closesAt).toISOString();
    const updated = await this.storage.documents.setCommentPeriod(documentId, normalised);
    if (!updated) throw NotFound('No such document.');
    await this.storage.audit.record({
      action: 'comment-period-set',
      actorId: actor.id,
      documentId,
      subjectId: null,
      details: { from: document.commentPeriodClosesAt, to: normalised },
    });
    this.messages.toDocument(documentId, { type: 'document-changed' });
    return { document: updated, role };
  }

  /** A thread and the actor's role in its document, which must be at least `minimum`. */
  private async threadAccess(threadId: string, actor: UserRecord, minimum: Role) {
    const thread = await this.storage.threads.get(threadId);
    if (!thread) throw NotFound('No such thread.');
    const access = await requireDocumentRole(this.storage, thread.documentId, actor, minimum);
    return { thread, ...access };
  }

  /** A comment, its thread, and the actor's role in the document (at least `minimum`). */
  private async commentAccess(commentId: string, actor: UserRecord, minimum: Role) {
    const comment = await this.storage.comments.get(commentId);
    if (!comment) throw NotFound('No such comment.');
    const access = await this.threadAccess(comment.threadId, actor, minimum);
    return { comment, ...access };
  }

  /** Where one thread's anchor stands in the live document, and the thread as now stored. */
  private async resolve(thread: ThreadRecord): Promise<PlacedThread> {
    const [placed] = await this.keepRefound(await this.place(thread.documentId, [thread]));
    if (!placed) throw new Error(`thread ${thread.id} was not placed`);
    return placed;
  }

  /** `threads` placed on the live document (see `placeThreads`), from the cache where it can. */
  private place(documentId: string, threads: readonly ThreadRecord[]): Promise<PlacedThread[]> {
    return this.readLive(documentId, (doc) =>
      placeThreads(doc, threads, this.logger, this.placements),
    );
  }

  /** `readLiveDocument`, keeping a document it loads loaded for a while (LiveDocumentKeeper). */
  private readLive<T>(documentId: string, read: (doc: Y.Doc) => T): Promise<T> {
    return readLiveDocument(this.hocuspocus, documentId, this.logger, read, this.keeper);
  }

  /**
   * Stores the new anchor of every thread whose text was re-created and found again (see
   * `refindQuote`), so that later edits follow the new characters rather than relying on the
   * quote being found once more, and returns the threads with the anchor they now have.
   *
   * A failed store is logged and the thread still shown where its text was found: nothing is
   * lost, since the old anchor and its quote stay stored, and the next read finds the text again
   * and retries the store.
   */
  private async keepRefound(placed: PlacedThread[]): Promise<PlacedThread[]> {
    const kept: PlacedThread[] = [];
    for (const entry of placed) {
      const { thread, resolved } = entry;
      const anchor = resolved.status === 'anchored' ? resolved.refound : undefined;
      if (anchor === undefined) {
        kept.push(entry);
        continue;
      }
      const context = {
        documentId: thread.documentId,
        threadId: thread.id,
        kind: thread.anchor.kind,
      };
      try {
        await this.storage.threads.updateAnchor(thread.id, anchor);
        this.logger.info('thread re-anchored on its re-created text', context);
      } catch (error) {
        this.logger.error('could not store the re-found anchor of a thread', {
          ...context,
          error,
        });
      }
      kept.push({ ...entry, thread: { ...thread, anchor } });
    }
    return kept;
  }

  /** One thread, with its comments, as `actor` may see it. */
  private async present(
    thread: ThreadRecord,
    resolved: ResolvedAnchor,
    actor: UserRecord,
    role: Role,
  ): Promise<Thread> {
    const comments = await this.storage.comments.listForThread(thread.id);
    const people = new PeopleDirectory(this.storage.users);
    const madeOn = await MadeOnVersions.load(this.storage, thread.documentId);
    const proposal = await this.storage.proposals.get(thread.id);
    return presentThread(
      thread,
      resolved,
      comments,
      readerOf(actor, role),
      people,
      madeOn,
      proposal,
    );
  }

  /**
   * The mentioned user ids, each once, after checking that every one is a member of the
   * document (site admins count, as they act as owner everywhere).
   * @throws HttpError 400 naming the first id that is not.
   */
  private async checkMentions(documentId: string, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      const user = await this.storage.users.get(id);
      if (!user || !(await effectiveRole(this.storage, documentId, user))) {
        const message = `mentions: ${id} is not a member of this document.`;
        throw BadRequest(message, [{ path: 'mentions', message }]);
      }
    }
    return unique;
  }

  /** Counts a post against the actor's per-minute limit, or refuses it with 429. */
  private takePostingSlot(actor: UserRecord): void {
    const wait = this.limiter.take(actor.id);
    if (wait === 0) return;
    const error = TooManyRequests(
      `You can post at most ${COMMENTS_PER_MINUTE} comments a minute. ` +
        `Try again in ${wait} seconds.`,
    );
    // errorHandler turns this into the Retry-After header, as for sign-in backoff.
    Object.assign(error, { retryAfterSeconds: wait });
    throw error;
  }

  /**
   * Stores a notification for each recipient who can still read the document, and tells their
   * open sockets that their inbox changed.
   */
  private async notify(
    document: DocumentRecord,
    comment: CommentRecord,
    recipients: readonly Recipient[],
  ): Promise<void> {
    const records = [];
    for (const { userId, kind } of recipients) {
      const user = await this.storage.users.get(userId);
      if (!user || !(await effectiveRole(this.storage, document.id, user))) continue;
      records.push({
        id: randomUUID(),
        userId,
        kind,
        documentId: document.id,
        threadId: comment.threadId,
        commentId: comment.id,
        actorId: comment.authorId,
        createdAt: comment.editedAt ?? comment.createdAt,
        readAt: null,
      });
    }
    if (records.length === 0) return;
    await this.storage.notifications.createMany(records);
    this.messages.toUsers(
      records.map((record) => record.userId),
      { type: 'notifications-changed' },
    );
  }

  private threadsChanged(documentId: string, threadId: string): void {
    this.messages.toDocument(documentId, { type: 'threads-changed', threadIds: [threadId] });
  }
}

/** What `user`, acting with `role`, may see of comments. Site admins act as owner. */
/** A new comment record, not yet stored. */
function newComment(
  threadId: string,
  author: UserRecord,
  body: string,
  mentions: string[],
  at: string,
): CommentRecord {
  return {
    id: randomUUID(),
    threadId,
    authorId: author.id,
    body,
    mentions,
    createdAt: at,
    editedAt: null,
    deletedAt: null,
    hidden: null,
  };
}
