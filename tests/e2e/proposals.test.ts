import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { flattenText } from '../../server/comments/anchors/flattenText.ts';
import { buildTextDocument } from '../../server/test/commentFixtures.ts';
import { signIn } from '../../server/test/factories.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { axeViolations } from './helpers/axe.ts';
import { editor, launchBrowser, newContext, POLL, waitForSaved } from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/**
 * Proposed wording in the browser: a commenter proposes on a selected passage without the text
 * changing, sees it as a suggestion; an editor accepts it into the text and undoes it with
 * Ctrl+Z, rejects one by keyboard, and resolves a conflict; axe checks the proposal UI.
 */

const PARAGRAPHS = [
  'Kommunen ska pröva ansökan inom tre månader.',
  'Avgiften är 500 kronor per ansökan.',
  'Beslutet gäller i fem år från dagen för beslutet.',
];

describe('proposed wording in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let documentId: string;
  let eva: E2eUser;
  let carl: E2eUser;
  let editorPage: Page;
  let commenterPage: Page;

  async function openAs(user: E2eUser): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    await server.signIn(context, user);
    const page = await context.newPage();
    await page.goto(`${server.url}/d/${documentId}`);
    await editor(page).waitFor();
    await waitForSaved(page);
    return page;
  }

  /** Every stored byte of the document's text, as it sits in SQLite. */
  async function storedBytes(): Promise<string> {
    const content = await server.current.storage.updates.load(documentId);
    const parts = [content.state?.data ?? new Uint8Array(), ...content.updates.map((u) => u.data)];
    return parts.map((part) => Buffer.from(part).toString('hex')).join('|');
  }

  /** The stored text, as a fresh load of SQLite builds it. */
  async function storedText(): Promise<string> {
    const content = await server.current.storage.updates.load(documentId);
    const doc = new Y.Doc();
    if (content.state) Y.applyUpdate(doc, content.state.data);
    for (const update of content.updates) Y.applyUpdate(doc, update.data);
    const text = flattenText(doc).text;
    doc.destroy();
    return text;
  }

  async function api(user: E2eUser, method: string, path: string, body?: unknown) {
    const cookie = await signIn(server.url, user.email);
    const response = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
    return (await response.json()) as unknown;
  }

  /** Selects `text` inside the editor, as a mouse drag over it would. */
  async function selectText(page: Page, text: string): Promise<void> {
    await editor(page).evaluate((root, wanted) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(wanted) ?? -1;
        if (at === -1) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        return;
      }
      throw new Error(`"${wanted}" is not in the text`);
    }, text);
    await expect
      .poll(() => page.evaluate(() => window.getSelection()?.toString() ?? ''), POLL)
      .toBe(text);
  }

  function card(page: Page, text: string): Locator {
    return page.locator('.thread-card', { hasText: text });
  }

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    eva = await server.addUser('Eva Ek', 'Regeringskansliet', 'editor');
    carl = await server.addUser('Carl Berg', 'Länsstyrelsen i Uppsala län', 'commenter');
    documentId = await buildTextDocument(server.current.storage, eva.id, ...PARAGRAPHS);
    await server.current.storage.memberships.set(documentId, eva.id, 'editor');
    await server.current.storage.memberships.set(documentId, carl.id, 'commenter');
    [editorPage, commenterPage] = await Promise.all([openAs(eva), openAs(carl)]);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser.close();
    await server.destroy();
  });

  it("a commenter's proposal from the UI leaves the stored text byte-identical and shows as a suggestion", async () => {
    const before = await storedBytes();
    await selectText(commenterPage, 'tre månader');
    await commenterPage.getByRole('button', { name: sv['proposals.propose'] }).click();
    const form = commenterPage.locator('.proposal-composer');
    const wording = form.getByLabel(sv['proposals.form.text'], { exact: true });
    await wording.fill('sex veckor');
    // Bold on "sex", chosen with the text area's selection and the toolbar.
    await wording.evaluate((area) => {
      if (area instanceof HTMLTextAreaElement) area.setSelectionRange(0, 3);
    });
    await form.getByRole('button', { name: sv['proposals.form.bold'] }).click();
    await expect
      .poll(() => form.locator('.proposal-preview strong').textContent(), POLL)
      .toBe('sex');
    await form
      .getByLabel(sv['proposals.form.reason'], { exact: true })
      .fill('Kortare handläggning.');
    expect(await axeViolations(commenterPage)).toEqual([]);
    await form.getByRole('button', { name: sv['proposals.form.submit'] }).click();

    // The editor sees it as a suggestion: old words struck, new ones underlined, with words.
    const struck = editor(editorPage).locator('del.proposal-old');
    await struck.waitFor({ timeout: 5_000 });
    expect(await struck.textContent()).toBe('tre månader');
    const added = editor(editorPage).locator('ins.proposal-new');
    expect(await added.textContent()).toBe(
      `${sv['proposals.suggestion.inserted']}sex veckor${sv['proposals.suggestion.end']}`,
    );
    expect(await added.locator('strong').textContent()).toBe('sex');
    expect(await editor(editorPage).textContent()).toContain(
      `${sv['proposals.suggestion.deleted']}tre månader`,
    );
    // The sidebar previews the change word by word, removed and added words labelled.
    const diff = card(editorPage, 'Kortare handläggning.').locator('.proposal-diff');
    expect(await diff.locator('del').allTextContents()).toEqual([
      `${sv['proposals.card.removed']}tre månader`,
    ]);
    expect(await diff.locator('ins').allTextContents()).toEqual([
      `${sv['proposals.card.added']}sex veckor`,
    ]);

    // Clean text hides the suggestion without touching anything.
    await editorPage.getByLabel(sv['proposals.view.clean']).check();
    expect(await added.isVisible()).toBe(false);
    await editorPage.getByLabel(sv['proposals.view.show']).check();
    expect(await added.isVisible()).toBe(true);

    expect(await storedBytes()).toBe(before);
    expect(await axeViolations(editorPage)).toEqual([]);
  });

  it('an editor accepts it into the text, and Ctrl+Z in the browser reverts it', async () => {
    const thread = card(editorPage, 'Kortare handläggning.');
    await thread.locator('.thread-toggle').click();
    await thread.getByRole('button', { name: sv['proposals.accept'] }).click();
    await expect
      .poll(() => editor(editorPage).locator('p').first().textContent(), POLL)
      .toBe('Kommunen ska pröva ansökan inom sex veckor.');
    await thread.locator('.badge-proposal-accepted').waitFor({ timeout: 5_000 });
    expect(await thread.locator('.proposal-decided').textContent()).toContain(
      `${sv['proposals.state.accepted']} av ${eva.name} (${eva.organisation})`,
    );
    await waitForSaved(editorPage);
    expect((await storedText()).split('\n')[0]).toBe('Kommunen ska pröva ansökan inom sex veckor.');
    // The commenter's page follows.
    await expect
      .poll(() => editor(commenterPage).locator('p').first().textContent(), POLL)
      .toBe('Kommunen ska pröva ansökan inom sex veckor.');

    await editor(editorPage).locator('p').nth(1).click();
    await editorPage.keyboard.press('Control+z');
    await expect
      .poll(() => editor(editorPage).locator('p').first().textContent(), POLL)
      .toBe('Kommunen ska pröva ansökan inom tre månader.');
    await waitForSaved(editorPage);
    expect((await storedText()).split('\n')[0]).toBe(
      'Kommunen ska pröva ansökan inom tre månader.',
    );
  });

  it('an editor rejects a proposal with a reason by keyboard alone; the text stays', async () => {
    await api(carl, 'POST', `/documents/${documentId}/threads`, {
      target: { selector: { type: 'TextQuoteSelector', exact: '500 kronor' } },
      body: 'Lägre avgift.',
      proposal: { text: '300 kronor' },
    });
    const thread = card(editorPage, 'Lägre avgift.');
    await thread.waitFor({ timeout: 5_000 });
    const before = await storedText();
    await thread.locator('.thread-toggle').focus();
    await editorPage.keyboard.press('Enter');
    const reject = thread.getByRole('button', { name: sv['proposals.reject'] });
    await reject.waitFor();
    for (let step = 0; step < 10; step += 1) {
      if (await reject.evaluate((button) => button === document.activeElement)) break;
      await editorPage.keyboard.press('Tab');
    }
    await editorPage.keyboard.press('Enter');
    await editorPage.keyboard.type('Avgiften följer av taxan.');
    await editorPage.keyboard.press('Tab');
    await editorPage.keyboard.press('Enter');
    await thread.locator('.badge-proposal-rejected').waitFor({ timeout: 5_000 });
    expect(await thread.locator('.proposal-decided').textContent()).toContain(
      'Avgiften följer av taxan.',
    );
    expect(await storedText()).toBe(before);
  });

  it('shows the conflict when the passage changed, and accepts onto the current text', async () => {
    await api(carl, 'POST', `/documents/${documentId}/threads`, {
      target: { selector: { type: 'TextQuoteSelector', exact: 'i fem år' } },
      body: 'Längre giltighet.',
      proposal: { text: 'i tio år' },
    });
    const thread = card(editorPage, 'Längre giltighet.');
    await thread.waitFor({ timeout: 5_000 });
    // The editor rewrites a word inside the passage.
    await selectText(editorPage, 'fem');
    await editorPage.keyboard.type('sju');
    await waitForSaved(editorPage);

    await thread.locator('.thread-toggle').click();
    await thread.getByRole('button', { name: sv['proposals.accept'] }).click();
    const conflict = thread.locator('.proposal-conflict');
    await conflict.waitFor({ timeout: 5_000 });
    expect(await conflict.locator('.proposal-conflict-original').textContent()).toBe('i fem år');
    expect(await conflict.locator('.proposal-conflict-current').textContent()).toBe('i sju år');
    expect(await conflict.locator('.proposal-conflict-proposal').textContent()).toBe('i tio år');
    expect(await axeViolations(editorPage)).toEqual([]);
    // Nothing was overwritten.
    expect(await editor(editorPage).locator('p').nth(2).textContent()).toContain('i sju år');

    await conflict.getByRole('button', { name: sv['proposals.conflict.acceptOnto'] }).click();
    await expect
      .poll(() => editor(editorPage).locator('p').nth(2).textContent(), POLL)
      .toBe('Beslutet gäller i tio år från dagen för beslutet.');
    await thread.locator('.badge-proposal-accepted').waitFor({ timeout: 5_000 });
  });
  it('proposes an insertion at the cursor, and an editor accepts it by keyboard', async () => {
    // A caret (no selection) right after "per ansökan".
    await editor(commenterPage).evaluate((root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf('per ansökan') ?? -1;
        if (at === -1) continue;
        const range = document.createRange();
        range.setStart(node, at + 'per ansökan'.length);
        range.collapse(true);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
        return;
      }
    });
    await commenterPage.getByRole('button', { name: sv['proposals.propose'] }).click();
    const form = commenterPage.locator('.proposal-composer');
    expect(await form.textContent()).toContain('per ansökan');
    await form.getByLabel(sv['proposals.form.text'], { exact: true }).fill(' och beslut');
    await form.getByLabel(sv['proposals.form.reason'], { exact: true }).fill('Även beslut.');
    await form.getByRole('button', { name: sv['proposals.form.submit'] }).click();

    const thread = card(editorPage, 'Även beslut.');
    await thread.waitFor({ timeout: 5_000 });
    expect(await thread.locator('.proposal-kind').textContent()).toBe(
      sv['proposals.card.insertion'],
    );
    await thread.locator('.thread-toggle').focus();
    await editorPage.keyboard.press('Enter');
    const accept = thread.getByRole('button', { name: sv['proposals.accept'] });
    await accept.waitFor();
    for (let step = 0; step < 10; step += 1) {
      if (await accept.evaluate((button) => button === document.activeElement)) break;
      await editorPage.keyboard.press('Tab');
    }
    await editorPage.keyboard.press('Enter');
    await expect
      .poll(() => editor(editorPage).locator('p').nth(1).textContent(), POLL)
      .toBe('Avgiften är 500 kronor per ansökan och beslut.');
    await thread.locator('.badge-proposal-accepted').waitFor({ timeout: 5_000 });
    await waitForSaved(editorPage);
    expect((await storedText()).split('\n')[1]).toBe(
      'Avgiften är 500 kronor per ansökan och beslut.',
    );
  });
});
