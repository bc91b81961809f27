import type Database from 'better-sqlite3';
import type { Storage } from '../types.ts';
import { openDatabase } from './openDatabase.ts';
import { SqliteAuditLog } from './SqliteAuditLog.ts';
import { SqliteCommentRepository } from './SqliteCommentRepository.ts';
import { SqliteDocumentRepository } from './SqliteDocumentRepository.ts';
import { SqliteInvitationRepository } from './SqliteInvitationRepository.ts';
import { SqliteMembershipRepository } from './SqliteMembershipRepository.ts';
import { SqliteNotificationRepository } from './SqliteNotificationRepository.ts';
import { SqlitePasswordResetRepository } from './SqlitePasswordResetRepository.ts';
import { SqliteProposalRepository } from './SqliteProposalRepository.ts';
import { SqliteSessionRepository } from './SqliteSessionRepository.ts';
import { SqliteSettingsRepository } from './SqliteSettingsRepository.ts';
import { SqliteThreadRepository } from './SqliteThreadRepository.ts';
import { SqliteUpdateLog, type UpdateLogOptions } from './SqliteUpdateLog.ts';
import { SqliteUserRepository } from './SqliteUserRepository.ts';
import { SqliteVersionRepository } from './SqliteVersionRepository.ts';
import { WalCheckpointer, type WalCheckpointerOptions } from './WalCheckpointer.ts';

/** The embedded default store: one SQLite file in WAL mode inside DATA_DIR. */
export class SqliteStorage implements Storage {
  readonly documents;
  readonly memberships;
  readonly updates;
  readonly users;
  readonly sessions;
  readonly invitations;
  readonly passwordResets;
  readonly audit;
  readonly settings;
  readonly threads;
  readonly proposals;
  readonly comments;
  readonly notifications;
  readonly versions;
  private readonly probe;
  /** The log itself, for close(); `updates` may be wrapped (tests do), this never is. */
  private readonly updateLog: SqliteUpdateLog;
  private checkpointer: WalCheckpointer | null = null;

  private constructor(
    readonly db: Database.Database,
    options: { updateLog?: UpdateLogOptions },
  ) {
    this.documents = new SqliteDocumentRepository(db);
    this.memberships = new SqliteMembershipRepository(db);
    this.updateLog = new SqliteUpdateLog(db, options.updateLog);
    this.updates = this.updateLog;
    this.users = new SqliteUserRepository(db);
    this.sessions = new SqliteSessionRepository(db);
    this.invitations = new SqliteInvitationRepository(db, this.memberships);
    this.passwordResets = new SqlitePasswordResetRepository(db);
    this.audit = new SqliteAuditLog(db);
    this.settings = new SqliteSettingsRepository(db);
    this.threads = new SqliteThreadRepository(db);
    this.proposals = new SqliteProposalRepository(db);
    this.comments = new SqliteCommentRepository(db);
    this.notifications = new SqliteNotificationRepository(db);
    this.versions = new SqliteVersionRepository(db);
    this.probe = db.prepare(
      "INSERT INTO settings (key, value) VALUES ('health.probe', x'00') " +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  /**
   * Opens the database in `dataDir` and runs pending migrations. `updateLog` is for tests that
   * control how appends are made durable.
   */
  static open(dataDir: string, options: { updateLog?: UpdateLogOptions } = {}): SqliteStorage {
    return new SqliteStorage(openDatabase(dataDir), options);
  }

  /**
   * Moves WAL checkpoints off the event loop, into a worker thread (see `WalCheckpointer`). The
   * server calls it; tools and tests that open a store for a moment keep SQLite's automatic
   * checkpoint. Null for a database not in WAL mode on a file (then there is no log to move).
   */
  checkpointInBackground(options: WalCheckpointerOptions): WalCheckpointer | null {
    if (this.checkpointer !== null) return this.checkpointer;
    if (this.db.memory || this.db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
    this.checkpointer = new WalCheckpointer(this.db, options);
    return this.checkpointer;
  }

  async checkWritable(): Promise<void> {
    // A real write, because a locked database or a full disk reads fine but cannot be written.
    this.probe.run();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Appends still waiting for their group commit, or for its WAL flush, are written and
    // settled, not dropped.
    await this.updateLog.close();
    // After the last append, and before the final checkpoint, which must not meet the worker's.
    await this.checkpointer?.stop();
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
