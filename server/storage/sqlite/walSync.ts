import fs from 'node:fs';

/** Makes what was committed to a database's write-ahead log durable, without blocking. */
export interface WalSync {
  /**
   * Makes everything committed to the WAL so far durable, and calls back once it is (or with
   * the error that stopped it). Must not block the event loop; one runs at a time.
   */
  flush(done: (error: Error | null) => void): void;
  /** Releases what the flushes hold; called once no flush is under way. */
  close(): void;
}

/**
 * The sync that `PRAGMA synchronous = FULL` makes of the WAL at every commit, run on libuv's
 * thread pool instead of inside the commit: `fdatasync` of `<file>-wal`. SQLite's own sync
 * blocks the event loop for the whole flush (3 to 4 ms on the bench machine), during which the
 * server can neither read nor send anything.
 *
 * A commit made with `synchronous = NORMAL` has written its frames to the WAL (so a process
 * crash keeps it) but not flushed them; flushing the WAL file makes every transaction committed
 * before the flush as durable as FULL would have (sqlite.org/wal.html: writers "sync the WAL on
 * every transaction commit if PRAGMA synchronous is set to FULL but omit this sync" with
 * NORMAL; the SQLite forum's advice for making NORMAL commits durable is to flush the WAL file).
 * The file is opened once, at the first flush, and kept: SQLite deletes or replaces the WAL
 * only when the last connection to the database closes, and the update log's connection stays
 * open until after its last flush (a checkpoint truncates the file in place).
 */
export function walFileSync(databaseFile: string): WalSync {
  const walFile = `${databaseFile}-wal`;
  let fd: number | null = null;
  let closed = false;
  const flushOpen = (open: number, done: (error: Error | null) => void) => {
    fs.fdatasync(open, (error) => done(error));
  };
  return {
    flush(done) {
      if (closed) {
        done(new Error(`${walFile} is closed`));
        return;
      }
      if (fd !== null) {
        flushOpen(fd, done);
        return;
      }
      fs.open(walFile, 'r+', (error, opened) => {
        if (error) {
          done(error);
        } else if (closed) {
          fs.close(opened, () => done(new Error(`${walFile} is closed`)));
        } else {
          fd = opened;
          flushOpen(opened, done);
        }
      });
    },
    close() {
      closed = true;
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
