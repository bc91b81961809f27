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
 * Largest a document may grow, in bytes of its stored Yjs state (text, formatting and what is
 * left of deleted text). A 200-page draft with a long editing history is 1–3 MB; 16 MiB leaves
 * ample room while bounding what one document costs in memory, in every compaction (which
 * encodes and writes the whole state) and in every cold load. An edit that would grow a document
 * past it is refused with `document-too-large`; deleting text still works and makes room.
 * @default 16_777_216 (16 MiB)
 */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * Largest JSON request body the HTTP API parses, in bytes. Titles and comments are small; this
 * only stops a client from making the server parse megabytes of JSON.
 * @default 1_048_576 (1 MiB)
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Smallest response body the server compresses, in bytes. Below it the gzip or Brotli framing
 * and the work outweigh what is saved; above it a document's thread list (several MB of JSON for
 * a busy draft) and the app's scripts shrink to a fifth or less.
 * @default 1_024
 */
export const COMPRESSION_MIN_BYTES = 1024;

/**
 * Size from which a response compressed per request (a large draft's thread list) gets the
 * fastest Brotli and gzip level instead of a middling one, in bytes. Above it compression time
 * grows into tens of ms per request, sent to every participant who opens the draft; the fastest
 * level cuts it by five to seven for about 15 % more bytes (see server/http/compression.ts).
 * @default 262_144
 */
export const COMPRESSION_FAST_BYTES = 262_144;

/**
 * Largest file an import accepts, in bytes. A 200-page Word draft is 1–5 MiB, most of it
 * pictures, which the import leaves out anyway; Markdown and HTML drafts are far smaller. The
 * server stops reading the upload at this size and answers 413, so a client cannot make it
 * buffer more than this per upload.
 * @default 20_971_520 (20 MiB)
 */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * Most bytes the parts of a DOCX that the import reads (its XML, without pictures) may unpack
 * to, by the sizes the ZIP declares. The XML of a 500-page document is about 10 MiB; a ZIP bomb
 * declares gigabytes. Checked before anything is inflated, and inflating never writes past a
 * declared size, so a ZIP that lies about its sizes gets cut off, not expanded.
 * @default 67_108_864 (64 MiB)
 */
export const MAX_DOCX_UNZIPPED_BYTES = 64 * 1024 * 1024;

/**
 * Largest Yjs state an imported text may become, in bytes: half of MAX_DOCUMENT_BYTES, so that
 * an imported draft still has room to be edited, commented on and revised. A 200-page draft
 * encodes to about 1 MiB. A larger result is refused with 413 before anything is stored.
 * @default 8_388_608 (8 MiB)
 */
export const MAX_IMPORTED_DOCUMENT_BYTES = MAX_DOCUMENT_BYTES / 2;

/**
 * Longest the server waits for the worker thread that converts an upload, in milliseconds. A
 * 200-page DOCX converts in a few seconds; a file that takes longer is damaged or built to be
 * slow. Past this the worker is stopped and the upload refused; nothing is stored.
 * @default 60_000
 */
export const IMPORT_WORKER_TIMEOUT_MS = 60_000;

/**
 * Most memory the import worker's JavaScript heap may use, in MiB. Parsing a large DOCX takes a
 * few hundred MiB at most; a crafted file that needs more makes the worker fail (the upload is
 * refused) instead of taking the server's memory from live editing.
 * @default 1_024
 */
export const IMPORT_WORKER_HEAP_MB = 1024;

/**
 * Most uploads waiting for the import worker, besides the one it converts. Each holds its file
 * in memory (up to MAX_UPLOAD_BYTES); past this an upload is answered 503 at once, to try again.
 * @default 4
 */
export const MAX_QUEUED_IMPORTS = 4;

/**
 * Longest incoming `X-Request-Id` the server reuses, in characters (of `[A-Za-z0-9_.-]`). A
 * proxy's id lets one request be followed through both logs; anything longer or odder is
 * replaced by a fresh UUID, so a client cannot stuff log lines through the header.
 * @default 64
 */
