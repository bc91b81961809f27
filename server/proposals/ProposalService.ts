import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import type {
  AcceptProposalRequest,
  PreparedProposalChange,
  ProposalConflictDetails,
  ProposalText,
} from '../../shared/api/proposals.ts';
import type { Thread } from '../../shared/api/comments.ts';
import type { CommentService } from '../comments/CommentService.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { readLiveDocument } from '../comments/readLiveDocument.ts';
import type { ServerMessages } from '../collab/ServerMessages.ts';
import { ServerEditOrigin } from '../collab/ServerEditOrigin.ts';
import { HttpError, NotFound, Unavailable } from '../http/HttpError.ts';
import type { Logger } from '../logger.ts';
import { requireDocumentRole } from '../routes/api/documents/documentAccess.ts';
import type { ProposalRecord, Storage, ThreadRecord, UserRecord } from '../storage/types.ts';
import {
  locateProposal,
  prepareProposalUpdate,
  rangesOverlap,
  writeProposal,
  type LocatedProposal,
  type LocateFailure,
  type ProposalWithThread,
} from './proposalChange.ts';
import { ProposalChangeTokens, updateDigest } from './ProposalChangeTokens.ts';

/** What the proposal service needs. */
export interface ProposalServiceDeps {
  storage: Storage;
  /** The collaboration engine, whose live documents accepted proposals are written into. */
  hocuspocus: Hocuspocus;
  /** Tells open sockets about changed threads. */
  messages: ServerMessages;
  /** Presents threads as the API shows them. */
  comments: CommentService;
  logger: Logger;
}

const conflict = (message: string, details: object) =>
  new HttpError(409, 'conflict', message, details);

/** The outcome of planning an acceptance on the live text. */
type Plan =
  { ok: true; located: LocatedProposal; conflicts: string[] } | { ok: false; error: HttpError };

/**
 * Editors' decisions on proposed wording. Accepting writes the proposal into the live text as
 * one change attributed to the editor, either here (`ServerEditOrigin`, through a direct
 * connection whose store hooks make it durable before the answer) or, for an editor's browser,
 * as a change the browser applies itself so that its undo reverts it. Nothing here writes to the
 * text unless the passage still reads as it did when proposed, or the editor said to accept onto
 * the current text: a newer edit is never overwritten silently.
 */
export class ProposalService {
  private readonly storage: Storage;
  private readonly hocuspocus: Hocuspocus;
  private readonly messages: ServerMessages;
  private readonly comments: CommentService;
  private readonly logger: Logger;
  private readonly tokens: ProposalChangeTokens;

  constructor(deps: ProposalServiceDeps) {
    this.storage = deps.storage;
    this.hocuspocus = deps.hocuspocus;
    this.messages = deps.messages;
    this.comments = deps.comments;
    this.logger = deps.logger.child({ component: 'proposals' });
    this.tokens = new ProposalChangeTokens(deps.storage.settings);
  }

  /**
   * Accepts a proposal (editors and up). With `apply: 'client'` nothing is changed yet: the
   * answer is the prepared change for the browser to apply and confirm.
   *
   * @throws HttpError 409 with {@link ProposalConflictDetails} when the passage changed since
   *   the proposal was made and `onto` is not 'current'; 409 when it was already decided or its
   *   passage is gone.
   */
  async accept(
    threadId: string,
    actor: UserRecord,
    input: AcceptProposalRequest,
  ): Promise<{ thread: Thread } | { change: PreparedProposalChange }> {
    const target = await this.decidable(threadId, actor);
    const wording = input.text ?? { text: target.proposal.text, marks: target.proposal.marks };
    const others = await this.openOthers(target);
    const onto = input.onto === 'current';
    const documentId = target.thread.documentId;

    if (input.apply === 'client') {
      const prepared = await readLiveDocument(this.hocuspocus, documentId, this.logger, (doc) => {
        const plan = this.plan(doc, target, others, onto);
        if (!plan.ok) return plan;
        const update = prepareProposalUpdate(doc, target, wording);
        return typeof update === 'string'
          ? { ok: false as const, error: this.locateError(update) }
          : { ...plan, update };
      });
      if (!prepared.ok) throw prepared.error;
      const token = await this.tokens.issue({
        thread: threadId,
        user: actor.id,
        digest: updateDigest(prepared.update),
        conflicts: prepared.conflicts,
        applied: { text: wording.text, marks: wording.marks ?? [] },
      });
      return { change: { update: Buffer.from(prepared.update).toString('base64'), token } };
    }

    const conflicts = await this.applyOnServer(target, others, wording, onto, actor);
    return { thread: await this.record(target, actor, 'accepted', '', wording, conflicts) };
  }

