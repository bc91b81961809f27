import type { Hocuspocus } from '@hocuspocus/server';
import type { StoreObserver, StoreOperation } from '../collab/StoreObserver.ts';
import type { WalCheckpointer } from '../storage/sqlite/WalCheckpointer.ts';
import { Counter } from './Counter.ts';
import { Gauge } from './Gauge.ts';
import { Histogram } from './Histogram.ts';
import { MetricRegistry } from './MetricRegistry.ts';
import { registerProcessMetrics } from './processMetrics.ts';

/**
 * Upper bounds of the store latency buckets, in seconds. An append with synchronous=FULL is one
 * fsync: well under a millisecond on an SSD, tens of milliseconds on a slow disk. A compaction
 * writes the whole state. Above a second, something is wrong (a locked database waits up to
 * busy_timeout, 5 s).
 */
const STORE_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

const OPERATIONS = [{ operation: 'append' }, { operation: 'compact' }] as const;

/** HTTP status classes a response is counted under. */
type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';
const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/** Where the collaboration gauges read their values at scrape time. */
export interface CollabSources {
  hocuspocus: Hocuspocus;
  /** Open WebSocket connections on /collab, authenticated or not. */
  openSockets: () => number;
}

/**
 * Every metric Remiss exposes at `GET /metrics` (documented in docs/operations.md). The
 * persistence path reports store latency and failures through `StoreObserver`; the collab engine
 * counts updates; HTTP responses are counted by status class; gauges are read at scrape time.
 */
export class RemissMetrics implements StoreObserver {
  readonly registry = new MetricRegistry();

  /** Document updates received from editing clients. */
  readonly updatesReceived = this.registry.register(
    new Counter(
      'remiss_document_updates_received_total',
      'Yjs document updates received from editing clients (before they are stored or refused).',
    ),
  );

  /** Time each storage write took, by operation. */
  readonly storeDuration = this.registry.register(
    new Histogram(
      'remiss_store_duration_seconds',
      'Time a write to storage took, in seconds: append (each edit, before its ack) or compact.',
      STORE_BUCKETS_SECONDS,
      ['operation'],
      OPERATIONS,
    ),
  );

  /** Storage writes that failed, by operation. */
  readonly storeFailures = this.registry.register(
    new Counter(
      'remiss_store_failures_total',
      'Writes to storage that failed, by operation. Each failed append is an edit not acknowledged.',
      ['operation'],
      OPERATIONS,
    ),
  );

  /** HTTP responses by status class; the 5xx series counts server errors. */
  readonly httpResponses = this.registry.register(
    new Counter(
      'remiss_http_responses_total',
      'HTTP responses sent, by status class (5xx are server errors).',
      ['class'],
      STATUS_CLASSES.map((statusClass) => ({ class: statusClass })),
    ),
  );

  private readonly stopProcessMetrics = registerProcessMetrics(this.registry);

  stored(operation: StoreOperation, seconds: number, ok: boolean): void {
    this.storeDuration.observe({ operation }, seconds);
    if (!ok) this.storeFailures.inc({ operation });
  }

  /** Counts one HTTP response under its status class. */
  responded(status: number): void {
    const statusClass = STATUS_CLASSES[Math.floor(status / 100) - 1];
    if (statusClass) this.httpResponses.inc({ class: statusClass });
  }

  /** Registers the gauges read from the collaboration engine and its socket server. */
  watchCollab({ hocuspocus, openSockets }: CollabSources): void {
    this.registry.register(
      new Gauge('remiss_collab_sockets', 'Open WebSocket connections on /collab.', openSockets),
    );
    this.registry.register(
      new Gauge(
        'remiss_collab_connections',
        'Sockets attached to at least one document, plus server-side direct connections.',
        () => hocuspocus.getConnectionsCount(),
      ),
    );
    this.registry.register(
      new Gauge('remiss_documents_loaded', 'Documents held in memory.', () =>
        hocuspocus.getDocumentsCount(),
      ),
    );
  }

  /**
   * Registers the gauges of SQLite's WAL checkpointer (only a SQLite store on a file has one),
   * read from its status at scrape time. The totals are kept by the checkpointer and only grow,
   * so they are exposed as counters.
   */
  watchWalCheckpointer(checkpointer: Pick<WalCheckpointer, 'status' | 'walBytes'>): void {
    this.registry.register(
      new Gauge(
        'remiss_wal_checkpoints_total',
        'WAL checkpoints the checkpointer thread completed.',
        () => checkpointer.status.checkpoints,
        'counter',
      ),
    );
    this.registry.register(
      new Gauge(
        'remiss_wal_checkpoint_failures_total',
        'WAL checkpoints that failed, and checkpointer threads that failed. Nothing is lost: SQLite checkpoints by itself meanwhile.',
        () => checkpointer.status.failures,
        'counter',
      ),
    );
    this.registry.register(
      new Gauge(
        'remiss_wal_checkpointer_restarts_total',
        'Checkpointer threads started again after one failed.',
        () => checkpointer.status.restarts,
        'counter',
      ),
    );
    this.registry.register(
      new Gauge(
        'remiss_wal_checkpointer_up',
        '1 while the checkpointer thread runs; 0 before the log first reaches its start size, or while a failed thread waits to be restarted.',
        () => (checkpointer.status.running ? 1 : 0),
      ),
    );
    this.registry.register(
      new Gauge(
        'remiss_wal_checkpoint_failing_seconds',
        'How long WAL checkpoints have failed without one success; 0 while they succeed.',
        () => {
          const since = checkpointer.status.failingSince;
          return since === null ? 0 : Math.max(0, (Date.now() - since.getTime()) / 1000);
        },
      ),
    );
    this.registry.register(
      new Gauge('remiss_wal_bytes', 'Size of the write-ahead log file, in bytes.', () =>
        checkpointer.walBytes(),
      ),
    );
    this.registry.register(
      new Gauge(
        'remiss_wal_checkpoint_frames_left',
        'Frames the last checkpoint could not copy (a writer or reader held them); absent before the first checkpoint.',
        () => {
          const last = checkpointer.status.last;
          // SQLite answers -1 for both when the database is not in WAL mode.
          if (last === null || last.logFrames < 0) return [];
          return [{ labels: {}, value: last.logFrames - last.checkpointedFrames }];
        },
      ),
    );
  }

  /** The scrape body, in the Prometheus text format. */
  render(): string {
    return this.registry.render();
  }

  /** Stops the event-loop monitor. */
  stop(): void {
    this.stopProcessMetrics();
  }
}