export const MAX_REQUEST_ID_LENGTH = 64;

/**
 * Shortest METRICS_TOKEN the server starts with, in characters. The token guards `/metrics` from
 * the network, where it can be guessed at will; 32 random characters is beyond guessing.
 * @default 32
 */
export const MIN_METRICS_TOKEN_LENGTH = 32;

/**
 * Longest document name (the document id) a collaboration frame may carry, in characters. Ids
 * are UUIDs; anything much longer is not one of ours.
 * @default 128
 */
export const MAX_DOCUMENT_NAME_LENGTH = 128;

/**
 * Most documents one collaboration socket may open. The editor opens one; a provider may
 * multiplex a few. Each claimed name costs the server a queue and hook state, so an unbounded
 * number would let one socket grow the server's memory at will.
 * @default 8
 */
export const MAX_DOCUMENTS_PER_SOCKET = 8;

/**
 * Most document connections one user may have open at once on a server: many tabs and devices,
 * far short of what a script opening connections in a loop would reach. Past it, a new
 * connection is refused with `too-many-connections`.
 * @default 20
 */
export const MAX_CONNECTIONS_PER_USER = 20;

/**
 * Most presence (awareness) updates one connection may send per second. A client sends one per
 * caret move or selection change, a few a second while someone types; each is relayed to every
 * other client of the document, so an unthrottled client multiplies its traffic by the
 * audience. Updates past the rate are dropped, not relayed: presence is best effort, and the
 * next update carries the whole state again.
 * @default 20
 */
export const MAX_AWARENESS_UPDATES_PER_SECOND = 20;

/**
 * Longest the server holds presence (awareness) changes before relaying them, batched: every
 * caret that moved in the interval goes to each client in one frame, encoded once. Relayed one
 * by one, N people moving their carets cost N² frames a second, which is what stopped 200
 * clients on 2 cores in the bench (docs/benchmarks.md); batched, at most N × 1000 / this. 50 ms
 * is well under what the eye notices of a remote caret, and the first change after a quiet
 * spell goes out at once.
 * @default 50
 */
export const PRESENCE_BATCH_INTERVAL_MS = 50;

/**
 * Most bytes a collaboration socket may send before it has authenticated. A provider sends its
 * token, a sync step and its presence, plus whatever was typed while connecting; 256 KiB leaves
 * room for a pasted page. It bounds what a socket that never authenticates can make the server
 * hold until COLLAB_SOCKET_TIMEOUT_MS closes it.
 * @default 256 * 1024
 */
export const MAX_UNAUTHENTICATED_BYTES = 256 * 1024;

/**
 * Collaboration sockets from one client address that may fail at once (never authenticate, or
 * be closed for a bad frame) before further upgrades from it are refused with HTTP 429 and
 * Retry-After, ahead of the WebSocket handshake. A socket counts while its handshake and
 * authentication are in flight and stops counting once it has authenticated, so only an
 * office's simultaneous connects draw on it; 40 is far above those. Without it, a script that
 * reconnects as fast as it is closed made about 150 sockets a second, each costing a socket
 * and a Hocuspocus connection (docs/reliability.md).
 * @default 40
 */
export const COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS = 40;

/**
 * Rate at which one address regains failed collaboration attempts, per second (the refill of
 * the bucket above). A person's client fails rarely (an expired link, a revoked access), and
 * retries with backoff; a steady five failures a second is a script.
 * @default 5
 */
export const COLLAB_FAILED_ATTEMPTS_PER_SECOND_PER_ADDRESS = 5;

/**
 * Largest clock, or run length, a client's Yjs update may name. A clock counts one client's
 * characters and deletions; a trillion is far beyond any real editing, while a crafted update
 * naming clocks near 2^53 would take Yjs' arithmetic out of the safe integers.
 * @default 2 ** 40
 */
