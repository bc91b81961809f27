import fs from 'node:fs';
import path from 'node:path';
import type { JSONContent } from '@tiptap/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listThreadsResponseSchema, threadSchema, type Thread } from '../../shared/api/comments.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { demoDraft } from '../../server/seed/demoDraft.ts';
import { signIn } from '../../server/test/factories.ts';
import { makeTempDir } from '../../server/test/startTestServer.ts';
import { axeViolations } from './helpers/axe.ts';
import { launchBrowser, newContext, openDemoDocument, POLL } from './helpers/browser.ts';
import { DEMO_TITLE, startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';
import { signedInPage } from './helpers/pages.ts';

/** Passages of the demo draft that the test comments on, and the sections they are in. */
const PASSAGES = [
  { exact: 'En licens är ett tillstånd', stance: 'question', resolve: false },
  { exact: 'En öppen licens ger vem som helst', stance: 'object', resolve: false },
  { exact: 'Offentlig sektor skapar varje år', stance: 'support', resolve: true },
] as const;

function plainText(node: JSONContent): string {
  return node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(plainText).join(' ');
}

/**
 * The level-2 section ("1", "2", …) each passage of the demo draft is in, by walking the draft
 * itself: independent of the slide code, as a reader counting headings would.
 */
function sectionOf(exact: string): string {
  let section = 0;
  for (const node of demoDraft.content ?? []) {
    if (node.type === 'heading' && Number(node.attrs?.['level']) === 2) section += 1;
    if (plainText(node).replace(/\s+/g, ' ').includes(exact)) return String(section);
  }
  throw new Error(`"${exact}" is not in the demo draft`);
}

/** The slide on screen: its heading and the counts it shows. */
async function shownSlide(page: Page) {
  const slide = page.locator('.presentation .slide');
  const count = slide.locator('.slide-count');
  return {
    heading: ((await slide.locator('h2').textContent()) ?? '').trim(),
    total: Number(await count.getAttribute('data-total')),
    open: Number(await count.getAttribute('data-open')),
    countText: (await count.textContent()) ?? '',
  };
}

/** The polite live region of the presentation. */
function announcer(page: Page) {
  return page.locator('.presentation [role="status"]');
}

describe('the workshop presentation in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let eva: E2eUser;
  let cookie: string;
  let threads: Thread[];
  const workDir = makeTempDir('remiss-present-');

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    eva = await server.addUser('Eva Ek', 'Patent- och registreringsverket', 'editor');
    cookie = await signIn(server.url, eva.email);
    for (const passage of PASSAGES) {
      const response = await fetch(`${server.url}/api/documents/${server.demoId}/threads`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          target: { selector: { type: 'TextQuoteSelector', exact: passage.exact } },
          body: `Synpunkt på ”${passage.exact}”.`,
          stance: passage.stance,
        }),
      });
      const created = await response.text();
      expect(response.status, created).toBe(201);
      const { id } = threadSchema.parse(JSON.parse(created));
      if (passage.resolve) {
        const resolved = await fetch(`${server.url}/api/threads/${id}`, {
          method: 'PATCH',
          headers: { Cookie: cookie, 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: 'resolved' }),
        });
        expect(resolved.status, await resolved.text()).toBe(200);
      }
    }
    const listed = await fetch(`${server.url}/api/documents/${server.demoId}/threads`, {
      headers: { Cookie: cookie },
    });
    threads = listThreadsResponseSchema.parse(await listed.json()).threads;

    ({ context, page } = await signedInPage(browser, server, eva));
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openDemoDocument(page, server.url);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.destroy();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('opens from the editor, steps with the keyboard, and counts what the API lists', async () => {
    expect(threads).toHaveLength(PASSAGES.length);
    await page.getByRole('link', { name: sv['presentation.button'], exact: true }).click();
    await page
      .getByRole('heading', {
        level: 1,
        name: translate('sv', 'presentation.setup.heading', { title: DEMO_TITLE }),
      })
      .waitFor();
    // Put the first thread in the spotlight.
    const spotlit = threads.find((thread) => thread.anchor.exact === PASSAGES[0].exact);
    await page.locator(`input[type="checkbox"][value="${spotlit?.id ?? ''}"]`).check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: sv['presentation.setup.start'] }).click();

    const dialog = page.locator('dialog.presentation');
    await dialog.waitFor();
    const first = await shownSlide(page);
    expect(first.heading).toBe(DEMO_TITLE);
    expect([first.total, first.open]).toEqual([3, 2]);

    // Step through every slide with the arrow key, reading each section's counts.
    const expected = new Map<string, { total: number; open: number }>();
    for (const thread of threads) {
      const section = sectionOf(thread.anchor.exact);
      const entry = expected.get(section) ?? { total: 0, open: 0 };
      entry.total += 1;
      if (thread.status === 'open') entry.open += 1;
      expected.set(section, entry);
    }
    const seen: { heading: string; total: number; open: number }[] = [];
    let previous = '';
    for (;;) {
      await page.keyboard.press('ArrowRight');
      const said = (await announcer(page).textContent()) ?? '';
      if (said === previous) break;
      previous = said;
      const slide = await shownSlide(page);
      expect(said).toContain(slide.heading);
      expect(slide.countText).toBe(
        translate('sv', 'presentation.comments', { total: slide.total, open: slide.open }),
      );
      seen.push(slide);
    }
    const count = seen.length + 1;
    expect(previous.startsWith(`Bild ${count} av ${count}:`)).toBe(true);
    for (const slide of seen) {
      const number = /^(\d+) /.exec(slide.heading)?.[1];
      if (number === undefined) continue;
      expect({ section: number, total: slide.total, open: slide.open }).toEqual({
        section: number,
        ...(expected.get(number) ?? { total: 0, open: 0 }),
      });
    }
    // Every section with comments was shown (a long one over several slides, each with its count).
    const commented = new Set(
      seen.filter((slide) => slide.total > 0).map((slide) => /^(\d+) /.exec(slide.heading)?.[1]),
    );
    expect([...commented].sort()).toEqual([...expected.keys()].sort());

    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => announcer(page).textContent(), POLL)
      .toMatch(new RegExp(`^Bild ${count - 1} av ${count}: `));
    await page.keyboard.press('Home');
    await expect
      .poll(() => announcer(page).textContent(), POLL)
      .toBe(`Bild 1 av ${count}: ${DEMO_TITLE}`);
    await page.keyboard.press('End');
    await expect
      .poll(() => announcer(page).textContent(), POLL)
      .toMatch(new RegExp(`^Bild ${count} av ${count}: `));

    // The spotlighted thread is on the first slide of section 2.
    await page.keyboard.press('Home');
    for (let step = 1; step < count; step += 1) {
      await page.keyboard.press('ArrowRight');
      if ((await shownSlide(page)).heading.startsWith('2 ')) break;
    }
    expect((await shownSlide(page)).heading).toMatch(/^2 Vad är en licens\?/);
    await expect
      .poll(() => dialog.locator('.slide-spotlight').textContent(), POLL)
      .toContain(PASSAGES[0].exact);
    expect(await axeViolations(page)).toEqual([]);

    // Esc leaves, and focus is back on the button that started it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), POLL)
      .toBe(sv['presentation.setup.start']);
  });

  it('shows the warm theme with no axe violations, and the notes window follows', async () => {
    await page.getByLabel(sv['presentation.setup.themeWarm']).check();
    await page.getByRole('button', { name: sv['presentation.setup.start'] }).click();
    const dialog = page.locator('dialog.presentation-warm');
    await dialog.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await axeViolations(page)).toEqual([]);

    const [notes] = await Promise.all([
      context.waitForEvent('page'),
      dialog.getByRole('button', { name: sv['presentation.openNotes'] }).click(),
    ]);
    const notesHeading = notes.locator('.presentation-notes h2');
    await expect
      .poll(() => notesHeading.textContent(), POLL)
      .toBe((await shownSlide(page)).heading);
    await page.keyboard.press('ArrowRight');
    const next = await shownSlide(page);
    await expect.poll(() => notesHeading.textContent(), POLL).toBe(next.heading);
    expect(await notes.locator('.notes-lines').textContent()).toContain(
      translate('sv', 'presentation.notes.counts', {
        total: next.total,
        open: next.open,
        resolved: next.total - next.open,
      }),
    );
    await notes.close();

    // F for full screen; Esc leaves full screen first, and only then the presentation.
    const fullscreen = () => page.evaluate(() => document.fullscreenElement !== null);
    await dialog.locator('.presentation-stage').focus();
    await page.keyboard.press('f');
    await expect.poll(fullscreen, POLL).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(fullscreen, POLL).toBe(false);
    expect(await dialog.count()).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('exports offline HTML that steps through its slides with the network blocked', async () => {
    const response = await fetch(
      `${server.url}/api/documents/${server.demoId}/export?format=slides-html&slideLevel=2`,
      { headers: { Cookie: cookie } },
    );
    expect(response.status).toBe(200);
    const file = path.join(workDir, 'slides.html');
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));

    const offline = await newContext(browser);
    const requests: string[] = [];
    // Everything but the file itself is refused, and the browser is offline besides.
    await offline.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort(),
    );
    await offline.setOffline(true);
    const sheet = await offline.newPage();
    sheet.on('request', (request) => requests.push(request.url()));
    await sheet.goto(`file://${file}`);
    const visible = sheet.locator('.slide:not([hidden])');
    const sections = await sheet.locator('.slide').count();
    expect(await visible.count()).toBe(1);
    expect(await visible.locator('h1').textContent()).toBe(DEMO_TITLE);
    await sheet.keyboard.press('ArrowRight');
    await expect.poll(() => visible.locator('h2').textContent(), POLL).toBe('Inledning');
    await sheet.keyboard.press('End');
    await expect
      .poll(() => sheet.locator('#announce').textContent(), POLL)
      .toMatch(new RegExp(`^Bild ${sections} av ${sections}: `));
    await sheet.keyboard.press('ArrowLeft');
    await expect
      .poll(() => sheet.locator('#announce').textContent(), POLL)
      .toMatch(new RegExp(`^Bild ${sections - 1} av ${sections}: `));
    await sheet.keyboard.press('Home');
    await expect.poll(() => visible.locator('h1').textContent(), POLL).toBe(DEMO_TITLE);
    // Nothing but the file itself was asked for.
    expect(requests).toEqual([`file://${file}`]);
    await offline.close();
  });
});
