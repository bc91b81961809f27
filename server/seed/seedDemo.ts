import { randomUUID } from 'node:crypto';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/types.ts';
import { DEMO_TITLE, demoDraft } from './demoDraft.ts';

/**
 * Seeds the demo draft into an empty database, owned by `ownerId`. The content is written on the
 * server as the document's first state row, never through an editor's initial content, which
 * would insert it once per client that opens the empty document.
 */
export async function seedDemo(storage: Storage, ownerId: string, logger: Logger): Promise<void> {
  if ((await storage.documents.count()) > 0) return;
  const document = await storage.documents.create({
    id: randomUUID(),
    title: DEMO_TITLE,
    ownerId,
    initialState: contentToYUpdate(demoDraft),
  });
  logger.info('seeded the demo draft', { documentId: document.id, title: document.title });
}
