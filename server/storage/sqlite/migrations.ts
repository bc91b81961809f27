import type { Migration } from '../schemaMigrations.ts';

// Still importable from here, where the type was first declared.
export type { Migration } from '../schemaMigrations.ts';

/**
 * The SQLite schema, as numbered, forward-only migrations. Start-up applies the ones a database
 * has not seen yet, each in its own transaction. To change the schema, append a migration.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'documents, users and the update log',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        password_hash TEXT,
        is_admin INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        owner_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        comment_period_closes_at TEXT
      );

      CREATE TABLE memberships (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (document_id, user_id)
      );
      CREATE INDEX memberships_by_user ON memberships(user_id);

      -- The append-only log: every accepted update lands here before it is acknowledged.
      CREATE TABLE document_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        data BLOB NOT NULL,
        checksum TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX document_updates_by_document ON document_updates(document_id, seq);

      -- Compacted state: the log up to covers_seq folded into one Yjs update.
      CREATE TABLE document_state (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        state BLOB NOT NULL,
        checksum TEXT NOT NULL,
        covers_seq INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'sessions, invitations, password resets and the audit log',
    sql: `
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        auth_method TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions(user_id);

      -- A reusable link that grants a role in one document until it expires or is revoked.
      CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT,
        accepted_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX invitations_by_document ON invitations(document_id);

      CREATE TABLE password_resets (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );

      -- Who did what, for owners (their documents) and admins (everything). Never updated.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        actor_id TEXT,
        document_id TEXT,
        subject_id TEXT,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_by_document ON audit_log(document_id, id);
    `,
  },
  {
    version: 3,
    name: 'comment threads, comments and notifications',
    sql: `
      -- A thread on a passage or a paragraph. The anchor columns hold what createAnchor returns:
      -- Yjs relative positions and container paths (opaque bytes), the quote and its context at
      -- creation, and the document's state vector then. Threads are records of an authority and
      -- are never deleted, so no foreign key cascades.
      CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        anchor_kind TEXT NOT NULL CHECK (anchor_kind IN ('passage', 'block')),
        anchor_block_id TEXT CHECK (anchor_kind = 'passage' OR anchor_block_id IS NOT NULL),
        anchor_start BLOB NOT NULL,
        anchor_end BLOB NOT NULL,
        anchor_start_path BLOB NOT NULL,
        anchor_end_path BLOB NOT NULL,
        anchor_quote TEXT NOT NULL,
        anchor_prefix TEXT NOT NULL,
        anchor_suffix TEXT NOT NULL,
        anchor_state_vector BLOB NOT NULL,
        stance TEXT CHECK (stance IN ('support', 'object', 'question', 'editorial')),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        resolved_by TEXT REFERENCES users(id),
        resolved_at TEXT,
        disposition TEXT
          CHECK (disposition IN ('accepted', 'partly-accepted', 'not-accepted', 'noted')),
        disposition_reason TEXT,
        disposition_by TEXT REFERENCES users(id),
        disposition_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX threads_by_document ON threads(document_id, created_at);

      -- Comments are never deleted: deleting one sets deleted_at and keeps the body for the
      -- record (the API never returns it). Hiding keeps it too, with who hid it and why.
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        body TEXT NOT NULL,
        -- JSON array of the mentioned user ids.
        mentions TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        edited_at TEXT,
        deleted_at TEXT,
        hidden_at TEXT,
        hidden_by TEXT REFERENCES users(id),
        hidden_reason TEXT
      );
      CREATE INDEX comments_by_thread ON comments(thread_id, created_at);

      -- A user's inbox: mentions and replies to threads they started.
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply')),
        document_id TEXT NOT NULL REFERENCES documents(id),
        thread_id TEXT NOT NULL REFERENCES threads(id),
        comment_id TEXT NOT NULL REFERENCES comments(id),
        actor_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        read_at TEXT
      );
      CREATE INDEX notifications_by_user ON notifications(user_id, created_at);
      CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
    `,
  },
  {
    version: 4,
    name: 'versions: named drafts and checkpoints',
    sql: `
      -- A version's text is stored as a chain of Yjs updates, not as a full copy each time. Row
      -- seq 1 of a document, and every VERSION_FULL_STATE_EVERY-th row after it, holds the whole
      -- state (encoding 'full'); the rows between hold only what changed since the row before
      -- (encoding 'delta': Y.diffUpdate against that row's state vector). Reading a version
      -- merges the rows from the nearest full one up to it. Every blob is deflate-compressed.
      -- Versions are the history that restoring relies on, so none is ever deleted and no
      -- foreign key cascades.
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        kind TEXT NOT NULL CHECK (kind IN ('named', 'checkpoint')),
        reason TEXT CHECK (
          (kind = 'named' AND reason IS NULL)
          OR (kind = 'checkpoint' AND reason IN ('interval', 'before-restore'))),
        name TEXT CHECK (kind = 'checkpoint' OR name IS NOT NULL),
        note TEXT,
        created_by TEXT REFERENCES users(id),
        created_at TEXT NOT NULL,
        encoding TEXT NOT NULL CHECK (encoding IN ('full', 'delta')),
        state BLOB NOT NULL,
        -- Y.encodeStateVector of the whole state at this version, the base of the next delta.
        state_vector BLOB NOT NULL,
        -- Of the stored (compressed) blob, checked before it is used.
        checksum TEXT NOT NULL,
        words_added INTEGER NOT NULL,
        words_removed INTEGER NOT NULL,
        paragraphs_changed INTEGER NOT NULL,
        -- JSON array of the user ids who edited since the version before.
        authors TEXT NOT NULL DEFAULT '[]',
        CHECK (seq > 1 OR encoding = 'full'),
        UNIQUE (document_id, seq)
      );
      CREATE INDEX versions_by_time ON versions(document_id, created_at);
    `,
  },
  {
    version: 5,
    name: 'thread history: status and disposition over time',
    sql: `
      -- Every change of a thread's status or disposition, so a version can show its threads as
      -- they stood then. The threads table keeps the current values; this keeps the history.
      -- Never updated or deleted.
      CREATE TABLE thread_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        thread_id TEXT NOT NULL REFERENCES threads(id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('status', 'disposition')),
        -- status: 'open' or 'resolved'; disposition: its value.
        value TEXT NOT NULL,
        reason TEXT,
        actor_id TEXT NOT NULL REFERENCES users(id)
      );
      CREATE INDEX thread_events_by_thread ON thread_events(thread_id, at, id);

      -- What is known of the past of threads made before this table: their current resolution
      -- and disposition, each from the time it was recorded.
      INSERT INTO thread_events (thread_id, at, kind, value, actor_id)
        SELECT id, resolved_at, 'status', 'resolved', resolved_by FROM threads
        WHERE status = 'resolved' AND resolved_at IS NOT NULL AND resolved_by IS NOT NULL;
      INSERT INTO thread_events (thread_id, at, kind, value, reason, actor_id)
        SELECT id, disposition_at, 'disposition', disposition, disposition_reason, disposition_by
        FROM threads
        WHERE disposition IS NOT NULL AND disposition_at IS NOT NULL AND disposition_by IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'proposals: threads that propose new wording',
    sql: `
      -- The proposal of a thread that proposes new wording for its passage: one row per such
      -- thread, made with it. The decision's disposition and its history go into threads and
      -- thread_events as for any thread; this keeps what only a proposal has. Never deleted.
      CREATE TABLE proposals (
        thread_id TEXT PRIMARY KEY REFERENCES threads(id),
        -- 'replace' the anchored passage, or insert right 'after' or 'before' it.
        placement TEXT NOT NULL CHECK (placement IN ('replace', 'after', 'before')),
        -- The passage's text when proposed ('' for an insertion).
        original TEXT NOT NULL,
        -- The proposed wording, and its bold, italic and link ranges as a JSON array.
        text TEXT NOT NULL,
        marks TEXT NOT NULL DEFAULT '[]',
        state TEXT NOT NULL DEFAULT 'open'
          CHECK (state IN ('open', 'accepted', 'rejected', 'conflict')),
        decided_by TEXT REFERENCES users(id),
        decided_at TEXT,
        decision_reason TEXT,
        -- On acceptance, what was written into the text: JSON {"text", "marks"}.
        applied TEXT
      );
    `,
  },
];
