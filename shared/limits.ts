/**
 * Every limit Remiss enforces, in one place. The server builds its WebSocket server, Hocuspocus
 * instance and HTTP parsers from these numbers, and the client reads the same values, so a
 * limit is changed here and nowhere else. docs/limits.md explains each one for operators.
 */

/**
 * Largest WebSocket frame the collaboration socket accepts, in bytes. A Yjs update for a single
 * keystroke is tens of bytes, and a paste of a whole chapter is a few hundred kilobytes; without
 * a cap an unauthenticated client could make the server buffer arbitrarily large frames.
 * @default 4_194_304 (4 MiB)
 */
export const MAX_COLLAB_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * Largest JSON request body the HTTP API parses, in bytes. Titles and comments are small; this
 * only stops a client from making the server parse megabytes of JSON.
 * @default 1_048_576 (1 MiB)
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Longest document title, in characters. Titles appear in lists, tabs and file names.
 * @default 200
 */
export const MAX_TITLE_LENGTH = 200;

/**
 * How long a collaboration token stays valid after it is issued, in seconds. Tokens are fetched
 * right before each (re)connect, so a short life limits the damage of a leaked token.
 * @default 300 (5 minutes)
 */
export const COLLAB_TOKEN_TTL_SECONDS = 5 * 60;

/**
 * Time a socket may stay silent (no pong) before the server drops it, in milliseconds. Also the
 * time an unauthenticated socket has to authenticate before it is closed.
 * @default 30_000
 */
export const COLLAB_SOCKET_TIMEOUT_MS = 30_000;

/**
 * Quiet period after the last edit before the server compacts a document's update log into one
 * state row, in milliseconds. Compaction is housekeeping, not durability: every update is already
 * in the log before it is acknowledged.
 * @default 2_000
 */
export const COMPACTION_DEBOUNCE_MS = 2_000;

/**
 * Longest a busy document waits for compaction, in milliseconds, even while edits keep coming.
 * Bounds the length of the update log, and so the time a cold load takes.
 * @default 10_000
 */
export const COMPACTION_MAX_DEBOUNCE_MS = 10_000;

/**
 * How often a failed compaction is retried, in milliseconds. Nothing is lost while it fails (the
 * log still holds every update), but the log grows and health reports the failure.
 * @default 5_000
 */
export const STORE_RETRY_INTERVAL_MS = 5_000;

/**
 * How long shutdown may take before the process exits anyway, in milliseconds. API.md promises
 * an exit within 10 seconds of SIGTERM; this leaves a margin.
 * @default 8_000
 */
export const SHUTDOWN_TIMEOUT_MS = 8_000;

/**
 * How long shutdown waits for clients to finish the WebSocket close handshake before it cuts
 * them off, in milliseconds. Until a socket is closed it may still deliver an edit, which must
 * be stored (or refused) before the database closes. Part of SHUTDOWN_TIMEOUT_MS.
 * @default 1_000
 */
export const SOCKET_DRAIN_TIMEOUT_MS = 1_000;

/**
 * Most documents one list request returns. A network of a hundred organisations has tens of
 * consultations, not thousands; the cap keeps a pathological database from being dumped at once.
 * @default 500
 */
export const MAX_DOCUMENTS_LISTED = 500;

/**
 * A session ends after this long without a request, in seconds. Sliding: each request extends
 * it. Long enough that a commenter does not lose a half-written answer over lunch.
 * @default 604_800 (7 days)
 */
export const SESSION_IDLE_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Failed sign-ins for one email (or from one address) before backoff starts. After that each
 * further failure doubles the wait, up to SIGN_IN_MAX_LOCK_SECONDS, which stops password
 * guessing without locking people out for long.
 * @default 5
 */
export const SIGN_IN_FREE_ATTEMPTS = 5;

/**
 * Longest wait imposed after repeated failed sign-ins, in seconds.
 * @default 900 (15 minutes)
 */
export const SIGN_IN_MAX_LOCK_SECONDS = 15 * 60;

/** Shortest password accepted, in characters (NIST SP 800-63B asks for at least 8). @default 10 */
export const MIN_PASSWORD_LENGTH = 10;

/** Longest password accepted, in characters; bounds the cost of hashing. @default 200 */
export const MAX_PASSWORD_LENGTH = 200;

/** Longest display name or organisation name, in characters. @default 120 */
export const MAX_NAME_LENGTH = 120;

/** Default life of an invitation link, in days. @default 14 */
export const DEFAULT_INVITATION_DAYS = 14;

/** Longest life an invitation link may be given, in days. @default 90 */
export const MAX_INVITATION_DAYS = 90;

/** Life of a password reset link, in minutes. @default 60 */
export const PASSWORD_RESET_TTL_MINUTES = 60;

/** Most audit entries one request returns. @default 500 */
export const MAX_AUDIT_ENTRIES = 500;

/**
 * Longest comment body, in characters. A remiss answer on one passage is a few paragraphs; a
 * whole response belongs in several threads, and a cap keeps one request from flooding the
 * sidebar and the report. @default 5_000
 */
export const MAX_COMMENT_LENGTH = 5_000;

/**
 * Longest quoted passage a thread may anchor to, in characters: about a page. Longer selections
 * are better commented on paragraph by paragraph. @default 5_000
 */
export const MAX_QUOTE_LENGTH = 5_000;

/** Longest reason an owner gives for hiding a comment. @default 500 */
export const MAX_HIDE_REASON_LENGTH = 500;

/** Most people one comment may mention; more is a broadcast, not a mention. @default 20 */
export const MAX_MENTIONS_PER_COMMENT = 20;

/**
 * Comments (threads and replies) one user may post per minute, over all documents. A person
 * writes a few a minute at most; the cap stops a script or a stuck client. @default 30
 */
export const COMMENTS_PER_MINUTE = 30;

/** Newest inbox entries one request returns. @default 100 */
export const MAX_NOTIFICATIONS_LISTED = 100;
