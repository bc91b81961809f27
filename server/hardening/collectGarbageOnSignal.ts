/**
 * Preloaded into a server that a test measures the memory of
 * (`NODE_OPTIONS='--import tsx --import server/hardening/collectGarbageOnSignal.ts'`), so that
 * the server's own code stays untouched: on SIGWINCH it runs a full garbage collection and then
 * writes one log line, `{"message":"garbage collected","collection":n}`, n counting from 1.
 *
 * Why: the resident size read from /proc counts garbage V8 has not collected yet, and how much
 * of it there is depends on when the last collection happened to run. An RSS growth read
 * without a collection before each reading once measured 71.8 MB where runs of the same
 * scenario measured -0.2 and 10.5 MB. Collecting first makes both readings hold what the server
 * keeps, which is what a growth limit is about.
 *
 * SIGWINCH because a server without a terminal never gets it otherwise, and Node gives SIGUSR1
 * to its inspector (memorySampler.ts takes SIGUSR2).
 */
import inspector from 'node:inspector';

let collections = 0;
// One session for the process's life: disconnecting a session from inside its own callback
// never returns (the process hangs), and an idle connected session keeps nothing alive.
let session: inspector.Session | null = null;

process.on('SIGWINCH', () => {
  if (session === null) {
    session = new inspector.Session();
    session.connect();
  }
  session.post('HeapProfiler.collectGarbage', (error) => {
    collections += 1;
    process.stdout.write(
      `${JSON.stringify({
        message: 'garbage collected',
        collection: collections,
        ...(error === null ? {} : { error: error.message }),
      })}\n`,
    );
  });
});
