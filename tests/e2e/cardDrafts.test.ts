import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChunkBoundary } from '../../client/src/comments/cardChunks.ts';
import { threadSchema } from '../../shared/api/comments.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { signIn } from '../../server/test/factories.ts';
import { editor, launchBrowser, POLL } from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';
import { demoPageAs } from './helpers/pages.ts';

/**
 * The most threads made while looking for one whose id starts a chunk; one in 32 does, so 300
 * fail to find one about once in 15,000 runs.
 */
const MAX_CANDIDATES = 300;

/**
 * Threads one helper account starts before the next takes over: below COMMENTS_PER_MINUTE, so
 * the search for a boundary is not refused.
 */
const THREADS_PER_HELPER = 25;

/** Words per quoted passage: enough to be unique in the demo draft, few enough for many. */
const QUOTE_WORDS = 3;

describe('thread cards keep what is typed in them when the list changes', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let eva: E2eUser;
  let bo: E2eUser;
  let page: Page;

  const cookies = new Map<string, string>();

  /** Starts a thread on `quote` as `user`, as a second person or a script would. */
  async function startThread(
    user: E2eUser,
    quote: string,
    body: string,
    proposal?: string,
  ): Promise<string> {
    const cookie = cookies.get(user.id) ?? (await signIn(server.url, user.email));
    cookies.set(user.id, cookie);
    const response = await fetch(`${server.url}/api/documents/${server.demoId}/threads`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        target: { selector: { type: 'TextQuoteSelector', exact: quote } },
        body,
        ...(proposal === undefined ? {} : { proposal: { text: proposal } }),
      }),
    });
    expect(response.status, `${quote}: ${response.status}`).toBe(201);
    return threadSchema.parse(await response.json()).id;
  }

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    eva = await server.addUser('Eva Ek', 'Patent- och registreringsverket', 'editor');
    bo = await server.addUser('Bo Ström', 'Myndigheten för digital förvaltning', 'commenter');
    ({ context, page } = await demoPageAs(browser, server, eva));
  });

  afterAll(async () => {
    await context.close();
    await browser.close();
    await server.destroy();
  });

  it('keeps an open reply draft and its focus when the card moves to another chunk', async () => {
    // Passages of a few words, each once in the draft, in document order; the second paragraph
    // is kept for the thread added above.
    const paragraphs = await editor(page)
      .locator(':scope > p')
      .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));
    const whole = paragraphs.join('\n');
    const [, above] = paragraphs;
    const aboveQuote = (above ?? '').split(/\s+/).slice(0, QUOTE_WORDS).join(' ');
    expect(aboveQuote.split(' ')).toHaveLength(QUOTE_WORDS);
    // One passage per line of text: cards on one line are ordered oldest first, which would put
    // an older thread before the one sought below.
    const passages = await editor(page)
      .locator(':scope > p')
      .evaluateAll((nodes, words) => {
        const quotes: string[] = [];
        let lastTop: number | null = null;
        for (const node of nodes.slice(3)) {
          const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
          for (let text = walker.nextNode(); text !== null; text = walker.nextNode()) {
            const content = text.textContent ?? '';
            const pattern = new RegExp(`\\S+(?:\\s+\\S+){${words - 1}}`, 'g');
            for (const match of content.matchAll(pattern)) {
              const range = document.createRange();
              range.setStart(text, match.index);
              range.setEnd(text, match.index + match[0].length);
              const rects = range.getClientRects();
              const top = rects[0]?.top;
              if (rects.length !== 1 || top === undefined || top === lastTop) continue;
              lastTop = top;
              quotes.push(match[0]);
            }
          }
        }
        return quotes;
      }, QUOTE_WORDS);
    const unique = passages.filter((quote) => whole.indexOf(quote) === whole.lastIndexOf(quote));

    // Threads from the end of the draft upwards, until one's id starts a chunk (cardChunks.ts):
    // that thread is then first in the list, in the first chunk. A thread added above it makes
    // it the start of a chunk of its own, a new element to React.
    let target: string | null = null;
    let made = 0;
    let helper = bo;
    for (const quote of unique.slice().reverse()) {
      if (made >= MAX_CANDIDATES) break;
      if (made % THREADS_PER_HELPER === 0) {
        helper = await server.addUser(`Hjälp ${made}`, 'Testmyndigheten', 'commenter');
      }
      made += 1;
      // Each with new wording, so the card found has a proposal to reject as well.
      const id = await startThread(helper, quote, `Synpunkt ${made}.`, `Ny lydelse ${made}`);
      if (isChunkBoundary(id)) {
        target = id;
        break;
      }
    }
    if (target === null) throw new Error(`no chunk boundary among ${made} threads`);
    const cards = page.locator('.thread-list .thread-card');
    await expect.poll(() => cards.count(), POLL).toBe(made);
    const card = page.locator(`.thread-card[data-thread-id="${target}"]`);
    // Placed once the text's layout has its passage.
    await expect.poll(() => cards.first().getAttribute('data-thread-id'), POLL).toBe(target);

    // Open it, start rejecting its proposal with a reason, and start a reply, typed, so the
    // caret is in the reply box.
    await card.locator('.thread-toggle').click();
    await card.getByRole('button', { name: sv['proposals.reject'] }).click();
    const rejectReason = card.getByLabel(sv['proposals.rejectReason']);
    const reasonDraft = 'Skälet är inte skickat än';
    await rejectReason.fill(reasonDraft);
    const reply = card.getByLabel(sv['comments.reply'], { exact: true });
    await reply.click();
    const draft = 'Ett svar som inte är skickat än';
    await page.keyboard.type(draft);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    // A mark React does not know of, to tell whether the card's element is replaced.
    await card.evaluate((element) => element.setAttribute('data-probe', 'old'));

    await startThread(bo, aboveQuote, 'En tråd ovanför.');
    await expect.poll(() => cards.count(), POLL).toBe(made + 1);
    await expect.poll(() => cards.first().getAttribute('data-thread-id'), POLL).not.toBe(target);

    // The card was mounted anew (else this test would prove nothing) ...
    expect(await card.getAttribute('data-probe')).toBeNull();
    // ... and is still open, with the draft, the focus and the caret where they were.
    expect(await card.locator('.thread-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await reply.inputValue()).toBe(draft);
    expect(await rejectReason.inputValue()).toBe(reasonDraft);
    const focus = await page.evaluate(() => {
      const element = document.activeElement;
      return element instanceof HTMLTextAreaElement
        ? {
            thread: element.closest<HTMLElement>('.thread-card')?.dataset['threadId'] ?? null,
            start: element.selectionStart,
            end: element.selectionEnd,
          }
        : null;
    });
    expect(focus).toEqual({ thread: target, start: draft.length - 2, end: draft.length - 2 });

    // Typing goes on where it stopped, and the draft is sent whole.
    await page.keyboard.press('End');
    await page.keyboard.type('.');
    await card.getByRole('button', { name: sv['comments.sendReply'] }).click();
    await expect.poll(() => card.locator('.thread-comments > li').count(), POLL).toBe(2);
    expect(await card.locator('.thread-comments').textContent()).toContain(`${draft}.`);
    expect(await reply.inputValue()).toBe('');
  });

  it('forgets a draft when its card is closed, as before', async () => {
    const card = page.locator('.thread-card.is-active');
    const reply = card.getByLabel(sv['comments.reply'], { exact: true });
    await reply.fill('Skrivet och bortglömt');
    const id = await card.getAttribute('data-thread-id');
    await card.locator('.thread-toggle').click();
    const closed = page.locator(`.thread-card[data-thread-id="${id ?? ''}"]`);
    await expect
      .poll(() => closed.locator('.thread-toggle').getAttribute('aria-expanded'), POLL)
      .toBe('false');
    await closed.locator('.thread-toggle').click();
    expect(await closed.getByLabel(sv['comments.reply'], { exact: true }).inputValue()).toBe('');
  });
});
