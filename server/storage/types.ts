import type { Disposition, Stance, ThreadStatus } from '../../shared/api/comments.ts';
import type { ProposalMark, ProposalPlacement, ProposalState } from '../../shared/api/proposals.ts';
import type { NotificationKind } from '../../shared/api/notifications.ts';
import type { Role } from '../../shared/api/roles.ts';
import type { StoredAnchor } from '../comments/anchors/createAnchor.ts';

/** A document's metadata row. */
export interface DocumentRecord {
  id: string;
  title: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  commentPeriodClosesAt: string | null;
}

/** A document together with one user's role in it. */
export interface DocumentWithRole extends DocumentRecord {
  role: Role;
}

/** A user account. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  organisation: string;
  isAdmin: boolean;
  createdAt: string;
}

/** A blob read back from storage, with the checksum written beside it. */
export interface StoredBlob {
  data: Uint8Array;
  checksum: string;
}

/** One entry of a document's append-only update log. */
export interface StoredUpdate extends StoredBlob {
  seq: number;
}

/** Everything needed to rebuild a document in memory: its compacted state and the log after it. */
export interface StoredDocumentContent {
  /** The compacted state, or null if the document was never compacted. */
  state: (StoredBlob & { coversSeq: number }) | null;
  /**
   * Log entries not yet folded into the state, in order. On PostgreSQL an entry can carry a seq
   * at or below the state's `coversSeq` (sequence numbers are handed out before commit, so an
   * append can commit after a compaction that ran meanwhile); it is returned all the same, and
   * applying an update the state already holds again changes nothing.
   */
  updates: StoredUpdate[];
}

/** Documents and who may see them. */
export interface DocumentRepository {
  /** Documents the user is a member of, most recently changed first, at most `limit`. */
  listForUser(userId: string, limit: number): Promise<DocumentWithRole[]>;
  /** One document, or null. */
  get(id: string): Promise<DocumentRecord | null>;
  /**
   * Creates a document, makes the owner a member with the owner role, and stores its initial
   * content (a Yjs update) as the first state row, all in one transaction.
   */
  create(input: {
    id: string;
    title: string;
    ownerId: string;
    initialState: Uint8Array;
  }): Promise<DocumentRecord>;
  /** Renames a document; returns the updated row, or null if it does not exist. */
  rename(id: string, title: string): Promise<DocumentRecord | null>;
  /** The user's role in the document, or null if they are not a member. */
  roleOf(documentId: string, userId: string): Promise<Role | null>;
  /** Number of documents stored. */
  count(): Promise<number>;
  /** Every document, for site admins, most recently changed first. */
  listAll(limit: number): Promise<DocumentRecord[]>;
  /** Moves ownership of every document owned by `from` to `to` (membership included). */
  transferOwnership(from: string, to: string): Promise<number>;
  /**
   * Sets (an ISO time) or clears (null) the end of the comment period; returns the updated row,
   * or null if the document does not exist.
   */
  setCommentPeriod(id: string, closesAt: string | null): Promise<DocumentRecord | null>;
}

/**
 * The durable history of each document's text: an append-only log of Yjs updates, folded into a
 * single state row from time to time. Appending is what makes an edit durable; the server only
 * acknowledges an update once `append` has resolved.
 */
