/**
 * Where the measuring agent (agent.ts) leaves a counter on `globalThis` for a server that writes
 * frames without `ws.send`, which the agent counts by itself: the relay writes frames it framed
 * once to many sockets (servers/wsRelay.ts). A symbol from the global registry, so that the
 * server finds it without importing the agent.
 */
export const COUNT_SENT_HOOK = Symbol.for('remiss.bench.countSent');

/** Adds `frames` WebSocket frames and `bytes` payload bytes to the window's sent counts. */
export type CountSent = (frames: number, bytes: number) => void;