export const MAX_YJS_CLOCK = 2 ** 40;

/**
 * Deepest nesting of arrays and objects in an attribute value of a client's Yjs update. The
 * editor writes flat values (strings, numbers, at most a list of column widths); deep nesting
 * only serves to exhaust the decoder's stack.
 * @default 16
 */
export const MAX_YJS_ANY_DEPTH = 16;

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
 * How long a document loaded to read its comments over HTTP stays loaded after the last such
 * read, in milliseconds. The app asks for the thread list and opens the socket at the same
 * moment; the socket (token, then authentication) arrives a few hundred ms later, seconds on a
 * slow line, and would otherwise load the whole document a second time (most of a large draft's
 * cold open). Bounded in memory by the documents someone read within this window.
 * @default 10_000
 */
export const LIVE_DOCUMENT_KEEP_MS = 10_000;

/**
 * How long a write waits for another process's lock on the SQLite file before it fails, in
 * milliseconds. better-sqlite3 is synchronous, so the whole server (every socket, every request)
 * stands still while a write waits: measured, a failed write blocks the event loop for exactly
 * this long. Remiss is the only writer of its file (backups read, and in WAL mode readers never
 * block a writer), so a lock is either a short job an operator runs, which 100 ms rides out, or
 * something stuck, which no wait fixes. A failed write is not lost: the edit stays in memory
 * unacknowledged and is retried every STORE_RETRY_INTERVAL_MS.
 * @default 100
 */
export const SQLITE_BUSY_TIMEOUT_MS = 100;

/**
 * How often the WAL checkpointer (a worker thread with its own SQLite connection) copies the
 * write-ahead log back into the database file, in milliseconds. SQLite's own automatic
 * checkpoint runs inside the commit that crosses 1,000 pages, on the event loop; with the worker
 * copying every second, that checkpoint finds only the last second's frames to copy and almost
 * nothing to sync. It stays on because only it lets the log start over under constant writes.
 * @default 1_000
 */
export const WAL_CHECKPOINT_INTERVAL_MS = 1_000;

/**
 * Size the write-ahead log file is cut back to when the log starts over after a checkpoint,
 * in bytes (`PRAGMA journal_size_limit`). A burst (an import, a large compaction) leaves no
 * lasting large file; below this the file keeps its blocks, so writing the log overwrites them
 * and its flush (which every acknowledgement waits for) need not update the file's size.
 * @default 16 MiB
 */
export const WAL_JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * How long after the WAL checkpointer's worker fails the server starts a new one, in
 * milliseconds. Meanwhile SQLite's own checkpoint, in the server's connection, does all the work.
 * @default 30_000
 */
export const WAL_CHECKPOINTER_RESTART_MS = 30_000;

/**
 * Size the write-ahead log file must reach before the checkpointer starts its worker, in bytes.
 * Until then SQLite's own checkpoint (at about 4 MiB) does all the work; the worker starts well
 * before it would first run. A server that writes little (tests, a quiet installation) never pays for the
 * thread; one that takes edits starts it within seconds.
 * @default 1 MiB
 */
export const WAL_CHECKPOINTER_START_BYTES = 1024 * 1024;

/**
 * How long the WAL checkpointer's checkpoints (or its worker) must have failed without one
 * success before `GET /api/health/ready` reports it `degraded`, in milliseconds. Longer than a
 * worker's restart (`WAL_CHECKPOINTER_RESTART_MS`) and its first checkpoint, so one crash that
 * heals itself is not reported; degraded, not unavailable, because SQLite's own checkpoint still
 * bounds the log and nothing is lost.
 * @default 60_000
 */
export const WAL_CHECKPOINT_DEGRADED_AFTER_MS = 60_000;

/**
 * While WAL checkpoints keep failing, how often the log says so again, in milliseconds. A
 * checkpoint is tried every second, so a lasting failure (a full disk) would otherwise write a
 * line a second; the first failure and the recovery are always logged, and the metrics count
 * every failure.
 * @default 300_000 (5 minutes)
 */