export interface UpdateLog {
  /** Appends one update; resolves with its sequence number once it is durable. */
  append(documentId: string, update: Uint8Array): Promise<number>;
  /** The compacted state and every later update, with checksums, for loading. */
  load(documentId: string): Promise<StoredDocumentContent>;
  /**
   * Atomically replaces the state row with `state` and deletes log entries up to `coversSeq`.
   * The caller guarantees that `state` contains every update with seq ≤ coversSeq.
   */
  compact(documentId: string, state: Uint8Array, coversSeq: number): Promise<void>;
  /**
   * Folds everything stored for a document into its state row, for nodes that share one
   * database and so cannot know that their memory holds every entry. In one transaction, with
   * the document's fold lock held: reads the state and every log entry visible now, calls
   * `merge` with them, stores what it returns as the new state, and deletes exactly the entries
   * it read; entries that commit meanwhile stay for the next fold. `merge` must return a state
   * containing everything it was given (it may add more); if it throws, nothing changes.
   *
   * With `skipIfBusy`, resolves false at once when another fold of the document holds the lock
   * (the other node is doing the same work); otherwise waits for it. Resolves true once folded.
   */
  fold(
    documentId: string,
    merge: (stored: StoredDocumentContent) => Uint8Array,
    options?: { skipIfBusy?: boolean },
  ): Promise<boolean>;
  /** Number of log entries a document has beyond its state row. */
  pendingCount(documentId: string): Promise<number>;
}

/** A member of a document, with their account details. */
export interface MemberRecord {
  userId: string;
  email: string;
  name: string;
  organisation: string;
  role: Role;
  since: string;
}

/** Who holds which role in which document. */
export interface MembershipRepository {
  /** Members of a document, grouped by organisation then name. */
  list(documentId: string): Promise<MemberRecord[]>;
  /** Gives the user `role` in the document, replacing any role they had. */
  set(documentId: string, userId: string, role: Role): Promise<void>;
  /** Gives the user `role` unless they already hold an equal or higher one. Returns the result. */
  grantAtLeast(documentId: string, userId: string, role: Role): Promise<Role>;
  /** Removes the user from the document; false if they were not a member. */
  remove(documentId: string, userId: string): Promise<boolean>;
  /** How many owners the document has. */
  countOwners(documentId: string): Promise<number>;
}

/** A session row; the cookie holds the token, the database only its hash. */
export interface SessionRecord {
  tokenHash: string;
  userId: string;
  authMethod: string;
  createdAt: string;
  expiresAt: string;
}

/** Server-side sessions. */
export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  findValid(tokenHash: string, now: Date): Promise<SessionRecord | null>;
  /** Extends a session (sliding expiry). */
  touch(tokenHash: string, now: Date, expiresAt: Date): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of a user except, optionally, one. */
  deleteForUser(userId: string, keepTokenHash?: string): Promise<void>;
}

/** An invitation link. The token is shown once, at creation; only its hash is stored. */
export interface InvitationRecord {
  id: string;
  documentId: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  acceptedCount: number;
}

/** Invitation links. */
export interface InvitationRepository {
  create(invitation: InvitationRecord & { tokenHash: string }): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<InvitationRecord | null>;
  get(id: string): Promise<InvitationRecord | null>;
  listForDocument(documentId: string): Promise<InvitationRecord[]>;
  revoke(id: string, at: Date): Promise<void>;
  /** Grants the invitation's role (or keeps a higher one) and counts the acceptance, atomically. */
  accept(id: string, userId: string): Promise<Role>;
}

