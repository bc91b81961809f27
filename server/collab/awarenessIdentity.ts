import * as decoding from 'lib0/decoding';

/** Why an awareness update was refused. */
export type AwarenessProblem = 'malformed' | 'other-client' | 'other-name';

/**
 * Checks an awareness update (y-protocols format: a count, then per entry a client id, a clock
 * and the state as JSON) from one connection. Hocuspocus relays awareness to every peer as it
 * is, and the state carries the name shown in presence and on carets, so a member could
 * otherwise appear as anyone, or overwrite another person's presence by sending their client id.
 *
 * - Removals (`null` states) pass: they show no one.
 * - An entry the server already has at that clock or a newer one changes nothing (Yjs ignores
 *   it), and is let through: a provider answers QueryAwareness with every state it knows,
 *   other people's included.
 * - Every other entry must be for `ownClientId`, the client id this connection first announced
 *   with a state (null before it has; the first such entry's id becomes its own).
 * - A state with a `user` must carry `user.name === presenceName`.
 */
export function checkAwarenessIdentity(
  update: Uint8Array,
  presenceName: string,
  ownClientId: number | null,
  knownClock: (clientId: number) => number | undefined,
): { ok: true; clientId: number | null } | { ok: false; problem: AwarenessProblem } {
  let clientId = ownClientId;
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let index = 0; index < count; index += 1) {
      const id = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      const state: unknown = JSON.parse(json);
      // A removal shows no one. Providers send removals of everyone else when their socket
      // drops, and those reach a restarted server that never knew those clients.
      if (state === null) continue;
      const known = knownClock(id);
      if (known !== undefined && known >= clock && id !== clientId) continue;
      clientId ??= id;
      if (id !== clientId) return { ok: false, problem: 'other-client' };
      if (!hasUser(state)) continue;
      if (state.user.name !== presenceName) return { ok: false, problem: 'other-name' };
    }
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  return { ok: true, clientId };
}

function hasUser(state: unknown): state is { user: { name?: unknown } } {
  return (
    typeof state === 'object' &&
    state !== null &&
    'user' in state &&
    typeof state.user === 'object' &&
    state.user !== null
  );
}
