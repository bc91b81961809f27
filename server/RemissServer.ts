import type { WebSocketServer } from 'ws';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { ServerShuttingDown } from '../shared/closeCodes.ts';
import {
  MAX_JSON_BODY_BYTES,
  SHUTDOWN_DRAIN_GRACE_MS,
  SHUTDOWN_TIMEOUT_MS,
  SOCKET_DRAIN_TIMEOUT_MS,
} from '../shared/limits.ts';
import { authenticate } from './auth/authenticate.ts';
import { hashPassword } from './auth/passwordHash.ts';
import { SessionService } from './auth/SessionService.ts';
import { printSetupLinkIfNeeded } from './auth/setupLink.ts';
import { SignInRateLimiter } from './auth/SignInRateLimiter.ts';
import { ensureSystemUser, SYSTEM_USER_ID } from './auth/systemUser.ts';
import { AccessChanges } from './collab/AccessChanges.ts';
import { attachCollabSocket } from './collab/attachCollabSocket.ts';
import { buildHocuspocus, type CollabEngine } from './collab/buildHocuspocus.ts';
import { CollabTokens } from './collab/CollabTokens.ts';
import { ServerMessages } from './collab/ServerMessages.ts';
import { SingleNode, type Cluster } from './cluster/Cluster.ts';
import { ClusterResync } from './cluster/ClusterResync.ts';
import { RedisCluster } from './cluster/RedisCluster.ts';
import { CommentService } from './comments/CommentService.ts';
import { readLiveDocument } from './comments/readLiveDocument.ts';
import type { Config } from './config.ts';
import { compressJson } from './http/compression.ts';
import { countResponses } from './http/countResponses.ts';
import { csrfGuard } from './http/csrfGuard.ts';
import { refuseNulInPath } from './http/refuseNulInPath.ts';
import { apiNotFound, errorHandler } from './http/errorHandler.ts';
import { requestLogger } from './http/requestLogger.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { staticClient } from './http/staticClient.ts';
import type { Logger } from './logger.ts';
import { RemissMetrics } from './metrics/RemissMetrics.ts';
import { NotificationInbox } from './notifications/NotificationInbox.ts';
import { projectRoot } from './projectRoot.ts';
import { accountRouter } from './routes/api/account/accountRouter.ts';
import { auditRouter } from './routes/api/audit/auditRouter.ts';
import { commentPeriodRouter } from './routes/api/commentPeriod/commentPeriodRouter.ts';
import { commentReportRouter } from './routes/api/commentReport/commentReportRouter.ts';
import { commentsRouter } from './routes/api/comments/commentsRouter.ts';
import { documentsRouter } from './routes/api/documents/documentsRouter.ts';
import { exportRouter } from './routes/api/export/exportRouter.ts';
import { ExportWorker } from './export/ExportWorker.ts';
import { healthRouter } from './routes/api/health/healthRouter.ts';
import { ImportWorker } from './import/ImportWorker.ts';
import { importRouter } from './routes/api/import/importRouter.ts';
import { invitationsRouter } from './routes/api/invitations/invitationsRouter.ts';
import { membersRouter } from './routes/api/members/membersRouter.ts';
import { moderationRouter } from './routes/api/moderation/moderationRouter.ts';
import { notificationsRouter } from './routes/api/notifications/notificationsRouter.ts';
import { passwordResetsRouter } from './routes/api/passwordResets/passwordResetsRouter.ts';
import { sessionRouter } from './routes/api/session/sessionRouter.ts';
import { setupRouter } from './routes/api/setup/setupRouter.ts';
import { threadsRouter } from './routes/api/threads/threadsRouter.ts';
import { proposalsRouter } from './routes/api/proposals/proposalsRouter.ts';
import { ProposalService } from './proposals/ProposalService.ts';
import { usersRouter } from './routes/api/users/usersRouter.ts';
import { versionsRouter } from './routes/api/versions/versionsRouter.ts';
import { metricsRouter } from './routes/metrics/metricsRouter.ts';
import { seedDemo } from './seed/seedDemo.ts';
import { openStorage } from './storage/openStorage.ts';
import { SqliteStorage } from './storage/sqlite/SqliteStorage.ts';
import type { Storage } from './storage/types.ts';
import { VersionService } from './versions/VersionService.ts';

/** A running Remiss server. */
export interface RemissServer {
  /** Base URL the server listens on, e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  storage: Storage;
  engine: CollabEngine;
  tokens: CollabTokens;
  sessions: SessionService;
  access: AccessChanges;
  /** Threads and comments: the one path through which comments are read and changed. */
  comments: CommentService;
  /** Named versions, checkpoints, comparing and restoring. */
  versions: VersionService;
  /** Stateless messages to open sockets (threads, comment period, inboxes changed). */
  messages: ServerMessages;
  /** What `GET /metrics` reports. */
  metrics: RemissMetrics;
  /** The one-time setup link printed at start, if no account existed. */
  setupUrl: string | null;
  /** Stops taking connections, stores every loaded document, closes the database. */
  close(): Promise<void>;
}