  /**
   * Records the acceptance of a change an editor's browser applied (`apply: 'client'`), once the
   * live text holds it.
   *
   * @throws HttpError 400 for a token that is not valid for this proposal, this editor and this
   *   update; 409 when the live text does not hold the change (yet) or the proposal was decided.
   */
  async confirm(
    threadId: string,
    actor: UserRecord,
    input: PreparedProposalChange,
  ): Promise<Thread> {
    const target = await this.decidable(threadId, actor);
    const update = new Uint8Array(Buffer.from(input.update, 'base64'));
    const claims = await this.tokens.verify(input.token);
    if (
      claims === null ||
      claims.thread !== threadId ||
      claims.user !== actor.id ||
      claims.digest !== updateDigest(update)
    ) {
      throw new HttpError(
        400,
        'invalid_input',
        'This change was not prepared for this proposal and editor, or it has expired. ' +
          'Accept the proposal again.',
        { reason: 'proposal-change-invalid' },
      );
    }
    const held = await readLiveDocument(
      this.hocuspocus,
      target.thread.documentId,
      this.logger,
      (doc) => Y.snapshotContainsUpdate(Y.snapshot(doc), update),
    );
    if (!held) {
      throw conflict(
        'The text does not hold the accepted change yet. Apply it, wait until it is saved, ' +
          'and confirm again.',
        { reason: 'proposal-change-missing' },
      );
    }
    return this.record(target, actor, 'accepted', '', claims.applied, claims.conflicts);
  }

  /** Rejects a proposal with a reason (editors and up). The text is not touched. */
  async reject(threadId: string, actor: UserRecord, reason: string): Promise<Thread> {
    const target = await this.decidable(threadId, actor);
    return this.record(target, actor, 'rejected', reason, null, []);
  }

  /** A proposal that `actor` (an editor or up) may decide on: not yet accepted or rejected. */
  private async decidable(threadId: string, actor: UserRecord): Promise<ProposalWithThread> {
    const thread = await this.storage.threads.get(threadId);
    if (!thread) throw NotFound('No such thread.');
    await requireDocumentRole(this.storage, thread.documentId, actor, 'editor');
    const proposal = await this.storage.proposals.get(threadId);
    if (!proposal) {
      throw conflict('This thread does not propose new wording.', { reason: 'not-a-proposal' });
    }
    if (proposal.state === 'accepted' || proposal.state === 'rejected') {
      throw conflict(`This proposal was already ${proposal.state}.`, {
        reason: 'proposal-decided',
        state: proposal.state,
      });
    }
    return { thread, proposal };
  }

  /** The other undecided proposals of the same document, which an acceptance may overlap. */
  private async openOthers(target: ProposalWithThread): Promise<ProposalWithThread[]> {
    const { documentId } = target.thread;
    const threads = new Map<string, ThreadRecord>(
      (await this.storage.threads.listForDocument(documentId)).map((thread) => [thread.id, thread]),
    );
    const others: ProposalWithThread[] = [];
    for (const proposal of await this.storage.proposals.listForDocument(documentId)) {
      const thread = threads.get(proposal.threadId);
      if (thread && proposal.state === 'open' && thread.id !== target.thread.id) {
        others.push({ thread, proposal });
      }
    }
    return others;
  }

