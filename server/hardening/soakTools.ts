import path from 'node:path';
import Database from 'better-sqlite3';
import { collabTokenResponseSchema } from '../../shared/api/documents.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import type { StartedChildServer } from '../test/childServer.ts';
import { connectClient } from '../test/collabClient.ts';
import { tokensOf } from './tokenDocument.ts';

/** Rejects with `message` if `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs in and returns the session cookie; retries for a minute while the server is down. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
        signal: AbortSignal.timeout(30_000),
      });
      const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
      if (response.ok && cookie) return cookie;
      throw new Error(`sign-in answered ${response.status}`);
    } catch (error) {
      if (attempt > 240) throw error;
      await sleep(250);
    }
  }
}

/**
 * A collaboration token. The server may be down between a kill and its restart, or slow while
 * every client reconnects at once, so this retries instead of failing the provider.
 */
export async function collabToken(url: string, cookie: string, documentId: string) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(
        `${url}/api/documents/${encodeURIComponent(documentId)}/collab-token`,
        { method: 'POST', headers: { Cookie: cookie }, signal: AbortSignal.timeout(30_000) },
      );
      if (!response.ok) throw new Error(`collab-token answered ${response.status}`);
      return collabTokenResponseSchema.parse(await response.json()).token;
    } catch (error) {
      if (attempt > 240) throw error;
      await sleep(250);
    }
  }
}

/** Every token in the document, read from a fresh provider after its first sync. */
export async function readTokens(
  server: Pick<StartedChildServer, 'url' | 'collabToken'>,
  documentId: string,
  timeoutMs = 30_000,
): Promise<Set<string>> {
  const reader = connectClient(server.url, documentId, () => server.collabToken(documentId));
  try {
    await withTimeout(reader.synced, timeoutMs, `the reader of ${documentId} did not sync`);
    return tokensOf(reader.ydoc);
  } finally {
    reader.destroy();
  }
}

/**
 * The seq the document's state row covers and the number of log rows after it, read from the
 * database opened read-only beside the running server.
 */
export function inspectLog(
  dataDir: string,
  documentId: string,
): { coversSeq: number; logRows: number } {
  const db = new Database(path.join(dataDir, DATABASE_FILE), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const state = db
      .prepare<[string], { covers_seq: number }>(
        'SELECT covers_seq FROM document_state WHERE document_id = ?',
      )
      .get(documentId);
    const log = db
      .prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?',
      )
      .get(documentId);
    return { coversSeq: state?.covers_seq ?? 0, logRows: log?.n ?? 0 };
  } finally {
    db.close();
  }
}