export const WAL_CHECKPOINT_FAILURE_LOG_MS = 300_000;

/**
 * Fewest free bytes the file system holding DATA_DIR must have for the server to start. A write
 * that finds the disk full fails (the edit stays in memory, unacknowledged), so starting on a full
 * disk would only open the door to edits that cannot be stored. The margin covers the write-ahead
 * log between checkpoints (about 4 MB) and a few compactions of large documents.
 * @default 67_108_864 (64 MiB)
 */
export const MIN_FREE_DISK_BYTES = 64 * 1024 * 1024;

/**
 * How long shutdown may take before the process exits anyway, in milliseconds. API.md promises
 * an exit within 10 seconds of SIGTERM; this leaves a margin.
 * @default 8_000
 */
export const SHUTDOWN_TIMEOUT_MS = 8_000;

/**
 * With several nodes: how long a node that got SIGTERM keeps serving while
 * `GET /api/health/ready` answers 503, before it stops taking connections, in milliseconds. A
 * load balancer polling readiness every second or so stops sending it new clients meanwhile, so
 * clients told to reconnect land on another node at once. A single node has nowhere to send
 * them and closes at once. Part of SHUTDOWN_TIMEOUT_MS.
 * @default 2_000
 */
export const SHUTDOWN_DRAIN_GRACE_MS = 2_000;

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

/**
 * Longest file name a comment report download is offered under, in characters, before its
 * extension. The name carries the document title; titles may be MAX_TITLE_LENGTH long, and file
 * systems and archive tools (Windows' 260-character paths) cope badly with names that long.
 * @default 80
 */
export const MAX_REPORT_FILENAME_LENGTH = 80;

/**
 * Characters of a comment an inbox entry shows, so the inbox says what it is about without
 * carrying whole comments. @default 140
 */
export const NOTIFICATION_EXCERPT_LENGTH = 140;

/**
 * Most tokens (a word or punctuation mark with the whitespace after it; old and new text
 * together) that the changed part of one paragraph may have and still be compared word by word,
 * counted after the unchanged beginning and end are set aside. A 10,000-word paragraph is about
 * 23,000 tokens on both sides together. Longer changed parts are compared sentence by sentence,
 * and the diff says so: without a cap, one pasted book-length paragraph would hold the server
 * (or the tab) for seconds.
 * @default 50_000
 */
export const MAX_DIFF_TOKENS = 50_000;

/**
 * Most tokens inserted plus deleted that a word-level comparison of one paragraph searches for
 * before it falls back to comparing sentences (and the diff says so). The search costs about the
 * square of this number, so it bounds the worst case, two long unrelated texts, at under a tenth
 * of a second on a two-core server. Only a paragraph of more than about 1,800 words can reach it,
 * and a rewrite that large reads better sentence by sentence anyway.
 * @default 4_000
 */
export const MAX_DIFF_EDIT_DISTANCE = 4_000;

/**
 * Most block pairs (old blocks times new blocks) compared for similarity within one stretch of a
 * document where no block kept its id or its text, to pair up edited paragraphs in order. Wider
 * stretches are paired through shared rare words instead, which is faster but may miss weak
 * matches, showing them as deleted and inserted.
 * @default 250_000 (500 × 500 paragraphs)
 */
export const MAX_BLOCK_ALIGNMENT_CELLS = 250_000;

/**
 * Most candidate blocks compared for each block that lost its id and position, when looking for
 * where it moved to (or came from). Candidates share the block's rarest words; words found in
 * more blocks than this are too common to tell blocks apart and are not used.
 * @default 50
 */
export const MAX_MOVE_CANDIDATES = 50;

/**
 * How often the inbox asks the server for news when no open document tells it, in milliseconds.
 * On a document page the server pushes `notifications-changed` on the collaboration socket, so
 * the poll only matters on other pages; once a minute keeps the count fresh enough for a
 * notification that is not urgent, at a negligible cost. Paused while the tab is hidden.
 * @default 60_000
 */
