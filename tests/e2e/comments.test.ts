import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../server/test/factories.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { axeViolations } from './helpers/axe.ts';
import { editor, launchBrowser, newContext, openDemoDocument, POLL } from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/** The promise of issue 4: new and changed comments reach everyone connected within a second. */
const LIVE_WITHIN_MS = 1_000;

/** The thread card whose text contains `text`. */
function card(page: Page, text: string): Locator {
  return page.locator('.thread-card', { hasText: text });
}

/** The polite live region of the comment sidebar. */
function liveRegion(page: Page): Locator {
  return page.locator('.comment-sidebar > [role="status"]');
}

/** A description of the focused element, for following keyboard focus. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return 'nothing';
    return `${element.tagName.toLowerCase()}.${element.className}`;
  });
}

/** Presses Tab until `done` says focus has arrived, at most `limit` times. */
async function tabUntil(page: Page, done: (where: string) => boolean, limit = 40): Promise<void> {
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press('Tab');
    if (done(await focused(page))) return;
  }
  throw new Error(`focus never arrived; it is on ${await focused(page)}`);
}

/** A string no other test writes, so each assertion is about this test's own comment. */
function unique(label: string): string {
  return `${label} ${Math.random().toString(36).slice(2, 8)}`;
}

describe('comments in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let eva: E2eUser;
  let carl: E2eUser;
  let editorPage: Page;
  let commenterPage: Page;
  /** A word only the first thread contains, to find its card. */
  let firstToken: string;
  /** The body of the first thread's opening comment. */
  let firstComment: string;

  async function openAs(user: E2eUser): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    await server.signIn(context, user);
    const page = await context.newPage();
    await openDemoDocument(page, server.url);
    return page;
  }

  /** Sends a request to the API as `user`, the way a script would (cookie, no Origin). */
  async function api(user: E2eUser, method: string, path: string, body?: unknown) {
    const cookie = await signIn(server.url, user.email);
    const response = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
    return response.status === 204 ? null : ((await response.json()) as unknown);
  }

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    eva = await server.addUser('Eva Ek', 'Patent- och registreringsverket', 'editor');
    carl = await server.addUser('Carl Berg', 'Myndigheten för digital förvaltning', 'commenter');
    [editorPage, commenterPage] = await Promise.all([openAs(eva), openAs(carl)]);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser.close();
    await server.destroy();
  });

  it('a commenter comments on a selected passage and an editor sees it within a second', async () => {
    // Select the start of a paragraph with the mouse, in the read-only text. One well below the
    // top, so that its card has room to line up with it.
    const paragraph = editor(commenterPage).locator(':scope > p').nth(4);
    await paragraph.scrollIntoViewIfNeeded();
    const box = await paragraph.boundingBox();
    if (!box) throw new Error('the paragraph is not on screen');
    await commenterPage.mouse.move(box.x + 2, box.y + 10);
    await commenterPage.mouse.down();
    await commenterPage.mouse.move(box.x + 180, box.y + 10, { steps: 5 });
    await commenterPage.mouse.up();
    const quote = await commenterPage.evaluate(() => window.getSelection()?.toString() ?? '');
    expect(quote.length).toBeGreaterThan(3);

    await commenterPage.getByRole('button', { name: sv['comments.comment'], exact: true }).click();
    const composer = commenterPage.locator('.comment-composer');
    await composer.getByLabel(sv['comments.stance']).selectOption('question');
    firstToken = unique('Vad menas här?');
    firstComment = `${firstToken} Se https://www.digg.se.`;
    await composer.getByLabel(sv['comments.body'], { exact: true }).fill(firstComment);

    const sent = Date.now();
    await composer.getByRole('button', { name: sv['comments.publish'] }).click();
    await card(editorPage, firstToken).waitFor({ timeout: 5_000 });
    expect(Date.now() - sent).toBeLessThan(LIVE_WITHIN_MS);

    // The editor sees who said it, on behalf of which organisation, the stance, and the passage.
    const seen = card(editorPage, firstToken);
    expect(await seen.locator('.author-name').first().textContent()).toBe(carl.name);
    expect(await seen.locator('.author-organisation').first().textContent()).toBe(
      carl.organisation,
    );
    expect(await seen.locator('time').first().getAttribute('datetime')).toMatch(/^\d{4}-/);
    expect(await seen.textContent()).toContain(sv['comments.stance.question']);
    await expect
      .poll(() => editor(editorPage).locator('mark.comment-highlight').allTextContents(), POLL)
      .toContain(quote);
    // The link in the body passed sanitizeUrl and is marked as user content.
    const link = seen.locator('.comment-body a');
    expect(await link.getAttribute('href')).toBe('https://www.digg.se');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');

    // The card lines up with its passage.
    const passage = editor(commenterPage).locator('mark.comment-highlight', { hasText: quote });
    await passage.waitFor();
    const cardBox = await card(commenterPage, firstToken).boundingBox();
    const passageBox = await passage.boundingBox();
    expect(Math.abs((cardBox?.y ?? 0) - (passageBox?.y ?? 1e6))).toBeLessThan(8);
    // Its toggle is named by the hidden words before the quote and the quote (aria-labelledby),
    // as a screen reader reads it: "Tråd om" and the passage in quotation marks.
    const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const toggleName = new RegExp(
      `^${literal(sv['comments.quoteLabel'])} \\W?${literal(quote)}\\W?$`,
    );
    expect(await seen.getByRole('button', { name: toggleName }).count()).toBe(1);

    // One's own comment is confirmed, not announced as news.
    await expect
      .poll(() => liveRegion(commenterPage).textContent(), POLL)
      .toBe(sv['comments.published']);
  });

  it('the editor resolves the thread with a disposition, and the commenter sees it', async () => {
    const thread = card(editorPage, firstToken);
    await thread.locator('.thread-toggle').click();
    await thread.getByRole('button', { name: sv['comments.disposition.set'] }).click();
    await thread.getByLabel(sv['comments.disposition.partly-accepted']).check();
    await thread.getByLabel(sv['comments.disposition.reason']).fill('Vi förtydligar stycket.');
    await thread.getByRole('button', { name: sv['comments.disposition.save'] }).click();
    await thread.getByRole('button', { name: sv['comments.resolve'], exact: true }).click();

    const seen = card(commenterPage, firstToken);
    await seen.locator('.badge-status-resolved').waitFor({ timeout: 5_000 });
    expect(await seen.locator('.thread-disposition').textContent()).toContain(
      `${translate('sv', 'comments.dispositionBadge', {
        value: sv['comments.disposition.partly-accepted'],
      })} – Vi förtydligar stycket.`,
    );
  });

  it('the whole comment flow works by keyboard alone', async () => {
    const page = commenterPage;
    await page.reload();
    await editor(page).waitFor();
    // From the top of the page to the text, with Tab only.
    await tabUntil(page, (where) => where.includes('ProseMirror'));
    // Select the first two words of the document with the keyboard.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press('Control+Shift+ArrowRight');
    const quote = (await page.evaluate(() => window.getSelection()?.toString() ?? '')).trim();
    expect(quote.split(/\s+/)).toHaveLength(2);

    await page.keyboard.press('Control+Alt+KeyM');
    await expect.poll(() => focused(page), POLL).toContain('textarea');
    const body = unique('Kommentar med tangentbordet');
    await page.keyboard.type(body);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      sv['comments.publish'],
    );
    await page.keyboard.press('Enter');

    // Focus moves to the new thread; the reply box follows it in the Tab order.
    await expect.poll(() => focused(page), POLL).toContain('thread-toggle');
    await tabUntil(page, (where) => where.startsWith('textarea'));
    const reply = unique('Svar med tangentbordet');
    await page.keyboard.type(reply);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    const seen = card(editorPage, body);
    await seen.waitFor({ timeout: 5_000 });
    expect(await seen.locator('.thread-quote').textContent()).toBe(quote);
    await seen.locator('.thread-toggle').click();
    await seen.getByText(reply).waitFor({ timeout: 5_000 });
  });

  it('announces a new comment from someone else in a polite live region', async () => {
    const { threads } = (await api(carl, 'GET', `/documents/${server.demoId}/threads`)) as {
      threads: { id: string; comments: { body: string }[] }[];
    };
    const thread = threads.find((candidate) =>
      candidate.comments.some((comment) => comment.body === firstComment),
    );
    if (!thread) throw new Error('the first thread is gone');
    const carlId = carl.id;
    await api(eva, 'POST', `/threads/${thread.id}/comments`, {
      body: `@${carl.name} tack, vi har ändrat texten.`,
      mentions: [carlId],
    });

    const region = liveRegion(commenterPage);
    expect(await region.getAttribute('aria-live')).toBe('polite');
    await expect
      .poll(() => region.textContent(), POLL)
      .toBe(
        translate('sv', 'comments.newFrom', { name: eva.name, organisation: eva.organisation }),
      );
  });

  it('has no WCAG 2.1 AA violations with the sidebar open with threads, and with the inbox open', async () => {
    const page = commenterPage;
    await card(page, firstToken).locator('.thread-toggle').click();
    await card(page, firstToken).locator('.reply-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The mention above put an entry in the inbox.
    const inbox = page.locator('.inbox-button');
    await expect
      .poll(() => inbox.getAttribute('aria-label'), POLL)
      .toBe(translate('sv', 'inbox.buttonLabel', { count: 1 }));
    await inbox.click();
    await page.locator('.notification').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Opening the entry goes to its thread and marks it read.
    await page.locator('.notification a').first().click();
    await expect
      .poll(() => inbox.getAttribute('aria-label'), POLL)
      .toBe(sv['inbox.buttonLabelNone']);
    expect(page.url()).toContain('?thread=');
    await card(page, firstToken).locator('.reply-form').waitFor();
  });
});
