import type { Storage, VersionRecord } from '../storage/types.ts';

/**
 * Which named version a thread was made on: the newest one named at or before the thread was
 * started, since that is the draft its author was reading. Loaded once per request from the
 * document's named versions, which are few.
 */
export class MadeOnVersions {
  private constructor(private readonly named: readonly VersionRecord[]) {}

  /** The named versions of a document, oldest first. */
  static async load(storage: Storage, documentId: string): Promise<MadeOnVersions> {
    return new MadeOnVersions(await storage.versions.listNamed(documentId));
  }

  /** The named version that was newest at `createdAt` (an ISO time), or null if none was. */
  at(createdAt: string): { id: string; name: string } | null {
    // ISO times in UTC, as every record stores them, sort as text.
    let found: VersionRecord | null = null;
    for (const version of this.named) {
      if (version.createdAt > createdAt) break;
      found = version;
    }
    return found === null ? null : { id: found.id, name: found.name ?? '' };
  }
}
