import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../server/test/chromium.ts';
import { translate, type Locale } from '../../../shared/i18n/translate.ts';
import { DEMO_TITLE } from './server.ts';

/** The system Chromium; tests never download browsers. */
export { CHROMIUM_PATH };

/**
 * How long to wait for the app to connect and store changes. Generous, because after a server
 * restart the provider may be in its back-off between reconnection attempts.
 */
export const SYNC_TIMEOUT_MS = 30_000;

/**
 * Options for `expect.poll` on browser state. Vitest's default of one second is too short on a
 * busy two-core CI machine for a change to travel from one browser through the server to another.
 */
export const POLL = { timeout: 10_000, interval: 50 } as const;

/**
 * Launches the system Chromium headless, with the flags the bench uses too (each explained in
 * server/test/chromium.ts).
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

/**
 * A fresh browser context: its own storage, so its own IndexedDB copy of documents and its own
 * language choice, as a second person on another computer would have. The viewport is wide
 * enough for the editor's two-column layout.
 */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
}

/** The save status line of the editor page. */
export function syncStatus(page: Page): Locator {
  return page.locator('.sync-status');
}

/** The editable document text. */
export function editor(page: Page): Locator {
  return page.locator('.ProseMirror');
}

/**
 * Waits until the editor reports that every change is stored on the server. It first lets the
 * page render once more: right after typing, React may not yet have shown the "saving" state, and
 * a stale "saved" would let a test go on before the server has the last keystrokes.
 */
export async function waitForSaved(page: Page, timeout = SYNC_TIMEOUT_MS): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => setTimeout(resolve, 0));
      }),
  );
  await page.locator('.sync-status[data-state="saved"]').waitFor({ timeout });
}

/**
 * Opens the app at `baseUrl`, follows the link to the seeded demo draft from the document list,
 * and waits until the editor has synced with the server.
 */
export async function openDemoDocument(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('link', { name: DEMO_TITLE }).click();
  await editor(page).waitFor();
  await waitForSaved(page);
}

/**
 * The document text as the user reads it: the editor's textContent without other people's
 * caret labels, which the caret extension draws inside the editable element. Two pages show
 * the same document exactly when these strings are equal.
 */
export async function documentText(page: Page): Promise<string> {
  return editor(page).evaluate((element) => {
    const copy = element.cloneNode(true);
    if (!(copy instanceof HTMLElement)) return '';
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent;
  });
}

/**
 * Puts the caret at the start of the `index`th top-level paragraph of the document, by clicking
 * its first line and pressing Home, as a user would.
 */
export async function placeCaretAtParagraph(page: Page, index: number): Promise<void> {
  await editor(page)
    .locator(':scope > p')
    .nth(index)
    .click({ position: { x: 2, y: 8 } });
  await page.keyboard.press('Home');
}

/** The header button that switches the UI to `locale`. */
export function languageButton(page: Page, locale: Locale): Locator {
  return page.getByRole('button', {
    name: translate(locale, locale === 'sv' ? 'app.language.sv' : 'app.language.en'),
  });
}

/** Sets the UI language the way a user does, with the switch in the header. */
export async function chooseLanguage(page: Page, locale: Locale): Promise<void> {
  await languageButton(page, locale).click();
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
}
