import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../shared/i18n/en.ts';
import { sv } from '../../shared/i18n/sv.ts';
import {
  documentText,
  editor,
  launchBrowser,
  newContext,
  openDemoDocument,
  placeCaretAtParagraph,
  POLL,
  SYNC_TIMEOUT_MS,
  syncStatus,
  waitForSaved,
} from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/** The offline status with unsaved changes, whatever their number. */
const OFFLINE_UNSENT = new RegExp(
  sv['status.offlineUnsent']
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace('\\{count\\}', '[1-9]\\d*'),
);

/** A string no other test types, so each assertion is about this test's own edit. */
function unique(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 8)}`;
}

describe('collaboration in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let anna: E2eUser;
  let bo: E2eUser;

  /** A page in a fresh browser context signed in as `user`, closed after the test. */
  async function newPage(user: E2eUser): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    await server.signIn(context, user);
    return context.newPage();
  }

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    anna = await server.addUser('Anna Lind', 'Patent- och registreringsverket');
    bo = await server.addUser('Bo Ek', 'Myndigheten för digital förvaltning');
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
    // A failed restart test must not leave the next test without a server.
    if (!server.running) await server.start();
  });

  afterAll(async () => {
    await browser.close();
    await server.destroy();
  });

  it('shows each person the other’s text and caret', async () => {
    const [alice, bob] = await Promise.all([newPage(anna), newPage(bo)]);
    await Promise.all([openDemoDocument(alice, server.url), openDemoDocument(bob, server.url)]);
    const alicesText = unique('Alfa');
    const bobsText = unique('Beta');

    await placeCaretAtParagraph(alice, 0);
    await alice.keyboard.type(`${alicesText} `);
    await placeCaretAtParagraph(bob, 2);
    await bob.keyboard.type(`${bobsText} `);

    // Each edit arrives, in the paragraph where it was typed.
    const paragraphs = (page: Page) => editor(page).locator(':scope > p');
    await expect.poll(() => paragraphs(bob).nth(0).textContent(), POLL).toContain(alicesText);
    await expect.poll(() => paragraphs(alice).nth(2).textContent(), POLL).toContain(bobsText);
    await expect.poll(() => paragraphs(alice).nth(0).textContent(), POLL).toContain(alicesText);
    await expect.poll(() => paragraphs(bob).nth(2).textContent(), POLL).toContain(bobsText);

    // Each sees the other's caret, labelled with the name, where the other is typing.
    await expect
      .poll(
        () => paragraphs(alice).nth(2).locator('.collaboration-carets__label').textContent(),
        POLL,
      )
      .toBe(bo.label);
    await expect
      .poll(
        () => paragraphs(bob).nth(0).locator('.collaboration-carets__label').textContent(),
        POLL,
      )
      .toBe(anna.label);
    // Exactly one other caret each: one's own caret is never drawn as a remote one. The caret
    // is hidden from screen readers, which would otherwise read the name as part of the text.
    for (const page of [alice, bob]) {
      const carets = editor(page).locator('.collaboration-carets__caret');
      expect(await carets.count()).toBe(1);
      expect(await carets.getAttribute('aria-hidden')).toBe('true');
    }
    // Both people are listed as present, oneself as "you".
    await expect
      .poll(() => alice.locator('.presence-list > li').allTextContents(), POLL)
      .toEqual([`${anna.label} (du)`, bo.label]);
    await expect
      .poll(() => bob.locator('.presence-list > li').allTextContents(), POLL)
      .toEqual([anna.label, `${bo.label} (du)`]);

    await Promise.all([waitForSaved(alice), waitForSaved(bob)]);
    expect(await documentText(alice)).toBe(await documentText(bob));

    const screenshotDir = process.env['REMISS_E2E_SCREENSHOTS'];
    if (screenshotDir) await alice.screenshot({ path: `${screenshotDir}/e2e-two-users.png` });
  });

  it('keeps edits made offline and merges them when the connection returns', async () => {
    const [alice, bob] = await Promise.all([newPage(anna), newPage(bo)]);
    await Promise.all([openDemoDocument(alice, server.url), openDemoDocument(bob, server.url)]);
    const bobContext = bob.context();

    await bobContext.setOffline(true);
    // The app's 'offline' listener closes the socket at once; without it the provider would
    // only notice after its 30-second heartbeat timeout.
    await bob.locator('.sync-status[data-state="offline"]').waitFor({ timeout: 5_000 });
    await expect
      .poll(() => syncStatus(bob).textContent(), POLL)
      .toBe(`${sv['status.label']}: ${sv['status.offlineSaved']}`);

    const offlineText = unique('Offline');
    await placeCaretAtParagraph(bob, 1);
    await bob.keyboard.type(`${offlineText} `);
    await expect.poll(() => syncStatus(bob).textContent(), POLL).toMatch(OFFLINE_UNSENT);
    expect(await bob.locator('.sync-status').getAttribute('data-state')).toBe('offline');

    const onlineText = unique('Online');
    await placeCaretAtParagraph(alice, 3);
    await alice.keyboard.type(`${onlineText} `);
    await waitForSaved(alice);
    // Alice's edit cannot reach Bob while he is offline, and his cannot reach her.
    expect(await documentText(bob)).not.toContain(onlineText);
    expect(await documentText(alice)).not.toContain(offlineText);

    await bobContext.setOffline(false);
    await waitForSaved(bob);
    await waitForSaved(alice);
    await expect
      .poll(() => documentText(alice), { timeout: SYNC_TIMEOUT_MS })
      .toContain(offlineText);
    await expect.poll(() => documentText(bob), { timeout: SYNC_TIMEOUT_MS }).toContain(onlineText);
    await expect
      .poll(async () => (await documentText(alice)) === (await documentText(bob)), POLL)
      .toBe(true);
  });

  it('keeps saved text across a server restart, and open pages reconnect by themselves', async () => {
    const [writer, watcher] = await Promise.all([newPage(anna), newPage(bo)]);
    await Promise.all([
      openDemoDocument(writer, server.url),
      openDemoDocument(watcher, server.url),
    ]);
    const text = unique('Omstart');
    await placeCaretAtParagraph(writer, 4);
    await writer.keyboard.type(`${text} `);
    // "Saved" means the server acknowledged the update after writing it to SQLite.
    await waitForSaved(writer);

    await server.stop();
    await expect
      .poll(() => watcher.locator('.sync-status').getAttribute('data-state'), POLL)
      .not.toBe('saved');
    await server.start();

    // A browser that never had the document locally proves the text came from the server.
    const newcomer = await newPage(anna);
    await openDemoDocument(newcomer, server.url);
    expect(await documentText(newcomer)).toContain(text);

    await writer.reload();
    await editor(writer).waitFor();
    await waitForSaved(writer);
    expect(await documentText(writer)).toContain(text);

    // The page that stayed open reconnects without a reload, and its edits are saved again.
    await waitForSaved(watcher);
    expect(await documentText(watcher)).toContain(text);
    const afterRestart = unique('Efter');
    await placeCaretAtParagraph(watcher, 5);
    await watcher.keyboard.type(`${afterRestart} `);
    await waitForSaved(watcher);
    await expect
      .poll(() => documentText(newcomer), { timeout: SYNC_TIMEOUT_MS })
      .toContain(afterRestart);
  });

  it('asks before closing a page with unsaved changes, and only then', async () => {
    const page = await newPage(anna);
    await openDemoDocument(page, server.url);
    const dialogs: Dialog[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog);
      // Staying on the page is the safe answer; the test checks the page survived.
      void dialog.dismiss();
    });

    await page.context().setOffline(true);
    await page.locator('.sync-status[data-state="offline"]').waitFor({ timeout: 5_000 });
    const text = unique('Osparad');
    await placeCaretAtParagraph(page, 1);
    await page.keyboard.type(`${text} `);
    await expect.poll(() => syncStatus(page).textContent(), POLL).toMatch(OFFLINE_UNSENT);

    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.length, POLL).toBe(1);
    expect(dialogs[0]?.type()).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    expect(await documentText(page)).toContain(text);

    // Once everything is stored, closing needs no confirmation.
    await page.context().setOffline(false);
    await waitForSaved(page);
    const closed = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    await closed;
    expect(dialogs).toHaveLength(1);
  });

  it('switches the interface to English and remembers the choice', async () => {
    const page = await newPage(anna);
    await openDemoDocument(page, server.url);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await syncStatus(page).textContent()).toContain(sv['status.saved']);

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('en');
    expect(await syncStatus(page).textContent()).toContain(en['status.saved']);
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await page.getByRole('toolbar').getAttribute('aria-label')).toBe(en['editor.toolbar']);
    expect(await editor(page).getAttribute('aria-label')).toBe(en['editor.region']);

    await page.reload();
    await editor(page).waitFor();
    await waitForSaved(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await syncStatus(page).textContent()).toContain(en['status.saved']);
    expect(await page.locator('.breadcrumbs a').textContent()).toContain(en['documents.back']);

    await page.getByRole('button', { name: 'Svenska' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('sv');
    expect(await syncStatus(page).textContent()).toContain(sv['status.saved']);
  });
});
