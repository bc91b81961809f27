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

/** User accounts. */
export interface UserRepository {
  get(id: string): Promise<UserRecord | null>;
  getByEmail(email: string): Promise<UserRecord | null>;
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
}

/**
 * All persistent state of Remiss behind one asynchronous interface. SQLite implements it today;
 * the methods are async so that PostgreSQL can implement it unchanged.
 */
export interface Storage {
  documents: DocumentRepository;
  updates: UpdateLog;
  users: UserRepository;
  settings: SettingsRepository;
  /** Throws if the database cannot be written right now. Used by the health endpoint. */
  checkWritable(): Promise<void>;
  /** Flushes and closes the database. */
  close(): Promise<void>;
}