export const NOTIFICATIONS_POLL_INTERVAL_MS = 60_000;

/**
 * Fewest characters of stored context (prefix plus suffix, line breaks not counted) that must
 * match around a passage before a thread whose characters were all re-created (a paragraph
 * merged into the one before, Enter before the passage, an undone deletion) is re-anchored on
 * the same words. The whole stored context must match anyway; this floor only matters where
 * little was stored, at the very start or end of a short document, where a few matching
 * characters would say too little about whether it is the same place.
 * @default 16
 */
export const ANCHOR_REFIND_MIN_CONTEXT = 16;

/**
 * Shortest quote that is re-found without {@link ANCHOR_REFIND_MIN_CONTEXT} characters of
 * context: about seven words of exactly the same text, in whatever context was stored, and
 * nowhere else in the document, is the passage rather than a coincidence.
 * @default 40
 */
export const ANCHOR_REFIND_UNIQUE_QUOTE_LENGTH = 40;

/**
 * Longest name of a named version ("Utkast 2 – workshop 6 oktober"), in characters. Names appear
 * in the version list and in file names of exports.
 * @default 200
 */
export const MAX_VERSION_NAME_LENGTH = 200;

/**
 * Longest note on a named version, in characters: a few sentences on what the draft is for.
 * @default 2_000
 */
export const MAX_VERSION_NOTE_LENGTH = 2_000;

/**
 * Shortest time between two automatic checkpoints of one document, in milliseconds. A
 * checkpoint is taken when a compaction stores edits made since the newest version (named or
 * not) and that version is at least this old. A busy hour then makes at most six checkpoints,
 * not hundreds, while no stretch of editing longer than this goes without one.
 * @default 600_000 (10 minutes)
 */
export const CHECKPOINT_INTERVAL_MS = 10 * 60 * 1000;

/**
 * How often a version stores the whole text rather than only what changed since the version
 * before: every this many versions of a document. Reading a version merges at most this many
 * stored pieces, and one damaged piece can affect at most the versions up to the next whole
 * one; in between, a version of a 200-page draft with a few edits costs bytes, not megabytes.
 * @default 50
 */
export const VERSION_FULL_STATE_EVERY = 50;

/**
 * Longest the server waits for the worker thread that prepares a version (its change summary
 * and its stored form), in milliseconds. A 200-page draft takes well under a second; past this
 * the worker is taken to be stuck, is stopped, and the work is done on the main thread instead,
 * so the version is still stored.
 * @default 30_000
 */
export const VERSION_WORKER_TIMEOUT_MS = 30_000;

/**
 * Most versions one list request returns, newest first. 500 is more than a year of daily
 * editing at the checkpoint interval's pace; older ones stay stored and restorable by id.
 * @default 500
 */
export const MAX_VERSIONS_LISTED = 500;

/**
 * Most blocks (paragraphs, lists, tables, sub-headings) one presentation slide holds. A section
 * with more goes on over several slides ("3.2 (2/3)"), so nothing is cut off or shrunk to an
 * unreadable size on a projector.
 * @default 6
 */
export const SLIDE_MAX_BLOCKS = 6;

/**
 * Most characters of text one presentation slide holds. At the large type of a slide, about
 * 700 characters fill a 16:9 screen; a longer section goes on over several slides, and a single
 * longer paragraph, list or table is divided by sentences, items or rows.
 * @default 700
 */
export const SLIDE_MAX_CHARACTERS = 700;

/**
 * Characters a short line counts as against SLIDE_MAX_CHARACTERS: a one-word paragraph, list
 * item or table row still takes a whole line of a slide, so twenty short list items do not pass
 * for 200 characters and run off the slide.
 * @default 80
 */
export const SLIDE_LINE_CHARACTERS = 80;

/**
 * Most spotlighted threads one slide shows in its spotlight panel. More would not fit beside the
 * text; the slide then says how many more there are, and the presenter notes list all of them.
 * @default 3
 */
