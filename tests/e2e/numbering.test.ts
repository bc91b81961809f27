import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/translate.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { axeViolations } from './helpers/axe.ts';
import {
  editor,
  launchBrowser,
  newContext,
  openDemoDocument,
  POLL,
  waitForSaved,
} from './helpers/browser.ts';
import { startE2eServer, type E2eServer } from './helpers/server.ts';

/** How far a margin entry may sit from its block: rounding of positions. */
const TOLERANCE_PX = 2;

interface AxNode {
  nodeId: string;
  role?: { value?: string };
  name?: { value?: string };
  childIds?: string[];
}

/**
 * What each paragraph and heading of the text shows, number included, as Chromium hands it to
 * screen readers: the numbers are CSS generated content, which no DOM property returns, and
 * the accessibility tree is where a screen reader finds them.
 */
async function renderedBlocks(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const byId = new Map(nodes.map((node) => [node.nodeId, node]));
    const textbox = nodes.find(
      (node) => node.role?.value === 'textbox' && node.name?.value === sv['editor.region'],
    );
    const texts = (node: AxNode): string =>
      node.role?.value === 'StaticText'
        ? (node.name?.value ?? '')
        : (node.childIds ?? []).map((id) => texts(byId.get(id) ?? { nodeId: id })).join('');
    return (textbox?.childIds ?? [])
      .map((id) => byId.get(id))
      .filter(
        (node): node is AxNode =>
          node !== undefined && ['paragraph', 'heading'].includes(node.role?.value ?? ''),
      )
      .map(texts);
  } finally {
    await cdp.detach();
  }
}

/**
 * Every paragraph and heading whose shown number is not the one the margin (the shared
 * numbering) gives it, or whose margin entry is not level with it. Empty when all agree.
 */
async function wrongNumbers(page: Page): Promise<string[]> {
  const blocks = await editor(page).evaluate((element, tolerance) => {
    const withoutCarets = (block: Element): string => {
      const copy = block.cloneNode(true);
      if (!(copy instanceof Element)) return '';
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent;
    };
    // Every top-level block but a title (h1) is numbered and has a margin entry, in order.
    const entries = document.querySelectorAll('.margin-entry');
    let numbered = 0;
    return Array.from(element.children, (child) => {
      const tag = child.tagName.toLowerCase();
      const entry = tag === 'h1' ? undefined : entries[numbered];
      if (tag !== 'h1') numbered += 1;
      const entryTop = entry?.getBoundingClientRect().top;
      return {
        tag,
        // Other people's carets are hidden from screen readers, so from the text read out too.
        text: withoutCarets(child),
        label: entry?.querySelector('.margin-number')?.textContent ?? null,
        level:
          entryTop !== undefined &&
          Math.abs(entryTop - child.getBoundingClientRect().top) <= tolerance,
      };
    }).filter((block) => block.tag === 'p' || /^h[1-4]$/.test(block.tag));
  }, TOLERANCE_PX);
  const rendered = await renderedBlocks(page);
  const problems: string[] = [];
  if (rendered.length !== blocks.length) {
    problems.push(`${rendered.length} blocks read out, ${blocks.length} in the text`);
  }
  blocks.forEach((block, index) => {
    // A title (h1) has no number and no margin entry of its own.
    const wanted = block.tag === 'h1' ? block.text : `${block.label ?? '?'}${block.text}`;
    if (rendered[index] !== wanted) problems.push(`${index}: "${rendered[index]}" ≠ "${wanted}"`);
    if (block.tag !== 'h1' && !block.level) problems.push(`${index}: margin entry not level`);
  });
  return problems;
}

async function labels(page: Page): Promise<string[]> {
  return page.locator('.margin-number').allTextContents();
}

describe('paragraph numbers', () => {
  let server: E2eServer;
  let browser: Browser;
  let contexts: BrowserContext[];
  let page: Page;
  let other: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const eva = await server.addUser('Eva Ek', 'Patent- och registreringsverket', 'editor');
    const olof = await server.addUser('Olof Ås', 'Skatteverket', 'editor');
    contexts = [await newContext(browser), await newContext(browser)];
    const [first, second] = contexts;
    if (!first || !second) throw new Error('no browser context');
    await server.signIn(first, eva);
    await server.signIn(second, olof);
    page = await first.newPage();
    other = await second.newPage();
    await openDemoDocument(page, server.url);
    await openDemoDocument(other, server.url);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await server.destroy();
  });

  it('show the shared numbering beside every block, and follow splits, joins and remote edits', async () => {
    await expect.poll(() => page.locator('.margin-number').count(), POLL).toBeGreaterThan(5);
    await expect.poll(() => wrongNumbers(page), POLL).toEqual([]);
    const before = await labels(page);

    // Split a paragraph: it and every later one in its section get the next number.
    const paragraphs = editor(page).locator(':scope > p');
    await paragraphs.nth(2).click({ position: { x: 40, y: 8 } });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await labels(page)).length, POLL).toBe(before.length + 1);
    await expect.poll(() => wrongNumbers(page), POLL).toEqual([]);

    // Join it again: the numbers are as they were.
    await page.keyboard.press('Backspace');
    await expect.poll(() => labels(page), POLL).toEqual(before);
    await expect.poll(() => wrongNumbers(page), POLL).toEqual([]);
    await waitForSaved(page);

    // Someone else splits a paragraph: the numbers here follow.
    await editor(other)
      .locator(':scope > p')
      .nth(1)
      .click({ position: { x: 40, y: 8 } });
    await other.keyboard.press('Enter');
    await expect.poll(async () => (await labels(page)).length, POLL).toBe(before.length + 1);
    await expect.poll(() => wrongNumbers(page), POLL).toEqual([]);
    await other.keyboard.press('Backspace');
    await expect.poll(() => labels(page), POLL).toEqual(before);
    await waitForSaved(other);
  });

  it('number a paragraph turned into a heading as a section of its own', async () => {
    const before = await labels(page);
    const paragraphs = editor(page).locator(':scope > p');
    await paragraphs.nth(3).click({ position: { x: 40, y: 8 } });
    await page
      .getByRole('button', { name: translate('sv', 'editor.heading', { level: 2 }), exact: true })
      .click();
    await expect.poll(() => labels(page), POLL).not.toEqual(before);
    await expect.poll(() => wrongNumbers(page), POLL).toEqual([]);
    // The new section's number is on the heading, and the paragraphs after it count from 1.
    const after = await labels(page);
    expect(after.filter((label) => !label.includes('¶')).length).toBe(
      before.filter((label) => !label.includes('¶')).length + 1,
    );
    await page.getByRole('button', { name: sv['editor.paragraph'], exact: true }).click();
    await expect.poll(() => labels(page), POLL).toEqual(before);
    await expect.poll(() => wrongNumbers(page), POLL).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });
});
