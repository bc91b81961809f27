import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './startTestServer.ts';

/** A small tmpfs of its own, to fill up as a full disk would be. */
export interface TinyFilesystem {
  /** Where it is mounted; put DATA_DIR inside. */
  dir: string;
  /** Writes a filler file until the file system has not a byte left. */
  fill(): void;
  /** Removes the filler, freeing the space again. */
  free(): void;
  /** Bytes available to an unprivileged writer now. */
  available(): number;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `sizeMiB` on a fresh temporary directory. Needs root (or CAP_SYS_ADMIN) and a
 * `mount` binary; returns null where either is missing, so that a test can say it was skipped
 * instead of pretending. Filling a real file system is the honest way to get ENOSPC: SQLite then
 * fails exactly where it would on a full production disk.
 */
export function mountTinyFilesystem(sizeMiB: number): TinyFilesystem | null {
  const dir = makeTempDir('remiss-tinyfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill: () => {
      const fd = fs.openSync(filler, 'a');
      try {
        // Big chunks first, then smaller ones, so that not even one page is left over.
        for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
          const chunk = Buffer.alloc(size, 0x2e);
          try {
            for (;;) fs.writeSync(fd, chunk);
          } catch (error) {
            if (!(error instanceof Error && 'code' in error && error.code === 'ENOSPC'))
              throw error;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    free: () => fs.rmSync(filler, { force: true }),
    available: () => {
      const stats = fs.statfsSync(dir);
      return stats.bavail * stats.bsize;
    },
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