export const SLIDE_MAX_SPOTLIGHT = 3;

/**
 * Longest quoted passage or comment excerpt on a slide or in the presenter notes, in
 * characters. Longer ones are shortened at a word boundary and end in "…".
 * @default 140
 */
export const SLIDE_MAX_QUOTE_CHARACTERS = 140;

/**
 * Most open threads the presenter notes of one slide quote (besides the spotlighted ones, which
 * are all listed). The notes are read at a glance while speaking; the counts cover the rest.
 * @default 5
 */
export const SLIDE_NOTES_MAX_QUOTES = 5;

/**
 * Longest replacement text of a proposed wording, in characters. A proposal rewrites a passage
 * within one paragraph; anything longer is a new draft of the section, better sent as a comment.
 * @default 5000
 */
export const MAX_PROPOSAL_LENGTH = 5000;

/**
 * Most formatting ranges (bold, italic, link) one proposed wording may carry. Enough for any
 * sentence; it bounds the work of validating and applying one.
 * @default 100
 */
export const MAX_PROPOSAL_MARKS = 100;

/**
 * Seconds an editor's browser has to apply a prepared accepted proposal and confirm it. The
 * browser applies it at once; a change prepared long ago was prepared on text that may since have
 * changed under it, so it is refused and prepared again.
 * @default 120
 */
export const PROPOSAL_CHANGE_TTL_SECONDS = 120;

/**
 * Longest the server waits for the worker thread that writes an export (DOCX, ODT, PDF, Markdown,
 * HTML, slides), in milliseconds. A 200-page draft with its comments is written in a few seconds;
 * past this the worker is taken to be stuck, is stopped, and the request is answered 503 (nothing
 * is stored by an export, so nothing is left half-made).
 * @default 60_000
 */
export const EXPORT_WORKER_TIMEOUT_MS = 60_000;

/**
 * Most exports waiting for the export worker, besides the one it writes. Each holds its
 * document's text and threads in memory; past this a request is answered 503 at once, to try
 * again, rather than letting a burst of downloads queue up minutes of work and memory.
 * @default 8
 */
export const MAX_QUEUED_EXPORTS = 8;

/**
 * Most memory the export worker's JavaScript heap may use, in MiB. Writing a 200-page DOCX or
 * PDF takes well under 256 MiB; an export that needs more fails on its own (503) instead of
 * taking the server's memory from live editing.
 * @default 1_024
 */
export const EXPORT_WORKER_HEAP_MB = 1024;

/**
 * Scheduling niceness of the export worker's thread (Linux: 0 is normal, 19 the lowest). On two
 * cores a 200-page DOCX keeps one core busy for most of a second; at normal priority it took CPU
 * from the event loop that relays live edits (W4: propagation p99 260 ms while exporting back to
 * back, 16 ms without). Lowered, an export waits for CPU instead of the typists; it only takes
 * longer on a busy machine. Set from inside the worker, so only its own thread is lowered.
 * @default 10
 */
export const EXPORT_WORKER_NICENESS = 10;

/**
 * Longest a node waits to connect to Redis (REDIS_URL), in milliseconds. Start-up fails with the
 * reason after it, rather than serving documents whose edits no other node would see.
 * @default 10_000
 */
export const REDIS_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Longest the health and readiness checks wait for Redis to answer a PING, in milliseconds. A
 * load balancer polls these often; a hung Redis must show as "failing", not as a hung check.
 * @default 2_000
 */
export const REDIS_CHECK_TIMEOUT_MS = 2_000;

/**
 * How long a node may hold the cluster lock under which it takes a document's automatic
 * checkpoint, in milliseconds. Storing a checkpoint takes well under a second; if the node dies
 * while holding it, another node takes the next checkpoint once this has passed.
 * @default 30_000
 */
export const CHECKPOINT_LOCK_TTL_MS = 30_000;
