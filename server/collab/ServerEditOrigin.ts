/**
 * Transaction origin of a change the server makes to the text on someone's behalf (restoring a
 * version, accepting a proposal). It carries who asked, so the change is attributed to them like
 * their own typing, and it is not a `Connection`, so the persistence extension counts it as a server change and
 * compaction stores it.
 */
export class ServerEditOrigin {
  constructor(
    /** The user the change is attributed to. */
    readonly userId: string,
    /** What made the change, for logs. */
    readonly purpose: 'restore' | 'accept-proposal' | 'import',
  ) {}
}
