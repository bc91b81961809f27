/** What changed in one document since its newest version. */
export interface PendingEdits {
  /** Whether the text changed at all since the newest version. */
  changed: boolean;
  /** Users whose edits those were, in the order first seen; the server's own have none. */
  authors: string[];
}

/**
 * Remembers, per loaded document, whether its text changed since the newest version and who
 * changed it. Checkpoints skip documents with no change, and every version lists its authors.
 *
 * Kept in memory only: after a restart a version lists the authors the server saw since then.
 * That is the cheap way the issue asks for; the Yjs update log does not record users. With
 * several nodes, each tells the others what it notes (CheckpointExtension), so any of them can
 * list every author.
 */
export class EditTracker {
  private readonly documents = new Map<string, { changed: boolean; authors: Set<string> }>();

  /**
   * Records one change to the text, by `userId` or (null) by the server itself. Returns whether
   * it told something new (the first change, or a new author), which other nodes need to hear.
   */
  noteEdit(documentId: string, userId: string | null): boolean {
    let entry = this.documents.get(documentId);
    if (!entry) {
      entry = { changed: false, authors: new Set() };
      this.documents.set(documentId, entry);
    }
    const news = !entry.changed || (userId !== null && !entry.authors.has(userId));
    entry.changed = true;
    if (userId !== null) entry.authors.add(userId);
    return news;
  }

  /** Whether the document changed since its newest version, as far as this process saw. */
  hasChanges(documentId: string): boolean {
    return this.documents.get(documentId)?.changed ?? false;
  }

  /**
   * Returns what changed and starts counting afresh, for a version about to be stored. Call it
   * in the same synchronous step that encodes the state, so no edit falls in between.
   */
  take(documentId: string): PendingEdits {
    const entry = this.documents.get(documentId);
    this.documents.delete(documentId);
    return { changed: entry?.changed ?? false, authors: [...(entry?.authors ?? [])] };
  }

  /** Gives back what `take` returned when storing the version failed, so nothing is forgotten. */
  putBack(documentId: string, pending: PendingEdits): void {
    if (!pending.changed) return;
    const entry = this.documents.get(documentId) ?? { changed: false, authors: new Set() };
    entry.changed = true;
    // The earlier authors go first, as they edited first.
    entry.authors = new Set([...pending.authors, ...entry.authors]);
    this.documents.set(documentId, entry);
  }

  /** Drops a document that was unloaded. */
  forget(documentId: string): void {
    this.documents.delete(documentId);
  }
}
