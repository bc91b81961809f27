import { describe, expect, it } from 'vitest';
import { withLogFields } from './logContext.ts';
import { createJsonLogger, type LogFields } from './logger.ts';

function capture() {
  const lines: LogFields[] = [];
  const logger = createJsonLogger({
    write: (line) => lines.push(JSON.parse(line) as LogFields),
  });
  return { logger, lines };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('withLogFields', () => {
  it('adds its fields to every line written inside it, after awaits too, and none outside', async () => {
    const { logger, lines } = capture();
    const child = logger.child({ component: 'collab' });
    await withLogFields({ requestId: 'r1' }, async () => {
      logger.info('first');
      await tick();
      child.warn('second', { documentId: 'd1' });
    });
    logger.info('outside');
    expect(lines).toMatchObject([
      { message: 'first', requestId: 'r1' },
      { message: 'second', requestId: 'r1', component: 'collab', documentId: 'd1' },
      { message: 'outside' },
    ]);
    expect(lines[2]).not.toHaveProperty('requestId');
  });

  it('keeps concurrent contexts apart', async () => {
    const { logger, lines } = capture();
    await Promise.all(
      ['a', 'b', 'c'].map((requestId) =>
        withLogFields({ requestId }, async () => {
          await tick();
          logger.info(`done ${requestId}`);
        }),
      ),
    );
    for (const line of lines) expect(line['message']).toBe(`done ${String(line['requestId'])}`);
    expect(lines).toHaveLength(3);
  });

  it('nests, and fields given to the call win', () => {
    const { logger, lines } = capture();
    withLogFields({ requestId: 'outer', userId: 'u1' }, () => {
      withLogFields({ requestId: 'inner' }, () => logger.info('nested'));
      logger.info('explicit', { requestId: 'given' });
    });
    expect(lines).toMatchObject([
      { message: 'nested', requestId: 'inner', userId: 'u1' },
      { message: 'explicit', requestId: 'given', userId: 'u1' },
    ]);
  });
});
