import fs from 'node:fs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { schema } from '../../server/editor/schema.ts';
import { SqliteStorage } from '../../server/storage/sqlite/SqliteStorage.ts';
import { buildUser, signIn } from '../../server/test/factories.ts';
import { slowStorage, type SlowStorage } from '../../server/test/slowStorage.ts';
import {
  makeTempDir,
  startTestServer,
  type TestServer,
} from '../../server/test/startTestServer.ts';
import {
  launchBrowser,
  newContext,
  openDemoDocument,
  placeCaretAtParagraph,
  POLL,
  syncStatus,
  waitForSaved,
} from './helpers/browser.ts';
import { DEMO_TITLE } from './helpers/server.ts';

/** The document's text as a cold load from the store would rebuild it. */
async function storedText(storage: SqliteStorage, documentId: string): Promise<string> {
  const content = await storage.updates.load(documentId);
  const ydoc = new Y.Doc();
  if (content.state) Y.applyUpdate(ydoc, content.state.data);
  for (const update of content.updates) Y.applyUpdate(ydoc, update.data);
  const text = yXmlFragmentToProseMirrorRootNode(
    ydoc.getXmlFragment(YJS_FRAGMENT),
    schema,
  ).textContent;
  ydoc.destroy();
  return text;
}

/** Lets the page render once more, so that what it shows reflects every message it has had. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => setTimeout(resolve, 0));
      }),
  );
}

describe('the save indicator after a reconnect', () => {
  let dataDir: string;
  let store: SqliteStorage;
  let slow: SlowStorage;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  const contexts: BrowserContext[] = [];
  let demoId: string;

  beforeAll(async () => {
    dataDir = makeTempDir('remiss-e2e-save-');
    store = SqliteStorage.open(dataDir);
    slow = slowStorage(store);
    server = await startTestServer({ dataDir, seedDemo: true, storage: slow.storage });
    const demo = (await server.storage.documents.listAll(100)).find(
      (document) => document.title === DEMO_TITLE,
    );
    if (!demo) throw new Error('the demo draft was not seeded');
    demoId = demo.id;
    const editor = await buildUser(server.storage, {
      name: 'Eva Berg',
      organisation: 'Riksarkivet',
      role: 'editor',
      documentId: demoId,
    });
    browser = await launchBrowser();
    context = await signedInContext(editor.email);
  });

  /** A fresh browser context with the session of the account with `email`. */
  async function signedInContext(email: string): Promise<BrowserContext> {
    const signedIn = await newContext(browser);
    contexts.push(signedIn);
    const cookie = await signIn(server.url, email);
    const separator = cookie.indexOf('=');
    await signedIn.addCookies([
      { name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: server.url },
    ]);
    return signedIn;
  }

  afterAll(async () => {
    slow.release();
    await Promise.all(contexts.map((open) => open.close()));
    await browser.close();
    await server.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('does not say saved until the edits typed offline are in the database', async () => {
    const page = await context.newPage();
    await openDemoDocument(page, server.url);

    // Every time the indicator turns to "saved", what the database holds right then.
    const storedWhenSaved: string[] = [];
    await page.exposeFunction('remissSavedShown', async () => {
      storedWhenSaved.push(await storedText(store, demoId));
    });
    await page.evaluate(() => {
      const report = Reflect.get(window, 'remissSavedShown') as () => Promise<void>;
      new MutationObserver(() => {
        if (document.querySelector('.sync-status[data-state="saved"]')) void report();
      }).observe(document.body, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-state'],
      });
    });

    await page.context().setOffline(true);
    await page.locator('.sync-status[data-state="offline"]').waitFor({ timeout: 5_000 });
    const typed = `Skrivet utan nät ${Math.random().toString(36).slice(2, 8)}`;
    await placeCaretAtParagraph(page, 1);
    await page.keyboard.type(`${typed} `);
    expect(await storedText(store, demoId)).not.toContain(typed);

    // The database is slow from now on.
    slow.hold();
    await page.context().setOffline(false);

    // The server is storing what the page re-sent. The provider's own count restarts at 1 on
    // the new socket and cannot tell whether the edits typed offline are stored; the page must
    // say "saving" until they are.
    await expect.poll(() => slow.waiting > 0, POLL).toBe(true);
    await settle(page);
    expect(await syncStatus(page).getAttribute('data-state')).toBe('saving');
    expect(await storedText(store, demoId)).not.toContain(typed);

    slow.release();
    await waitForSaved(page);
    expect(await storedText(store, demoId)).toContain(typed);
    await expect.poll(() => storedWhenSaved.length, POLL).toBeGreaterThan(0);
    for (const stored of storedWhenSaved) expect(stored).toContain(typed);
  });

  it('online, changes nothing on screen while saves are quick, and shows a slow one', async () => {
    const page = await context.newPage();
    await openDemoDocument(page, server.url);
    await waitForSaved(page);
    const saved = (await syncStatus(page).textContent()) ?? '';
    // Count what typing changes in the page header's indicator and presence list: nothing is
    // drawn again while saves are quick (data-state, which is not drawn, follows every save).
    await page.evaluate(() => {
      const seen = { redrawn: 0, states: [] as string[] };
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          if (record.type === 'attributes') {
            seen.states.push((record.target as Element).getAttribute('data-state') ?? '');
          } else seen.redrawn += 1;
        }
      });
      for (const selector of ['.sync-status', '.presence']) {
        const element = document.querySelector(selector);
        if (element) {
          observer.observe(element, {
            subtree: true,
            childList: true,
            characterData: true,
            attributes: true,
            attributeFilter: ['data-state'],
          });
        }
      }
      Object.assign(window, { headerChanges: seen });
    });
    await placeCaretAtParagraph(page, 1);
    await page.keyboard.type('Snabbt sparat ');
    await waitForSaved(page);
    await settle(page);
    const seen = await page.evaluate(
      () =>
        (window as unknown as { headerChanges: { redrawn: number; states: string[] } })
          .headerChanges,
    );
    expect(seen.redrawn).toBe(0);
    expect(seen.states).toContain('saving');
    expect(seen.states.at(-1)).toBe('saved');
    expect(await syncStatus(page).textContent()).toBe(saved);

    // A save that lasts: data-state says so at once, the visible line after SHOW_SAVING_AFTER_MS.
    slow.hold();
    try {
      await page.keyboard.type('x');
      await expect.poll(() => syncStatus(page).getAttribute('data-state'), POLL).toBe('saving');
      await expect.poll(() => syncStatus(page).textContent(), POLL).not.toBe(saved);
      expect(await syncStatus(page).getAttribute('class')).toContain('sync-status-saving');
    } finally {
      slow.release();
    }
    await waitForSaved(page);
    await expect.poll(() => syncStatus(page).textContent(), POLL).toBe(saved);
    await page.close();
  });

  it('says saved to a commenter whose browser already holds the document', async () => {
    const commenter = await buildUser(server.storage, {
      name: 'Karin Holm',
      organisation: 'Kungliga biblioteket',
      role: 'commenter',
      documentId: demoId,
    });
    const page = await (await signedInContext(commenter.email)).newPage();
    await openDemoDocument(page, server.url);
    // Reloaded, the page applies its offline copy, and the provider sends it as an update,
    // which the server refuses on a read-only socket whatever it holds. The copy holds nothing
    // the server lacks, so it is all saved.
    await page.reload();
    await waitForSaved(page);
  });
});
