import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../server/test/factories.ts';
import { editor, launchBrowser, POLL } from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';
import { demoPageAs } from './helpers/pages.ts';

/** The gap the sidebar leaves between two cards that would touch (cardMargins.ts). */
const CARD_GAP_PX = 8;

/** How far a card may sit from where it belongs: rounding of margins and positions. */
const TOLERANCE_PX = 2;

/**
 * Every way the sidebar breaks its promise, checked in the page: each card sits level with its
 * passage, or, when the card before it is in the way, just below that card; never above it.
 * Empty when every card is where it belongs.
 */
async function misplacedCards(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ gap, tolerance }) => {
      const problems: string[] = [];
      let previousBottom: number | null = null;
      const cards = Array.from(
        document.querySelectorAll<HTMLElement>('.thread-list > .thread-chunk > .thread-card'),
      );
      for (const card of cards) {
        const id = card.dataset['threadId'] ?? '';
        const mark = document.querySelector(`mark.comment-highlight[data-thread-id="${id}"]`);
        const box = card.getBoundingClientRect();
        if (!mark) {
          problems.push(`${id}: no highlighted passage`);
          continue;
        }
        const passage = mark.getBoundingClientRect().top;
        const wanted = previousBottom === null ? passage : Math.max(passage, previousBottom + gap);
        if (Math.abs(box.top - wanted) > tolerance) {
          problems.push(`${id}: card at ${box.top}, passage at ${passage}, wanted ${wanted}`);
        }
        previousBottom = box.bottom;
      }
      return problems;
    },
    { gap: CARD_GAP_PX, tolerance: TOLERANCE_PX },
  );
}

describe('thread cards beside the text', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let eva: E2eUser;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    eva = await server.addUser('Eva Ek', 'Patent- och registreringsverket', 'editor');
    ({ context, page } = await demoPageAs(browser, server, eva));
  });

  afterAll(async () => {
    await context.close();
    await browser.close();
    await server.destroy();
  });

  it('stay level with their passages while typing above them moves the passages down', async () => {
    // Threads on the opening words of several paragraphs below the one typed into.
    const paragraphs = editor(page).locator(':scope > p');
    const cookie = await signIn(server.url, eva.email);
    const quotes: string[] = [];
    for (let index = 3; index < 9; index += 1) {
      const text = (await paragraphs.nth(index).textContent()) ?? '';
      const quote = text.split(/\s+/).slice(0, 4).join(' ');
      if (quote === '' || quotes.includes(quote)) continue;
      quotes.push(quote);
      const response = await fetch(`${server.url}/api/documents/${server.demoId}/threads`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          target: { selector: { type: 'TextQuoteSelector', exact: quote } },
          body: `Synpunkt om stycke ${index}.`,
        }),
      });
      expect(response.status, await response.text()).toBe(201);
    }
    expect(quotes.length).toBeGreaterThan(3);
    const cards = page.locator('.thread-list > .thread-chunk > .thread-card');
    await expect.poll(() => cards.count(), POLL).toBe(quotes.length);
    await expect.poll(() => misplacedCards(page), POLL).toEqual([]);

    const firstPassage = page.locator('mark.comment-highlight').first();
    const before = (await firstPassage.boundingBox())?.y ?? 0;

    // Type several lines at the end of the second paragraph, above every passage.
    await paragraphs.nth(1).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Ytterligare text som skjuter ned resten av dokumentet.'.repeat(4));

    await expect
      .poll(async () => ((await firstPassage.boundingBox())?.y ?? 0) - before, POLL)
      .toBeGreaterThan(20);
    await expect.poll(() => misplacedCards(page), POLL).toEqual([]);

    // And back up when the text is removed again.
    for (let step = 0; step < 4; step += 1) await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await expect.poll(() => misplacedCards(page), POLL).toEqual([]);
  });
});
