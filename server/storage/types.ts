import type { Role } from '../../shared/api/roles.ts';

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
  /** Log entries newer than the state, in order. */
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

/**
 * All persistent state of Remiss behind one asynchronous interface. SQLite implements it today;
 * the methods are async so that PostgreSQL can implement it unchanged.
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
  /** Throws if the database cannot be written right now. Used by the health endpoint. */
  checkWritable(): Promise<void>;
  /** Flushes and closes the database. */
  close(): Promise<void>;
}
