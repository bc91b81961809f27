import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext, openDemoDocument } from './browser.ts';
import type { E2eServer, E2eUser } from './server.ts';

/** A browser context of its own, signed in as `user` (signed out for null), and a page in it. */
export async function signedInPage(
  browser: Browser,
  server: E2eServer,
  user: E2eUser | null,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  if (user) await server.signIn(context, user);
  return { context, page: await context.newPage() };
}

/** {@link signedInPage}, on the demo draft, synced with the server (`openDemoDocument`). */
export async function demoPageAs(
  browser: Browser,
  server: E2eServer,
  user: E2eUser,
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await signedInPage(browser, server, user);
  await openDemoDocument(opened.page, server.url);
  return opened;
}
