import { Router } from 'express';
import { Forbidden, Unauthenticated } from '../../http/HttpError.ts';
import { EXPOSITION_CONTENT_TYPE } from '../../metrics/exposition.ts';
import type { RemissMetrics } from '../../metrics/RemissMetrics.ts';
import { decideMetricsAccess } from './metricsAccess.ts';

/** Path Prometheus scrapes, outside `/api` as scrapers expect. */
export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: the Prometheus scrape. Served to the local host only, unless METRICS_TOKEN is
 * set, in which case a bearer token is required from anywhere (see `decideMetricsAccess`).
 */
export function metricsRouter(metrics: RemissMetrics, token: string | null): Router {
  const router = Router();
  router.get(METRICS_PATH, (req, res) => {
    const access = decideMetricsAccess(
      {
        remoteAddress: req.socket.remoteAddress,
        forwarded:
          req.get('x-forwarded-for') !== undefined ||
          req.get('forwarded') !== undefined ||
          req.get('x-real-ip') !== undefined,
        authorization: req.get('authorization'),
      },
      token,
    );
    if (access === 'token-required') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw Unauthenticated('The metrics need the bearer token set in METRICS_TOKEN.');
    }
    if (access === 'not-loopback') {
      throw Forbidden(
        'The metrics are served to the local host only. Set METRICS_TOKEN to scrape them from elsewhere.',
      );
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type(EXPOSITION_CONTENT_TYPE).send(metrics.render());
  });
  return router;
}
