import type { IncomingMessage } from 'node:http';
import { Hocuspocus } from '@hocuspocus/server';
import {
  COLLAB_SOCKET_TIMEOUT_MS,
  COMPACTION_DEBOUNCE_MS,
  COMPACTION_MAX_DEBOUNCE_MS,
} from '../../shared/limits.ts';
import type { IdentityResolver } from '../auth/authenticate.ts';
import { SingleNode, type Cluster } from '../cluster/Cluster.ts';
import { RedisCluster } from '../cluster/RedisCluster.ts';
import { RemissRedisExtension } from '../cluster/RemissRedisExtension.ts';
import type { Logger } from '../logger.ts';
import type { RemissMetrics } from '../metrics/RemissMetrics.ts';
import type { Storage } from '../storage/types.ts';
import { EditTracker } from '../versions/EditTracker.ts';
import { VersionRecorder } from '../versions/VersionRecorder.ts';
import { AuthExtension } from './AuthExtension.ts';
import { BroadcastOnceExtension } from './BroadcastOnceExtension.ts';
import { CheckpointExtension } from './CheckpointExtension.ts';
import { DocumentSizeExtension } from './DocumentSizeExtension.ts';
import type { CollabTokens } from './CollabTokens.ts';
import { LiveDocumentGuard } from './LiveDocumentGuard.ts';
import { MessagePolicyExtension } from './MessagePolicyExtension.ts';
import { MetricsExtension } from './MetricsExtension.ts';
import { PersistenceExtension } from './PersistenceExtension.ts';
import { PresenceBatchExtension } from './PresenceBatchExtension.ts';
import { TurnCorker } from './TurnCorker.ts';

/** The collaboration engine and the extensions the rest of the server talks to. */
export interface CollabEngine {
  hocuspocus: Hocuspocus;
  persistence: PersistenceExtension;
  /** Automatic checkpoints; told when a version is stored some other way. */
  checkpoints: CheckpointExtension;
  /** Who changed which document since its newest version. */
  edits: EditTracker;
  /** Stores versions and reads their text back. */
  recorder: VersionRecorder;
  /** Upgrade requests that passed onAuthenticate; the socket guard closes the others. */
  authenticated: WeakSet<IncomingMessage>;
  /**
   * Holds the collaboration sockets for one event-loop turn; the document fan-out runs at its
   * end. Hand it to `attachCollabSocket`, so that the merged updates leave with the turn.
   */
  corker: TurnCorker;
  /** Closes the connections the engine opened itself (Redis, with several nodes). */
  close(): Promise<void>;
}

/**
 * The one place the collaboration server is assembled. Every extension and every limit is set
 * here, explicitly, from the numbers in shared/limits.ts.
 */
export function buildHocuspocus(deps: {
  storage: Storage;
  tokens: CollabTokens;
  sessions: IdentityResolver;
  logger: Logger;
  /** Counts updates and times every store; left out, nothing is measured. */
  metrics?: RemissMetrics;
  /** The other nodes sharing the database, if any. @default a single node */
  cluster?: Cluster;
}): CollabEngine {
  const logger = deps.logger.child({ component: 'collab' });
  const cluster = deps.cluster ?? new SingleNode();
  const persistence = new PersistenceExtension(deps.storage, logger, deps.metrics, cluster.shared);
  const edits = new EditTracker();
  const recorder = new VersionRecorder(deps.storage, deps.logger);
  const checkpoints = new CheckpointExtension(deps.storage, recorder, edits, logger, { cluster });
  // Documents and presence across nodes. Its priority (1000) puts it before every other
  // extension, so a document is subscribed as soon as it is loaded.
  const redis =
    cluster instanceof RedisCluster
      ? new RemissRedisExtension(cluster.url, cluster.nodeId, logger)
      : null;
  const authenticated = new WeakSet<IncomingMessage>();
  const corker = new TurnCorker();
  const hocuspocus = new Hocuspocus({
    name: 'remiss',
    quiet: true,
    timeout: COLLAB_SOCKET_TIMEOUT_MS,
    // Debounced stores only compact; durability comes from the log written before each ack.
    debounce: COMPACTION_DEBOUNCE_MS,
    maxDebounce: COMPACTION_MAX_DEBOUNCE_MS,
    unloadImmediately: true,
    yDocOptions: { gc: true, gcFilter: () => true },
    extensions: [
      ...(redis ? [redis] : []),
      new LiveDocumentGuard(logger),
      ...(deps.metrics ? [new MetricsExtension(deps.metrics.updatesReceived)] : []),
      new AuthExtension(deps.storage, deps.tokens, logger, deps.sessions, authenticated),
      new MessagePolicyExtension(logger),
      new DocumentSizeExtension(logger),
      persistence,
      checkpoints,
      new PresenceBatchExtension(logger),
      new BroadcastOnceExtension(logger, corker),
    ],
  });
  return {
    hocuspocus,
    persistence,
    checkpoints,
    edits,
    recorder,
    authenticated,
    corker,
    close: async () => {
      await redis?.onDestroy();
    },
  };
}