/** Things a caller may swap, mostly for tests. */
export interface RemissServerOptions {
  logger: Logger;
  /** Folder of the built web app. @default "<project>/dist/client" */
  clientDir?: string;
  /** Use this store instead of the one the configuration names (SQLite in DATA_DIR by default). */
  storage?: Storage;
  /** For tests: the socket's authentication deadline and heartbeat. @default COLLAB_SOCKET_TIMEOUT_MS */
  collabTimeoutMs?: number;
  /**
   * How long shutdown reports "draining" before it stops taking connections.
   * @default SHUTDOWN_DRAIN_GRACE_MS with several nodes, 0 on a single node
   */
  drainGraceMs?: number;
}

/** The other nodes, from REDIS_URL; a single node without it. */
async function joinCluster(config: Config, logger: Logger): Promise<Cluster> {
  if (config.redisUrl === undefined) return new SingleNode();
  const cluster = await RedisCluster.connect(config.redisUrl, logger);
  logger.info('joined the other nodes through Redis', { nodeId: cluster.nodeId });
  return cluster;
}

/**
 * Builds and starts one Remiss process: storage, the collaboration engine, the HTTP API, the web
 * app, and the socket at /collab, on one HTTP server bound to HOST:PORT.
 */
export async function startRemissServer(
  config: Config,
  options: RemissServerOptions,
): Promise<RemissServer> {
  const { logger } = options;
  const storage = options.storage ?? (await openStorage(config));
  // SQLite's log is checkpointed from a worker thread, not inside a commit on the event loop.
  const walCheckpointer =
    storage instanceof SqliteStorage ? storage.checkpointInBackground({ logger }) : null;
  const tokens = await CollabTokens.load(storage.settings);
  const sessions = new SessionService(storage);
  const limiter = new SignInRateLimiter();
  await ensureSystemUser(storage.users);
  let seedOwner = SYSTEM_USER_ID;
  if (config.admin) {
    let admin = await storage.users.getByEmail(config.admin.email);
    if (!admin) {
      admin = await storage.users.create({
        id: crypto.randomUUID(),
        email: config.admin.email,
        name: 'Administratör',
        organisation: 'Administratör',
        passwordHash: await hashPassword(config.admin.password),
        isAdmin: true,
      });
      logger.info('created the admin account from the environment', { email: config.admin.email });
    }
    if (admin && !admin.isAdmin) {
      // The operator named this account as the admin; an account that signed up earlier (by
      // invitation) is promoted rather than ignored. Its password stays the one its owner chose.
      await storage.users.setAdmin(admin.id, true);
      logger.info('made an existing account admin, as the environment asks', {
        email: config.admin.email,
      });
    }
    if (admin) {
      seedOwner = admin.id;
      await storage.documents.transferOwnership(SYSTEM_USER_ID, admin.id);
    }
  }
  if (config.seedDemo) await seedDemo(storage, seedOwner, logger);

  let cluster: Cluster;
  try {
    cluster = await joinCluster(config, logger);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const metrics = new RemissMetrics();
  if (walCheckpointer !== null) metrics.watchWalCheckpointer(walCheckpointer);
  const engine = buildHocuspocus({ storage, tokens, sessions, logger, metrics, cluster });
  const access = new AccessChanges(engine.hocuspocus, storage, logger, cluster);
  const messages = new ServerMessages(engine.hocuspocus, cluster);
  // After a Redis outage, re-reads what lost events would have said (roles, threads, inbox).
  new ClusterResync(cluster, access, messages, logger);
  const comments = new CommentService({ storage, hocuspocus: engine.hocuspocus, messages, logger });
  const proposals = new ProposalService({
    storage,
    hocuspocus: engine.hocuspocus,
    messages,
    comments,
    logger,
  });
  const versions = new VersionService({
    storage,
    hocuspocus: engine.hocuspocus,
    edits: engine.edits,
    checkpoints: engine.checkpoints,
    recorder: engine.recorder,
    logger,
  });
  const inbox = new NotificationInbox(storage, messages);
  const sessionDeps = { storage, sessions, limiter, publicUrl: config.publicUrl };

  const publicOrigins = () => (config.publicUrl ? [new URL(config.publicUrl).origin] : []);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  app.use(requestLogger(logger));
  app.use(countResponses((status) => metrics.responded(status)));
  app.use(metricsRouter(metrics, config.metricsToken));
  const api = express.Router();
  api.use(express.json({ limit: MAX_JSON_BODY_BYTES }));
  api.use(compressJson());
  api.use(refuseNulInPath);
  api.use(csrfGuard(publicOrigins));
  api.use(authenticate(sessions));
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  let draining = false;
  api.use(
    healthRouter({
      storage,
      persistence: engine.persistence,
      cluster,
      draining: () => draining,
      walCheckpointer,
    }),
  );
  api.use(sessionRouter(sessionDeps));
  api.use(accountRouter(sessionDeps));
  api.use(setupRouter(sessionDeps));
  api.use(passwordResetsRouter({ ...sessionDeps, logger }));
  api.use(usersRouter(storage));
  api.use(documentsRouter(storage, tokens));
  api.use(membersRouter(storage, access));
  api.use(invitationsRouter({ ...sessionDeps, access }));
  api.use(auditRouter(storage));
  api.use(threadsRouter(comments));
  api.use(proposalsRouter(proposals));
  api.use(commentsRouter(comments));
  api.use(moderationRouter(comments));
  api.use(commentPeriodRouter(comments));
  api.use(
    commentReportRouter({
      storage,
      listThreads: (documentId, viewer) => comments.listThreads(documentId, viewer),
      readDocument: (documentId, read) =>
        readLiveDocument(engine.hocuspocus, documentId, logger, read),
    }),
  );
  api.use(versionsRouter(versions));
  const exportWorker = new ExportWorker({ logger });
  api.use(
    exportRouter({
      storage,
      listThreads: (documentId, viewer) => comments.listThreads(documentId, viewer),
      readDocument: (documentId, read) =>
        readLiveDocument(engine.hocuspocus, documentId, logger, read),
      versionState: (documentId, versionId, viewer) =>
        versions.state(documentId, versionId, viewer),
      versionThreads: (documentId, versionId, viewer) =>
        versions.threads(documentId, versionId, viewer),
      render: (doc, query) => exportWorker.render(doc, query),
    }),
  );
  const importWorker = new ImportWorker(logger.child({ component: 'import' }));
  api.use(importRouter({ storage, versions, worker: importWorker }));
  api.use(notificationsRouter(inbox));
  api.use(apiNotFound);
  app.use('/api', api);
  app.use(staticClient(options.clientDir ?? path.join(projectRoot(), 'dist', 'client')));
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  const wss = attachCollabSocket(server, engine.hocuspocus, logger, {
    authenticated: engine.authenticated,
    allowedOrigins: publicOrigins,
    limitFailedAttempts: config.limitFailedCollabAttempts !== false,
    corker: engine.corker,
    ...(options.collabTimeoutMs === undefined ? {} : { timeoutMs: options.collabTimeoutMs }),
  });
  metrics.watchCollab({ hocuspocus: engine.hocuspocus, openSockets: () => wss.clients.size });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${hostForUrl}:${port}`;
  const setupUrl = await printSetupLinkIfNeeded(storage, config.publicUrl ?? url, logger);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      const grace = options.drainGraceMs ?? (cluster.shared ? SHUTDOWN_DRAIN_GRACE_MS : 0);
      if (grace > 0) await new Promise((resolve) => setTimeout(resolve, grace));
      server.close();
      await drainSockets(wss);
      // Documents kept loaded after a read are closed (stored, unloaded) before the final store.
      await comments.close();
      const stored = await engine.persistence.storeAll();
      engine.persistence.stop();
      engine.checkpoints.stop();
      if (!stored)
        logger.error(
          'shutdown could not store every document; the update log still holds every acknowledged edit',
        );
      await engine.recorder.close();
      await engine.close();
      await cluster.close();
      exportWorker.close();
      importWorker.close();
      await storage.close();
      metrics.stop();
      server.closeAllConnections();
    })();
    return closing;
  };

  return {
    url,
    port,
    storage,
    engine,
    tokens,
    sessions,
    access,
    comments,
    versions,
    messages,
    metrics,
    setupUrl,
    close,
  };
}

/**
 * Asks every collaboration socket to close and waits for them, so that no message arrives after
 * the database has closed. Sockets that do not answer in time are cut off; their unacknowledged
 * edits stay in the browser and are sent again on reconnect.
 */
async function drainSockets(wss: WebSocketServer): Promise<void> {
  const open = [...wss.clients];
  const closed = Promise.all(
    open.map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.readyState === client.CLOSED) resolve();
          else client.once('close', () => resolve());
        }),
    ),
  );
  for (const client of open) client.close(ServerShuttingDown.code, ServerShuttingDown.reason);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SOCKET_DRAIN_TIMEOUT_MS);
  });
  await Promise.race([closed, timeout]);
  clearTimeout(timer);
  for (const client of wss.clients) client.terminate();
}

/** How long shutdown may take; exported for main.ts and documented in docs/operations.md. */
export const SHUTDOWN_DEADLINE_MS = SHUTDOWN_TIMEOUT_MS;
