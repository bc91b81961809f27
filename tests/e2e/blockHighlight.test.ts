import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sv } from '../../shared/i18n/sv.ts';
import { axeViolations } from './helpers/axe.ts';
import { editor, launchBrowser, openDemoDocument, POLL, waitForSaved } from './helpers/browser.ts';
import { startE2eServer, type E2eServer } from './helpers/server.ts';
import { demoPageAs } from './helpers/pages.ts';

/** A highlighted block's background, and the active one's (highlightSheets.ts). */
const BLOCK_BACKGROUND = 'rgb(255, 241, 184)';
const ACTIVE_BACKGROUND = 'rgb(255, 213, 79)';

const background = (locator: ReturnType<Page['locator']>) =>
  locator.evaluate((element) => getComputedStyle(element).backgroundColor);

/** The paragraph commented as a whole in these tests. */
const PARAGRAPH = 2;

/** Starts counting the nodes added to or removed from `element`'s subtree while typing. */
async function watchRedraws(page: Page, paragraph: ReturnType<Page['locator']>): Promise<void> {
  await paragraph.evaluate((element) => {
    const seen: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) if (record.type === 'childList') seen.push(record.type);
    });
    observer.observe(element, { childList: true, subtree: true });
    Object.assign(window, { redraws: { seen, observer } });
  });
}

/** How many node insertions or removals {@link watchRedraws} saw, and stops watching. */
async function redraws(page: Page): Promise<number> {
  return page.evaluate(() => {
    const watch = (window as unknown as { redraws: { seen: string[]; observer: MutationObserver } })
      .redraws;
    watch.observer.disconnect();
    return watch.seen.length;
  });
}

describe('a thread on a whole block', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let threadId = '';

  const block = () => editor(page).locator(':scope > p').nth(PARAGRAPH);

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const eva = await server.addUser('Eva Ek', 'Patent- och registreringsverket', 'editor');
    ({ context, page } = await demoPageAs(browser, server, eva));
    // Comment on the paragraph through its number in the margin, as a user would.
    const numbers = page.locator('.margin-number');
    const label = await page.evaluate(
      ({ index }) => {
        const editorElement = document.querySelector('.ProseMirror');
        const blocks = Array.from(editorElement?.children ?? []).filter((c) => c.tagName !== 'H1');
        const target = editorElement?.querySelectorAll(':scope > p')[index];
        return target ? blocks.indexOf(target) : -1;
      },
      { index: PARAGRAPH },
    );
    expect(label).toBeGreaterThanOrEqual(0);
    await numbers.nth(label).click();
    const composer = page.locator('.comment-composer');
    await composer.getByLabel(sv['comments.stance']).selectOption('question');
    await composer.getByLabel(sv['comments.body'], { exact: true }).fill('Hela stycket.');
    await composer.getByRole('button', { name: sv['comments.publish'] }).click();
    await page.locator('.thread-card').first().waitFor({ timeout: POLL.timeout });
    threadId = (await page.locator('.thread-card').getAttribute('data-thread-id')) ?? '';
  });

  afterAll(async () => {
    await context.close();
    await browser.close();
    await server.destroy();
  });

  it('is drawn on the block itself, by its id, with no mark inside', async () => {
    // The thread just published is the active one.
    await expect.poll(() => background(block()), POLL).toBe(ACTIVE_BACKGROUND);
    // Styled by a rule on its id, not drawn by ProseMirror (see Highlights in mapHighlights.ts).
    expect(await block().getAttribute('data-id')).toBeTruthy();
    expect(await block().getAttribute('class')).toBeNull();
    expect(await block().locator('mark').count()).toBe(0);
    // Its neighbours are not highlighted.
    expect(
      await background(
        editor(page)
          .locator(':scope > p')
          .nth(PARAGRAPH + 1),
      ),
    ).toBe('rgba(0, 0, 0, 0)');
  });

  it('takes in text typed into it without drawing the block again', async () => {
    const box = await block().boundingBox();
    expect(box).not.toBeNull();
    await block().click({ position: { x: 4, y: 8 } });
    await page.keyboard.press('End');
    // Typing into it must change the text in place.
    await watchRedraws(page, block());
    await page.keyboard.type(' Tillägg');
    await waitForSaved(page);
    const replaced = await redraws(page);
    expect(await block().textContent()).toContain(' Tillägg');
    expect(await background(block())).toBe(ACTIVE_BACKGROUND);
    expect(replaced).toBe(0);
  });

  it('activates its thread when clicked, and shows it as active', async () => {
    // A fresh page has no active thread; clicking the block activates its thread.
    await openDemoDocument(page, server.url);
    await block().waitFor({ timeout: POLL.timeout });
    expect(await page.locator('.thread-card.is-active').count()).toBe(0);
    await expect.poll(() => background(block()), POLL).toBe(BLOCK_BACKGROUND);
    await block().click({ position: { x: 20, y: 8 } });
    await expect
      .poll(
        () => page.locator(`.thread-card.is-active[data-thread-id="${threadId}"]`).count(),
        POLL,
      )
      .toBe(1);
    await expect.poll(() => background(block()), POLL).toBe(ACTIVE_BACKGROUND);
  });

  it('takes the highlight away while a filter hides its thread, and gives it back', async () => {
    // The thread is open: showing resolved threads only leaves its block without a highlight,
    // so the block's rule is deleted from the sheet, and added again when the filter is cleared.
    await page.getByLabel(sv['comments.filter.status']).selectOption('resolved');
    await expect.poll(() => background(block()), POLL).toBe('rgba(0, 0, 0, 0)');
    await page.getByLabel(sv['comments.filter.status']).selectOption('');
    await expect.poll(() => background(block()), POLL).not.toBe('rgba(0, 0, 0, 0)');
    expect([BLOCK_BACKGROUND, ACTIVE_BACKGROUND]).toContain(await background(block()));
  });

  it('highlights both halves when the block is split, the new half by its new id', async () => {
    await block().click({ position: { x: 20, y: 8 } });
    await page.keyboard.press('End');
    for (let step = 0; step < 4; step += 1) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await waitForSaved(page);
    const second = editor(page)
      .locator(':scope > p')
      .nth(PARAGRAPH + 1);
    await expect
      .poll(() => second.getAttribute('data-id'), POLL)
      .not.toBe(await block().getAttribute('data-id'));
    // The thread is still active, so both halves show as active.
    await expect.poll(() => background(second), POLL).toBe(ACTIVE_BACKGROUND);
    expect(await background(block())).toBe(ACTIVE_BACKGROUND);
  });

  it('has no WCAG 2.1 AA violations', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });
});