/** One-time password reset tokens. */
export interface PasswordResetRepository {
  create(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void>;
  /** Marks the token used and returns its user, or null if unknown, used or expired. */
  consume(tokenHash: string, now: Date): Promise<string | null>;
}

/** An audit log entry. */
export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actorId: string | null;
  documentId: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/** The append-only audit log. */
export interface AuditLog {
  record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void>;
  listForDocument(documentId: string, limit: number): Promise<AuditEntry[]>;
  listAll(limit: number): Promise<AuditEntry[]>;
}

/** User accounts. */
export interface UserRepository {
  get(id: string): Promise<UserRecord | null>;
  getByEmail(email: string): Promise<UserRecord | null>;
  /** Creates an account; null if the email is taken. */
  create(input: {
    id: string;
    email: string;
    name: string;
    organisation: string;
    passwordHash: string | null;
    isAdmin: boolean;
  }): Promise<UserRecord | null>;
  passwordHashOf(userId: string): Promise<string | null>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  updateProfile(userId: string, profile: { name: string; organisation: string }): Promise<void>;
  setAdmin(userId: string, isAdmin: boolean): Promise<void>;
  list(limit: number): Promise<UserRecord[]>;
  /** Accounts that can sign in with a password (so not the built-in system user). */
  countWithPassword(): Promise<number>;
  /** Creates the account, or returns the existing one with that email unchanged. */
  ensure(input: {
    id: string;
    email: string;
    name: string;
    organisation: string;
    passwordHash: string | null;
    isAdmin: boolean;
  }): Promise<UserRecord>;
  count(): Promise<number>;
}

/** Small named values the server keeps across restarts, such as signing secrets. */
export interface SettingsRepository {
  /** Returns the stored value, or stores and returns `create()` if there is none yet. */
  getOrCreate(key: string, create: () => Uint8Array): Promise<Uint8Array>;
  get(key: string): Promise<Uint8Array | null>;
  set(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A comment thread as stored: its anchor, what it says, and where it stands. */
export interface ThreadRecord {
  id: string;
  documentId: string;
  authorId: string;
  /** The anchor as createAnchor made it; it is resolved against the live document when read. */
  anchor: StoredAnchor;
  stance: Stance | null;
  status: ThreadStatus;
  resolvedBy: string | null;
  resolvedAt: string | null;
  disposition: { value: Disposition; reason: string; by: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * One comment as stored. Comments are records of an authority and are never deleted: a deleted
 * comment keeps its row and its original `body` for the record, with `deletedAt` set. The API
 * never returns the body of a deleted comment, and returns a hidden one's only to owners.
 */
export interface CommentRecord {
  id: string;
  threadId: string;
  authorId: string;
  body: string;
  /** User ids of the members the comment mentions. */
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  hidden: { at: string; by: string; reason: string } | null;
}

/**
 * One change of a thread's status (`value` 'open' or 'resolved') or disposition (`value` the
 * disposition, with its reason), as recorded when it happened. Threads older than this record
 * have their resolution and disposition at the time stored then, and nothing before.
 */
export interface ThreadEventRecord {
  threadId: string;
  at: string;
  kind: 'status' | 'disposition';
  value: string;
  reason: string | null;
  /** Who made the change. */
  by: string;
}

/** Comment threads. */
export interface ThreadRepository {
  /**
   * Stores a new thread and its first comment in one transaction, and its proposal when the
   * thread proposes new wording.
   */
  create(
    thread: ThreadRecord,
    firstComment: CommentRecord,
    proposal?: ProposalRecord,
  ): Promise<void>;
  get(id: string): Promise<ThreadRecord | null>;
  /** Every thread of a document, oldest first. */
  listForDocument(documentId: string): Promise<ThreadRecord[]>;
  /**
   * The status and disposition changes of every thread of a document, oldest first. Used to
   * show threads as they stood when a version was made.
   */
  historyForDocument(documentId: string): Promise<ThreadEventRecord[]>;
  /**
   * Resolves (recording who and when) or reopens a thread, and records the change in its
   * history; returns the updated row.
   */
  setStatus(id: string, status: ThreadStatus, by: string, at: string): Promise<ThreadRecord | null>;
  /** Sets or clears the stance; returns the updated row. */
  setStance(id: string, stance: Stance | null, at: string): Promise<ThreadRecord | null>;
  /** Records the editors' answer, in the thread and its history; returns the updated row. */
  setDisposition(
    id: string,
    disposition: NonNullable<ThreadRecord['disposition']>,
  ): Promise<ThreadRecord | null>;
  /**
   * Points a thread's anchor at re-created text (see `refindQuote`): stores its kind, block id,
   * positions, paths and state vector. The quote, prefix and suffix are not written: they stay
   * the ones the thread was made on, which is what the commenter commented on and what a
   * "text removed" thread shows. `updatedAt` is left alone, since nobody changed the thread.
   * Returns the updated row, or null if there is no such thread.
   */
  updateAnchor(id: string, anchor: StoredAnchor): Promise<ThreadRecord | null>;
}

/**
 * The proposal of a thread that proposes new wording (table `proposals`, one row per such
 * thread). Like threads, never deleted.
 */
export interface ProposalRecord {
  threadId: string;
  placement: ProposalPlacement;
  /** The passage's text when the proposal was made; '' for an insertion. */
  original: string;
  text: string;
  marks: ProposalMark[];
  state: ProposalState;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The reason given for a rejection; '' for an acceptance. */
  decisionReason: string | null;
  /** What was written into the text on acceptance (the proposal, or the editor's edit of it). */
  applied: { text: string; marks: ProposalMark[] } | null;
}

/** An editor's decision on a proposal, as {@link ProposalRepository.decide} records it. */
export interface ProposalDecision {
  state: 'accepted' | 'rejected';
  by: string;
  at: string;
  reason: string;
  applied: { text: string; marks: ProposalMark[] } | null;
}

/** Proposals of threads. Nothing here deletes a row. */
export interface ProposalRepository {
  get(threadId: string): Promise<ProposalRecord | null>;
  /** The proposals of a document's threads. */
  listForDocument(documentId: string): Promise<ProposalRecord[]>;
  /**
   * Records a decision in one transaction: the proposal's state, who and when, the reason and
   * what was applied; the thread's disposition ('accepted', or 'not-accepted' with the reason)
   * with its `thread_events` entry, as `ThreadRepository.setDisposition` records one; and the
   * state 'conflict' for each of `conflicts` (thread ids of other proposals) that is still open.
   * Returns the updated proposal, or null if there is none for `threadId`.
   */
  decide(
    threadId: string,
    decision: ProposalDecision,
    conflicts: readonly string[],
  ): Promise<ProposalRecord | null>;
}

/** Comments. Nothing here deletes a row. */
export interface CommentRepository {
  /** Adds a reply and marks its thread updated, in one transaction. */
  create(comment: CommentRecord): Promise<void>;
  get(id: string): Promise<CommentRecord | null>;
  /** Comments of one thread, oldest first. */
  listForThread(threadId: string): Promise<CommentRecord[]>;
  /** Comments of every thread of a document, oldest first. */
  listForDocument(documentId: string): Promise<CommentRecord[]>;
  /** Replaces the body and mentions, sets `editedAt`, and marks the thread updated. */
  edit(id: string, body: string, mentions: string[], at: string): Promise<CommentRecord | null>;
  /** Sets `deletedAt` (the body stays in the row) and marks the thread updated. */
  markDeleted(id: string, at: string): Promise<CommentRecord | null>;
  /** Hides (with who and why) or unhides (null) a comment, and marks the thread updated. */
  setHidden(id: string, hidden: CommentRecord['hidden'], at: string): Promise<CommentRecord | null>;
}

/** One entry in a user's inbox. */
export interface NotificationRecord {
  id: string;
  userId: string;
  kind: NotificationKind;
  documentId: string;
  threadId: string;
  commentId: string;
  actorId: string;
  createdAt: string;
  readAt: string | null;
}

/**
 * Which documents' notifications a listing includes: all of them (site admins, who act as owner
 * everywhere), or only those of documents the user is still a member of.
 */
export type NotificationScope = 'all-documents' | 'member-documents';

/** In-app notifications. */
export interface NotificationRepository {
  createMany(notifications: NotificationRecord[]): Promise<void>;
  /** The newest entries of a user's inbox, at most `limit`. */
  listForUser(
    userId: string,
    scope: NotificationScope,
    limit: number,
  ): Promise<NotificationRecord[]>;
  countUnread(userId: string, scope: NotificationScope): Promise<number>;
  /** Marks the user's entries with these ids read, or all of them without `ids`. */
  markRead(userId: string, ids: readonly string[] | undefined, at: string): Promise<number>;
}

/** Why a version exists: named by an editor, or taken automatically. */
export type VersionKind = 'named' | 'checkpoint';

/**
 * What made the server take a checkpoint: editing went on past the checkpoint interval, or an
 * editor restored an older version and the text before it was kept. Null for named versions.
 */
export type CheckpointReason = 'interval' | 'before-restore';

/** How much a version changed from the one before it (see `summariseChange`). */
export interface VersionSummaryRecord {
  wordsAdded: number;
  wordsRemoved: number;
  /** Paragraphs edited, reformatted, inserted, deleted or moved. */
  paragraphsChanged: number;
}

/** A version's metadata, without its (large) state. */
export interface VersionRecord {
  id: string;
  documentId: string;
  kind: VersionKind;
  reason: CheckpointReason | null;
  /** Trimmed; null for checkpoints. */
  name: string | null;
  note: string | null;
  /** Who named it, or whose action (editing, restoring) made the checkpoint; null if unknown. */
  createdBy: string | null;
  createdAt: string;
  summary: VersionSummaryRecord;
  /** Users who edited the text since the version before, as far as the server saw. */
  authors: string[];
}

/**
 * One stored link of the chain that holds versions' text (see migration 4): a whole Yjs state, or
 * the update from the version before. `data` is deflate-compressed and `checksum` is of `data`.
 */
export interface VersionStateLink {
  seq: number;
  encoding: 'full' | 'delta';
  data: Uint8Array;
  checksum: string;
}

/** A new version's link, as `encodeVersionState` makes it. */
export interface NewVersionState extends VersionStateLink {
  /** Y.encodeStateVector of the version's whole state: the base of the next delta. */
  stateVector: Uint8Array;
}

/** Where a document's chain ends: what the next version's link is computed against. */
export interface VersionChainEnd {
  versionId: string;
  seq: number;
  stateVector: Uint8Array;
  /** Deltas stored since the newest full state (0 when the newest link is full). */
  deltasSinceFull: number;
}

/**
 * Versions of a document's text: named drafts and automatic checkpoints. Their text is a chain
 * of links, each a full state or a delta from the link before, so that a small edit between two
 * checkpoints costs bytes, not another copy of the document.
 */
export interface VersionRepository {
  /**
   * Stores a version and its link. The link's `seq` must follow the document's chain end;
   * if another version took that place first, this throws and stores nothing.
   */
  create(version: VersionRecord, state: NewVersionState): Promise<void>;
  /** A version's metadata, or null if the document has no such version. */
  get(documentId: string, id: string): Promise<VersionRecord | null>;
  /**
   * The links whose merge is a version's text, oldest first: the nearest full state at or
   * before it and every delta after that, up to and including its own. Empty if there is no
   * such version.
   */
  stateChain(documentId: string, id: string): Promise<VersionStateLink[]>;
  /** The end of a document's chain, or null if it has no version. */
  chainEnd(documentId: string): Promise<VersionChainEnd | null>;
  /** A document's versions, newest first, at most `limit`. */
  listForDocument(documentId: string, limit: number): Promise<VersionRecord[]>;
  /** A document's named versions, oldest first: what each thread was made on. */
  listNamed(documentId: string): Promise<VersionRecord[]>;
  /** How many versions a document has. */
  count(documentId: string): Promise<number>;
}

/**
 * All persistent state of Remiss behind one asynchronous interface, implemented by SQLite (the
 * default) and PostgreSQL; both pass server/storage/storageSuite.ts.
 */
export interface Storage {
  documents: DocumentRepository;
  memberships: MembershipRepository;
  updates: UpdateLog;
  users: UserRepository;
  sessions: SessionRepository;
  invitations: InvitationRepository;
  passwordResets: PasswordResetRepository;
  audit: AuditLog;
  settings: SettingsRepository;
  threads: ThreadRepository;
  proposals: ProposalRepository;
  comments: CommentRepository;
  notifications: NotificationRepository;
  versions: VersionRepository;
  /** Throws if the database cannot be written right now. Used by the health endpoint. */
  checkWritable(): Promise<void>;
  /** Flushes and closes the database. */
  close(): Promise<void>;
}
