import type pg from 'pg';
import type { Storage } from '../types.ts';
import { openPool, type OpenPoolOptions } from './openPool.ts';
import { PostgresAuditLog } from './PostgresAuditLog.ts';
import { PostgresCommentRepository } from './PostgresCommentRepository.ts';
import { PostgresDocumentRepository } from './PostgresDocumentRepository.ts';
import { PostgresInvitationRepository } from './PostgresInvitationRepository.ts';
import { PostgresMembershipRepository } from './PostgresMembershipRepository.ts';
import { PostgresNotificationRepository } from './PostgresNotificationRepository.ts';
import { PostgresPasswordResetRepository } from './PostgresPasswordResetRepository.ts';
import { PostgresProposalRepository } from './PostgresProposalRepository.ts';
import { PostgresSessionRepository } from './PostgresSessionRepository.ts';
import { PostgresSettingsRepository } from './PostgresSettingsRepository.ts';
import { PostgresThreadRepository } from './PostgresThreadRepository.ts';
import { PostgresUpdateLog } from './PostgresUpdateLog.ts';
import { PostgresUserRepository } from './PostgresUserRepository.ts';
import { PostgresVersionRepository } from './PostgresVersionRepository.ts';

/**
 * The shared store for several nodes: every table in one PostgreSQL database (DATABASE_URL),
 * with the same schema, the same values and the same behaviour as the SQLite store.
 */
export class PostgresStorage implements Storage {
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
  private closed = false;

  private constructor(readonly pool: pg.Pool) {
    this.documents = new PostgresDocumentRepository(pool);
    this.memberships = new PostgresMembershipRepository(pool);
    this.updates = new PostgresUpdateLog(pool);
    this.users = new PostgresUserRepository(pool);
    this.sessions = new PostgresSessionRepository(pool);
    this.invitations = new PostgresInvitationRepository(pool);
    this.passwordResets = new PostgresPasswordResetRepository(pool);
    this.audit = new PostgresAuditLog(pool);
    this.settings = new PostgresSettingsRepository(pool);
    this.threads = new PostgresThreadRepository(pool);
    this.proposals = new PostgresProposalRepository(pool);
    this.comments = new PostgresCommentRepository(pool);
    this.notifications = new PostgresNotificationRepository(pool);
    this.versions = new PostgresVersionRepository(pool);
  }

  /** Connects to `url` and runs pending migrations. */
  static async open(url: string, options: OpenPoolOptions = {}): Promise<PostgresStorage> {
    return new PostgresStorage(await openPool(url, options));
  }

  async checkWritable(): Promise<void> {
    // A real write, because a read-only standby or a full disk reads fine but cannot be written.
    await this.pool.query(
      `INSERT INTO settings (key, value) VALUES ('health.probe', '\\x00'::bytea)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
