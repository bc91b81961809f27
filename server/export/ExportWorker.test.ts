import fs from 'node:fs';
import os from 'node:os';
import { strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportQuery } from '../../shared/api/export.ts';
import { EXPORT_WORKER_NICENESS } from '../../shared/limits.ts';
import { HttpError } from '../http/HttpError.ts';
import { sampleExportDocument } from '../test/sampleExportDocument.ts';
import { testLogger } from '../test/startTestServer.ts';
import { ExportWorker } from './ExportWorker.ts';

const query: ExportQuery = {
  format: 'md',
  titlePage: false,
  numbers: true,
  comments: 'none',
  lang: 'sv',
  slideLevel: 2,
  trackedChanges: false,
};

const worker = new ExportWorker({ logger: testLogger() });
afterAll(() => worker.close());

/** The HttpError a promise rejects with. */
async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return error;
}

describe('ExportWorker', () => {
  it('writes an export in a worker thread', async () => {
    const rendered = await worker.render(sampleExportDocument(), query);
    expect(rendered.contentType).toBe('text/markdown; charset=utf-8');
    expect(strFromU8(rendered.bytes)).toContain('## 1 Bakgrund och syfte');
  });

  it('answers 500 when a renderer fails, and goes on writing the next export', async () => {
    const broken = sampleExportDocument({
      content: { type: 'doc', content: [{ type: 'noSuchNode' }] },
    });
    const error = await refusal(worker.render(broken, query));
    expect(error.status).toBe(500);
    expect(error.message).not.toContain('noSuchNode');
    const rendered = await worker.render(sampleExportDocument(), { ...query, format: 'html' });
    expect(strFromU8(rendered.bytes)).toContain('<html lang="sv">');
  });

  it('stops an export that takes too long with 503, without a crash', async () => {
    const impatient = new ExportWorker({ logger: testLogger(), timeoutMs: 0 });
    try {
      const error = await refusal(impatient.render(sampleExportDocument(), query));
      expect(error.status).toBe(503);
      expect(error.message).toMatch(/took longer than/);
    } finally {
      impatient.close();
    }
    const after = await worker.render(sampleExportDocument(), query);
    expect(after.bytes.length).toBeGreaterThan(0);
  });

  // Linux keeps a niceness per thread and shows it in /proc; elsewhere there is nothing to read.
  it.runIf(process.platform === 'linux')(
    'runs at a lower priority than the thread that asked, which keeps its own',
    async () => {
      const own = os.getPriority();
      await worker.render(sampleExportDocument(), query);
      const niceness = fs.readdirSync('/proc/self/task').flatMap((thread) => {
        let stat: string;
        try {
          stat = fs.readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
        } catch {
          // The test runner's own threads come and go: one listed may be gone by now.
          return [];
        }
        // Field 19 of stat(5); the command name before it may hold spaces, so count from ')'.
        return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
      });
      expect(niceness).toContain(EXPORT_WORKER_NICENESS);
      expect(os.getPriority()).toBe(own);
    },
  );

  it('refuses exports once closed', async () => {
    const closed = new ExportWorker({ logger: testLogger() });
    closed.close();
    expect((await refusal(closed.render(sampleExportDocument(), query))).status).toBe(503);
  });
});
