/**
 * A child process running some of the soak's writers, so that 50 real providers do not compete
 * for one event loop with the test's own bookkeeping. Started by `soak.ts` with its job as JSON
 * in argv[2]; talks to the parent over the IPC channel (see SoakWriterMessage).
 */
import { z } from 'zod';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { connectClient } from '../test/collabClient.ts';
import { startWriter, type Writer } from './soakWriter.ts';
import { collabToken, signIn, sleep, withTimeout } from './soakTools.ts';
import { tokensOf } from './tokenDocument.ts';

const range = z.tuple([z.number(), z.number()]);

/** What the parent hands a writer process. */
export const soakWriterJobSchema = z.object({
  url: z.string(),
  /** Every writer's account has this password. */
  password: z.string(),
  seed: z.number(),
  tag: z.string(),
  rhythm: z.object({ intervalMs: range, burstTokens: range, burstPauseMs: range }),
  writers: z.array(z.object({ index: z.number(), documentId: z.string(), email: z.string() })),
});
export type SoakWriterJob = z.infer<typeof soakWriterJobSchema>;

/** Messages from a writer process to the parent. */
export type SoakWriterMessage =
  | { type: 'ready' }
  | { type: 'acked'; tokens: string[] }
  | { type: 'settled' }
  | {
      type: 'final';
      writers: {
        index: number;
        documentId: string;
        written: number;
        acked: string[];
        /** Every token the writer's own copy of the document holds once all is acked. */
        holds: string[];
        allAcked: boolean;
      }[];
    };

/**
 * Messages from the parent: `start` typing once every writer is connected; `stop` typing and wait for every ack (answered with `settled`);
 * once every process has settled, `report` what each copy holds (answered with `final`), and exit.
 */
export const soakParentMessageSchema = z.object({ type: z.enum(['start', 'stop', 'report']) });
type ParentMessage = z.infer<typeof soakParentMessageSchema>['type'];

const received: ParentMessage[] = [];
const waiters = new Map<ParentMessage, () => void>();
process.on('message', (raw) => {
  const parsed = soakParentMessageSchema.safeParse(raw);
  if (!parsed.success) return;
  received.push(parsed.data.type);
  waiters.get(parsed.data.type)?.();
});

/** Resolves once the parent has sent `type` (also if it already has). */
function parentSays(type: ParentMessage): Promise<void> {
  if (received.includes(type)) return Promise.resolve();
  return new Promise((resolve) => waiters.set(type, resolve));
}

function send(message: SoakWriterMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const job = soakWriterJobSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  // Nobody types until every writer is connected, so connecting is not slowed by typing.
  let writing = false;
  const writers: { index: number; documentId: string; writer: Writer }[] = [];
  for (const { index, documentId, email } of job.writers) {
    const cookie = await signIn(job.url, email, job.password);
    const client = connectClient(job.url, documentId, () =>
      collabToken(job.url, cookie, documentId),
    );
    await withTimeout(client.synced, 60_000, `writer ${index} did not sync`);
    const source = seededRandom(job.seed ^ Math.imul(index + 1, 0x9e3779b1));
    const writer = startWriter(client, {
      tag: job.tag,
      index,
      random: () => source.next(),
      rhythm: job.rhythm,
      isWriting: () => writing,
      onAck: (tokens) => send({ type: 'acked', tokens: [...tokens] }),
    });
    writers.push({ index, documentId, writer });
  }
  send({ type: 'ready' });
  await parentSays('start');
  writing = true;

  await parentSays('stop');
  writing = false;
  for (const { writer } of writers) writer.stop();
  const settled = await Promise.all(
    writers.map(({ writer }) =>
      writer.client.allAcked(60_000).then(
        () => true,
        () => false,
      ),
    ),
  );
  send({ type: 'settled' });
  await parentSays('report');
  // Every writer everywhere is acked now; let the server's last broadcasts arrive.
  await sleep(1_000);
  send({
    type: 'final',
    writers: writers.map(({ index, documentId, writer }, position) => ({
      index,
      documentId,
      written: writer.written.length,
      acked: writer.acked,
      holds: [...tokensOf(writer.client.ydoc)],
      allAcked: settled[position] ?? false,
    })),
  });
  for (const { writer } of writers) writer.client.destroy();
  // Stays up until the parent, having read the report, ends it: exiting now could let the
  // parent see the exit before the report.
}

main().catch((error: unknown) => {
  process.stderr.write(
    `soak writer failed: ${String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
});
