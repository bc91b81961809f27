import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sv } from '../../shared/i18n/sv.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { axeViolations } from './helpers/axe.ts';
import {
  chooseLanguage,
  editor,
  languageButton,
  launchBrowser,
  newContext,
  openDemoDocument,
  placeCaretAtParagraph,
  POLL,
  waitForSaved,
} from './helpers/browser.ts';
import { DEMO_TITLE, startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/**
 * Longer than a save state must hold before the editor announces it (ANNOUNCE_AFTER_MS in
 * client/src/editor/SyncStatus.tsx), so that anything that would be announced has been.
 */
const ANNOUNCE_SETTLED_MS = 1_500;

/**
 * Starts recording the text of the element matching `selector`, and returns a function that
 * reads the record: one entry each time the text changes. For a live region, that is each time
 * a screen reader speaks.
 */
async function recordTextChanges(page: Page, selector: string): Promise<() => Promise<string[]>> {
  const key = `remissRecord:${selector}`;
  await page.evaluate(
    ({ selector, key }) => {
      const element = document.querySelector(selector);
      if (!element) throw new Error(`nothing matches ${selector}`);
      const texts: string[] = [];
      Reflect.set(window, key, texts);
      new MutationObserver(() => {
        if (texts.at(-1) !== element.textContent) texts.push(element.textContent);
      }).observe(element, { childList: true, characterData: true, subtree: true });
    },
    { selector, key },
  );
  return () =>
    page.evaluate((key) => {
      const texts: unknown = Reflect.get(window, key);
      return Array.isArray(texts) ? texts.map(String) : [];
    }, key);
}

/** The element that has keyboard focus, described by tag, id and class. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return 'nothing';
    return `${element.tagName.toLowerCase()}#${element.id}.${element.className}`;
  });
}

describe('accessibility', () => {
  let server: E2eServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let anna: E2eUser;
  let bo: E2eUser;

  /** A page in a fresh browser context, signed in as `user` if given, closed after the test. */
  async function newPage(user: E2eUser | null): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    if (user) await server.signIn(context, user);
    return context.newPage();
  }

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    // An owner sees every control the editor page has, including the members dialog.
    anna = await server.addUser('Anna Lind', 'Patent- och registreringsverket', 'owner');
    bo = await server.addUser('Bo Ek', 'Myndigheten för digital förvaltning');
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser.close();
    await server.destroy();
  });

  it('the sign-in page has no WCAG 2.1 AA violations (sv and en)', async () => {
    const page = await newPage(null);
    await page.goto(server.url);
    for (const locale of ['sv', 'en'] as const) {
      await chooseLanguage(page, locale);
      await page.getByLabel(translate(locale, 'auth.password'), { exact: true }).waitFor();
      expect(await axeViolations(page), locale).toEqual([]);
    }
  });

  for (const locale of ['sv', 'en'] as const) {
    it(`the document list has no WCAG 2.1 AA violations (${locale})`, async () => {
      const page = await newPage(anna);
      await page.goto(server.url);
      await chooseLanguage(page, locale);
      await page.getByRole('link', { name: DEMO_TITLE }).waitFor();
      // The mouse rests on the pressed language button: hover must not spoil its contrast.
      await languageButton(page, locale).hover();
      expect(await axeViolations(page)).toEqual([]);

      // The rename form replaces the title cell; it must be labelled too.
      await page
        .getByRole('button', { name: `${translate(locale, 'documents.rename')}: ${DEMO_TITLE}` })
        .click();
      await page.getByRole('textbox', { name: DEMO_TITLE }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });

    it(`the editor has no WCAG 2.1 AA violations, with another person present (${locale})`, async () => {
      const [page, other] = await Promise.all([newPage(anna), newPage(bo)]);
      await page.goto(server.url);
      await chooseLanguage(page, locale);
      await Promise.all([openDemoDocument(page, server.url), openDemoDocument(other, server.url)]);
      // The other person's caret and name label are drawn inside the text; axe checks them too.
      await placeCaretAtParagraph(other, 1);
      await editor(page).locator('.collaboration-carets__label').waitFor();
      await page.locator('.presence-list > li').nth(1).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // The link form opened from the toolbar.
      await placeCaretAtParagraph(page, 0);
      await page
        .getByRole('toolbar')
        .getByRole('button', { name: translate(locale, 'editor.link'), exact: true })
        .click();
      await page.locator('.link-form input').waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // The members dialog, as its owner sees it.
      await page.getByRole('button', { name: translate(locale, 'members.button') }).click();
      await page.getByRole('dialog').getByRole('heading').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  it('announces changes of save state, not every keystroke or count of unsent changes', async () => {
    const page = await newPage(bo);
    await openDemoDocument(page, server.url);
    const status = (key: 'status.saved' | 'status.offline' | 'status.offlineSaved') =>
      `${sv['status.label']}: ${sv[key]}`;
    await expect
      .poll(() => page.locator('.sync-announcement').textContent(), POLL)
      .toBe(status('status.saved'));
    const announced = await recordTextChanges(page, '.sync-announcement');

    // Online, every keystroke flips "saving" and "saved"; a screen reader hears none of it. On
    // a slow machine one save may last long enough to be announced, and its "saved" after it.
    await placeCaretAtParagraph(page, 2);
    await page.keyboard.type('Tyst skrivande ', { delay: 20 });
    await waitForSaved(page);
    await page.waitForTimeout(ANNOUNCE_SETTLED_MS);
    const whileTyping = await announced();
    expect(whileTyping.length).toBeLessThanOrEqual(2);
    expect(whileTyping.at(-1) ?? status('status.saved')).toBe(status('status.saved'));

    // Offline, the visible count changes with every keystroke, but the announcement is said once.
    await page.context().setOffline(true);
    await expect.poll(announced, POLL).toEqual([...whileTyping, status('status.offlineSaved')]);
    const shown = await recordTextChanges(page, '.sync-status');
    await page.keyboard.type('offline', { delay: 20 });
    await expect.poll(async () => (await shown()).length, POLL).toBeGreaterThan(3);
    await page.waitForTimeout(ANNOUNCE_SETTLED_MS);
    expect(await announced()).toEqual([
      ...whileTyping,
      status('status.offlineSaved'),
      status('status.offline'),
    ]);

    await page.context().setOffline(false);
    await waitForSaved(page);
    await expect.poll(async () => (await announced()).at(-1), POLL).toBe(status('status.saved'));
  });

  it('reaches the skip link first with Tab, and the skip link moves focus to the content', async () => {
    const page = await newPage(anna);
    const pages = [
      {
        name: 'document list',
        open: () => page.goto(server.url),
        content: page.getByRole('table'),
      },
      {
        name: 'editor',
        // Load the editor's own URL, so Tab starts from the top of a fresh page.
        open: async () => {
          await openDemoDocument(page, server.url);
          await page.reload();
        },
        content: editor(page),
      },
    ];
    for (const { name, open, content } of pages) {
      await open();
      await content.waitFor();

      await page.keyboard.press('Tab');
      expect(await focused(page), name).toBe('a#.skip-link');
      const skipLink = page.locator('.skip-link');
      expect(await skipLink.textContent(), name).toBe(sv['app.skipToContent']);
      // Off screen until focused, then visible (WCAG 2.4.7).
      const box = await skipLink.boundingBox();
      expect(box?.y ?? -1, name).toBeGreaterThanOrEqual(0);

      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), { ...POLL, message: name }).toBe('main#main.');
      // The next Tab continues inside main, past the header's links and buttons.
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => document.querySelector('main')?.contains(document.activeElement)),
        name,
      ).toBe(true);
    }
  });
});