  /**
   * Checks on the live text that the proposal can be applied: its passage is there, within one
   * run of text, and reads as proposed on (or `onto` the current text is wanted). Also finds
   * the other open proposals whose text the change overlaps.
   */
  private plan(
    doc: Y.Doc,
    target: ProposalWithThread,
    others: readonly ProposalWithThread[],
    onto: boolean,
  ): Plan {
    const flat = flattenText(doc);
    const located = locateProposal(doc, flat, target);
    if (typeof located === 'string') return { ok: false, error: this.locateError(located) };
    const { proposal } = target;
    if (located.current !== proposal.original && !onto) {
      const details: ProposalConflictDetails = {
        reason: 'proposal-conflict',
        original: proposal.original,
        current: located.current,
        proposal: { text: proposal.text, marks: proposal.marks },
      };
      return {
        ok: false,
        error: conflict(
          'The passage has changed since this proposal was made. Accept it onto the current ' +
            'text, edit it first, or reject it.',
          details,
        ),
      };
    }
    const conflicts: string[] = [];
    for (const other of others) {
      const place = locateProposal(doc, flat, other);
      if (typeof place !== 'string' && rangesOverlap(place, located)) {
        conflicts.push(other.thread.id);
      }
    }
    return { ok: true, located, conflicts };
  }

  private locateError(failure: LocateFailure): HttpError {
    return failure === 'removed'
      ? conflict(
          'The passage of this proposal has been removed from the text, so there is nothing ' +
            'to apply it to. Reject it, or propose again on the current text.',
          { reason: 'proposal-passage-removed' },
        )
      : conflict(
          'The passage of this proposal now spans more than one paragraph, so it cannot be ' +
            'replaced in one step. Reject it, or propose again on the current text.',
          { reason: 'proposal-passage-split' },
        );
  }

  /**
   * Writes the proposal into the live document as one transaction attributed to the editor;
   * the direct connection's store hooks make it durable before this returns. Returns the
   * overlapping proposals.
   */
  private async applyOnServer(
    target: ProposalWithThread,
    others: readonly ProposalWithThread[],
    wording: ProposalText,
    onto: boolean,
    actor: UserRecord,
  ): Promise<string[]> {
    const documentId = target.thread.documentId;
    let connection;
    try {
      connection = await this.hocuspocus.openDirectConnection(documentId, {
        purpose: 'accept-proposal',
        userId: actor.id,
      });
    } catch (error) {
      this.logger.error('could not load a document to accept a proposal', { documentId, error });
      throw Unavailable(
        'The document could not be loaded, so the proposal cannot be accepted right now. ' +
          'Nothing was changed.',
        { reason: 'document-load-failed' },
      );
    }
    try {
      const outcome: { plan: Plan | null } = { plan: null };
      // One synchronous step: the check and the change see the same text.
      await connection.transact((live) => {
        const plan = this.plan(live, target, others, onto);
        outcome.plan = plan;
        if (!plan.ok) return;
        live.transact(
          () => writeProposal(plan.located, wording),
          new ServerEditOrigin(actor.id, 'accept-proposal'),
        );
      });
      const { plan } = outcome;
      if (plan === null) throw new Error('the acceptance was not planned');
      if (!plan.ok) throw plan.error;
      return plan.conflicts;
    } finally {
      try {
        await connection.disconnect();
      } catch (error) {
        // Storing failures are the persistence extension's to retry and report.
        this.logger.warn('closing a direct connection failed', { documentId, error });
      }
    }
  }

  /** Stores a decision, tells open sockets, and returns the thread as the actor sees it. */
  private async record(
    { thread, proposal }: ProposalWithThread,
    actor: UserRecord,
    state: 'accepted' | 'rejected',
    reason: string,
    applied: ProposalText | null,
    conflicts: readonly string[],
  ): Promise<Thread> {
    const decided: ProposalRecord | null = await this.storage.proposals.decide(
      thread.id,
      {
        state,
        by: actor.id,
        at: new Date().toISOString(),
        reason,
        applied: applied && { text: applied.text, marks: applied.marks ?? [] },
      },
      conflicts,
    );
    if (!decided) throw NotFound('No such proposal.');
    this.logger.info(`proposal ${state}`, {
      documentId: thread.documentId,
      threadId: thread.id,
      userId: actor.id,
      proposalAuthorId: thread.authorId,
      placement: proposal.placement,
      conflicts: conflicts.length,
    });
    this.messages.toDocument(thread.documentId, {
      type: 'threads-changed',
      threadIds: [thread.id, ...conflicts],
    });
    return this.comments.getThread(thread.id, actor);
  }
}
