import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  THREADS_REFETCH_DELAY_MS,
  THREADS_WAIT_FOR_SOCKET_MS,
} from '../../client/src/comments/useThreads.ts';
import { signIn } from '../../server/test/factories.ts';
import { peekFrame } from '../../server/bench/protocol.ts';
import { DEMO_TITLE } from '../../server/seed/demoDraft.ts';
import { editor, launchBrowser, POLL, waitForSaved } from './helpers/browser.ts';
import { signedInPage } from './helpers/pages.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/** Start of the demo draft's second paragraph (server/seed/demoDraft.ts), commented on below. */
const QUOTE = 'Utkastet skickas på remiss till ett nätverk';
const BODY = 'Vilka organisationer ingår i nätverket?';

const isThreadList = (url: string) => /\/api\/documents\/[^/]+\/threads\?shape=compact$/u.test(url);

describe('the first thread list of an open document', () => {
  let server: E2eServer;
  let browser: Browser;
  let carl: E2eUser;
  const contexts: BrowserContext[] = [];

  async function pageOf(user: E2eUser): Promise<Page> {
    const { context, page } = await signedInPage(browser, server, user);
    contexts.push(context);
    return page;
  }

  /** The card of the thread started in beforeAll. */
  const card = (page: Page) => page.locator('.thread-card', { hasText: BODY });

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    carl = await server.addUser('Carl Berg', 'Myndigheten för digital förvaltning', 'commenter');
    const cookie = await signIn(server.url, carl.email);
    const response = await fetch(`${server.url}/api/documents/${server.demoId}/threads`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        target: { selector: { type: 'TextQuoteSelector', exact: QUOTE } },
        body: BODY,
        stance: 'question',
      }),
    });
    expect(response.status, await response.text()).toBe(201);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.destroy();
  });

  it('is asked for once the server has let the socket in, so the text goes first', async () => {
    const page = await pageOf(carl);
    // One sequence for both kinds of event: the browser reports them in the order they happen.
    const events: string[] = [];
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        // The same reading of the server's frames as the bench's clients (bench/protocol.ts).
        if (typeof payload !== 'string' && peekFrame(payload).kind === 'authenticated') {
          events.push('authenticated');
        }
      });
    });
    page.on('request', (request) => {
      if (isThreadList(request.url())) events.push('threads');
    });
    await page.goto(server.url);
    await page.getByRole('link', { name: DEMO_TITLE }).click();
    await waitForSaved(page);
    await card(page).waitFor({ timeout: POLL.timeout });

    expect(events).toContain('authenticated');
    expect(events).toContain('threads');
    expect(events.indexOf('authenticated')).toBeLessThan(events.indexOf('threads'));
  });

  it('is asked for once on opening, and again when the socket comes back', async () => {
    const page = await pageOf(carl);
    let lists = 0;
    page.on('request', (request) => {
      if (isThreadList(request.url())) lists += 1;
    });
    await page.goto(server.url);
    await page.getByRole('link', { name: DEMO_TITLE }).click();
    await waitForSaved(page);
    await card(page).waitFor({ timeout: POLL.timeout });
    // Long enough for the reload a sync would schedule to have been sent.
    await page.waitForTimeout(THREADS_REFETCH_DELAY_MS + 500);
    expect(lists).toBe(1);

    // Messages sent while the socket is away are lost: the list is asked for again on its sync.
    await page.context().setOffline(true);
    await page.locator('.sync-status[data-state="offline"]').waitFor({ timeout: POLL.timeout });
    await page.context().setOffline(false);
    await waitForSaved(page);
    await expect.poll(() => lists, POLL).toBe(2);
  });

  it('is asked for anyway when the socket is not let in in time', async () => {
    const page = await pageOf(carl);
    // A socket that opens but that nothing answers, as behind a proxy that holds it.
    await page.routeWebSocket(/\/collab/u, () => undefined);
    let threadsAt: number | null = null;
    page.on('request', (request) => {
      if (isThreadList(request.url())) threadsAt ??= performance.now();
    });
    await page.goto(server.url);
    const link = page.getByRole('link', { name: DEMO_TITLE });
    await link.waitFor();
    const openedAt = performance.now();
    await link.click();
    await editor(page).waitFor();

    await card(page).waitFor({ timeout: THREADS_WAIT_FOR_SOCKET_MS + POLL.timeout });
    // The wait starts when the page mounts, after the click: the list cannot come sooner.
    expect(threadsAt).not.toBeNull();
    expect((threadsAt ?? 0) - openedAt).toBeGreaterThanOrEqual(THREADS_WAIT_FOR_SOCKET_MS);
    expect(await card(page).textContent()).toContain(BODY);
  });
});
