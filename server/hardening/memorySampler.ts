/**
 * Preloaded into the server the frame attack starts when it is profiled
 * (`NODE_OPTIONS='--import tsx --import server/hardening/memorySampler.ts'`), so that the
 * server's own code stays untouched:
 * - every MEMORY_SAMPLE_INTERVAL_MS it appends one JSON line of `process.memoryUsage()` (rss,
 *   heapTotal, heapUsed, external, arrayBuffers, in bytes) to REMISS_MEMORY_SAMPLES_FILE. /proc
 *   tells only the RSS; this tells whether growth is the V8 heap, Buffers outside it, or
 *   neither (allocator pages);
 * - on SIGUSR2 it starts a V8 CPU profile, and writes it to REMISS_CPU_PROFILE_FILE when the
 *   process exits. Node refuses `--cpu-prof` in NODE_OPTIONS, and starting on a signal keeps
 *   start-up (tsx compiling the sources) out of the profile of the attack.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';

/** Often enough to see the attack's shape over its 30–90 s, rare enough to cost nothing. */
const MEMORY_SAMPLE_INTERVAL_MS = 500;

/** Microseconds between CPU samples: `--cpu-prof`'s default, light enough not to skew the p99. */
const CPU_SAMPLE_INTERVAL_US = 1_000;

const memoryFile = process.env['REMISS_MEMORY_SAMPLES_FILE'];
if (memoryFile !== undefined && memoryFile !== '') {
  const startedAt = performance.now();
  const sample = () => {
    const usage = process.memoryUsage();
    fs.appendFileSync(
      memoryFile,
      `${JSON.stringify({ atMs: Math.round(performance.now() - startedAt), ...usage })}\n`,
    );
  };
  sample();
  setInterval(sample, MEMORY_SAMPLE_INTERVAL_MS).unref();
}

const profileFile = process.env['REMISS_CPU_PROFILE_FILE'];
if (profileFile !== undefined && profileFile !== '') {
  let session: inspector.Session | null = null;
  process.on('SIGUSR2', () => {
    if (session) return;
    session = new inspector.Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: CPU_SAMPLE_INTERVAL_US });
    session.post('Profiler.start');
  });
  // A session on the main thread answers synchronously, so this works inside 'exit'.
  process.on('exit', () => {
    session?.post('Profiler.stop', (error, result) => {
      if (error === null) fs.writeFileSync(profileFile, JSON.stringify(result.profile));
    });
  });
}
