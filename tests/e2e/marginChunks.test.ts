import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARGIN_CHUNK_ENTRIES } from '../../client/src/editor/comments/marginChunks.ts';
import { axeViolations } from './helpers/axe.ts';
import {
  editor,
  launchBrowser,
  placeCaretAtParagraph,
  POLL,
  waitForSaved,
} from './helpers/browser.ts';
import { startE2eServer, type E2eServer } from './helpers/server.ts';
import { demoPageAs } from './helpers/pages.ts';

/** How far a margin entry may sit from its block: rounding of positions. */
const TOLERANCE_PX = 2;

/** Paragraphs added to the demo draft, so that its margin spans several chunks. */
const ADDED = MARGIN_CHUNK_ENTRIES + 8;

/**
 * Each numbered block's margin entry: its label, whether it is level with its block, and
 * whether the browser is skipping it (its chunk is off screen). Reading a box in a skipped chunk
 * lays it out on demand, so a skipped entry's place is what the chunks above it give it.
 */
async function entries(
  page: Page,
): Promise<{ label: string; level: boolean; skipped: boolean; text: string }[]> {
  return editor(page).evaluate((element, tolerance) => {
    const margin = Array.from(document.querySelectorAll('.margin-entry'));
    const blocks = Array.from(element.children).filter((child) => child.tagName !== 'H1');
    return blocks.map((block, index) => {
      const entry = margin[index];
      const top = entry?.getBoundingClientRect().top;
      return {
        label: entry?.querySelector('.margin-number')?.textContent ?? '',
        level: top !== undefined && Math.abs(top - block.getBoundingClientRect().top) <= tolerance,
        skipped: entry ? !entry.checkVisibility({ contentVisibilityAuto: true }) : false,
        text: block.textContent,
      };
    });
  }, TOLERANCE_PX);
}

describe('the margin of a long draft, drawn in chunks', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const eva = await server.addUser('Eva Ek', 'Patent- och registreringsverket', 'editor');
    ({ context, page } = await demoPageAs(browser, server, eva));
    // Paragraphs at the end, so that the last chunks are far below the screen.
    await editor(page).locator(':scope > p').last().click();
    await page.keyboard.press('Control+End');
    for (let index = 1; index <= ADDED; index += 1) {
      await page.keyboard.press('Enter');
      await page.keyboard.type(`Tillägg ${index}`);
    }
    await waitForSaved(page);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  afterAll(async () => {
    await context.close();
    await browser.close();
    await server.destroy();
  });

  it('keeps every entry level with its block, skipped chunks included', async () => {
    expect(await page.locator('.margin-chunk').count()).toBeGreaterThan(1);
    await expect
      .poll(async () => (await entries(page)).filter((entry) => !entry.level), POLL)
      .toEqual([]);
    // The proof is worth something only if some entries were off screen and skipped.
    expect((await entries(page)).some((entry) => entry.skipped)).toBe(true);
  });

  it('comments on the block clicked, after typing above it moved every block below', async () => {
    await placeCaretAtParagraph(page, 1);
    await page.keyboard.type('Först ');
    await waitForSaved(page);
    const last = (await entries(page)).at(-1);
    expect(last?.text).toBe(`Tillägg ${ADDED}`);
    await page.locator('.margin-number').last().click();
    await expect.poll(() => page.locator('.composer-quote').textContent(), POLL).toBe(last?.text);
    await page.keyboard.press('Escape');
  });

  it('moves focus to the last and first numbers with End and Home, bringing them into view', async () => {
    const labels = (await entries(page)).map((entry) => entry.label);
    await page.locator('.margin-number').first().focus();
    await page.keyboard.press('End');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), POLL)
      .toBe(labels.at(-1));
    await expect(
      page.evaluate(() => document.activeElement?.checkVisibility({ contentVisibilityAuto: true })),
    ).resolves.toBe(true);
    await expect.poll(() => page.locator('.margin-number:focus').isVisible(), POLL).toBe(true);
    await page.keyboard.press('Home');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), POLL)
      .toBe(labels[0]);
  });

  it('has no WCAG 2.1 AA violations with the margin in chunks', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });
});
