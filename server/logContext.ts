import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogFields } from './logger.ts';

const context = new AsyncLocalStorage<LogFields>();

/**
 * Runs `fn` with `fields` added to every log line written inside it, including in the promises
 * and callbacks it starts. The request logger uses it to put the request id on every line that
 * handling a request writes, without handing a logger through every function.
 */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/** The fields of the innermost `withLogFields` around the caller; empty outside any. */
export function currentLogFields(): LogFields {
  return context.getStore() ?? {};
}
