import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../server/test/factories.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { axeViolations } from './helpers/axe.ts';
import {
  documentText,
  editor,
  launchBrowser,
  newContext,
  openDemoDocument,
  placeCaretAtParagraph,
  POLL,
  waitForSaved,
} from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/** A word no other test writes, so each assertion is about this test's own edit. */
function unique(label: string): string {
  return `${label}${Math.random().toString(36).slice(2, 7)}`;
}

/** Which change has focus: its `data-change-index`, or null when focus is elsewhere. */
async function focusedChange(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-change-index') ?? null);
}

/** The polite live region that says where in the changes the reader is. */
function position(page: Page) {
  return page.locator('.diff-position[role="status"]');
}

/** Follows a link in the page, as a user does, and waits for the page's heading. */
async function follow(page: Page, name: string, heading: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('versions in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let eva: E2eUser;
  let carl: E2eUser;
  /** Eva, an editor: names, compares and restores. */
  let editorPage: Page;
  /** Carl, a commenter: reads the history, and watches the live text during the restore. */
  let commenterPage: Page;
  const versionName = unique('Utkast 2 – workshop ');
  const firstWord = unique('Nyord');
  const secondWord = unique('Tillägg');
  /** The passage of a thread started before the version was named. */
  let quote: string;

  const historyHeading = () =>
    translate('sv', 'versions.heading', {
      title: 'Vägledning om öppna licenser och immaterialrätt – utkast 1',
    });
  const compareHeading = () =>
    translate('sv', 'versions.compare.heading', {
      title: 'Vägledning om öppna licenser och immaterialrätt – utkast 1',
    });

  /** Uncaught errors in any page, such as a Y.Doc used after it was destroyed. */
  const pageErrors: string[] = [];

  async function openAs(user: E2eUser): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    await server.signIn(context, user);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${user.name}: ${error.message}`));
    await openDemoDocument(page, server.url);
    return page;
  }

  /** Starts a thread on `exact` through the API, as a script would. */
  async function startThread(user: E2eUser, exact: string, body: string): Promise<void> {
    const cookie = await signIn(server.url, user.email);
    const response = await fetch(`${server.url}/api/documents/${server.demoId}/threads`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        target: { selector: { type: 'TextQuoteSelector', exact } },
        body,
        stance: 'question',
      }),
    });
    expect(response.status, await response.text()).toBe(201);
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
    await browser?.close();
    await server?.destroy();
  });

  it('an editor names a version, edits, and steps through the comparison by keyboard', async () => {
    const page = editorPage;
    // A thread on the text before the version, for the version view to show as it stood.
    quote = ((await editor(page).locator(':scope > p').nth(2).textContent()) ?? '').slice(0, 40);
    await startThread(carl, quote, 'Gäller detta även kommuner?');

    await follow(page, sv['versions.button'], historyHeading());
    const form = page.locator('.name-version');
    // An empty name is refused in the form, and the field says why.
    await form.getByRole('button', { name: sv['versions.name.submit'] }).click();
    const nameField = form.getByLabel(sv['versions.name.label'], { exact: true });
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');
    expect(await nameField.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await form.locator('.error').textContent()).toBe(sv['versions.name.required']);

    await nameField.fill(versionName);
    await form.getByLabel(sv['versions.note.label']).fill('Inför workshopen.');
    await form.getByRole('button', { name: sv['versions.name.submit'] }).click();
    await expect
      .poll(() => form.getByRole('status').textContent(), POLL)
      .toBe(translate('sv', 'versions.name.done', { name: versionName }));
    const item = page.locator('.version-item', { hasText: versionName });
    expect(await item.locator('.version-note').textContent()).toBe('Inför workshopen.');
    expect(await item.textContent()).toContain(`Sparad av ${eva.name} (${eva.organisation})`);

    // Back to the live text (the browser's Back works), and edit two paragraphs.
    await page.goBack();
    await editor(page).waitFor();
    await waitForSaved(page);
    await placeCaretAtParagraph(page, 0);
    await page.keyboard.type(`${firstWord} `);
    await placeCaretAtParagraph(page, 3);
    await page.keyboard.type(`${secondWord} `);
    await waitForSaved(page);

    await follow(page, sv['versions.button'], historyHeading());
    await follow(page, `${sv['versions.compareCurrent']} (${versionName})`, compareHeading());

    // The inserted words show as insertions, with words a screen reader says.
    const inserted = page.locator('.diff-view ins', { hasText: firstWord });
    await inserted.waitFor();
    const said = (await inserted.textContent()) ?? '';
    expect(said.startsWith(`${sv['versions.diff.insStart']} ${firstWord}`)).toBe(true);
    expect(said.endsWith(sv['versions.diff.insEnd'])).toBe(true);
    expect(await page.locator('.diff-summary').textContent()).toContain(
      translate('sv', 'versions.summary.words', { added: 2, removed: 0 }),
    );
    expect(await page.locator('[data-change-index]').count()).toBe(2);
    expect(await position(page).textContent()).toBe(
      translate('sv', 'versions.nav.count', { total: 2 }),
    );

    // The button moves focus to the first change, which says where it is, and the live region
    // announces the position.
    await page.getByRole('button', { name: sv['versions.nav.next'] }).click();
    expect(await focusedChange(page)).toBe('1');
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(label).toMatch(/^Ändring 1 av 2, ¶?[\d. ]*¶\d+: Ändrad text$/);
    await expect
      .poll(() => position(page).textContent(), POLL)
      .toBe(translate('sv', 'versions.nav.position', { index: 1, total: 2 }));

    // The shortcut goes on from there, stops at the last change and says so, and goes back.
    await page.keyboard.press('Alt+ArrowDown');
    expect(await focusedChange(page)).toBe('2');
    expect(await page.locator('[data-change-index="2"]').textContent()).toContain(secondWord);
    await expect
      .poll(() => position(page).textContent(), POLL)
      .toBe(translate('sv', 'versions.nav.position', { index: 2, total: 2 }));
    await page.keyboard.press('Alt+ArrowDown');
    expect(await focusedChange(page)).toBe('2');
    await expect
      .poll(() => position(page).textContent(), POLL)
      .toBe(translate('sv', 'versions.nav.last', { index: 2, total: 2 }));
    await page.keyboard.press('Alt+ArrowUp');
    expect(await focusedChange(page)).toBe('1');
    await expect
      .poll(() => position(page).textContent(), POLL)
      .toBe(translate('sv', 'versions.nav.position', { index: 1, total: 2 }));
  });

  it('axe finds no violations on the comparison, the history and the version view', async () => {
    const page = editorPage;
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: sv['versions.compare.sideBySide'] }).click();
    await page.locator('.diff-view-side-by-side').waitFor();
    // The old text on the left, the new on the right.
    const row = page.locator('.diff-view [data-change-index="1"]');
    expect(await row.locator('.diff-cell-before').textContent()).not.toContain(firstWord);
    expect(await row.locator('.diff-cell-after ins').textContent()).toContain(firstWord);
    expect(await axeViolations(page)).toEqual([]);

    await follow(page, sv['versions.backToHistory'], historyHeading());
    expect(await axeViolations(page)).toEqual([]);

    await follow(
      page,
      versionName,
      translate('sv', 'versions.version.heading', { name: versionName }),
    );
    const text = page.locator('.version-text');
    await text.locator('p').first().waitFor();
    // The version's text, with its numbers, from before the edits.
    expect(await text.textContent()).not.toContain(firstWord);
    // Numbered by the editor's counter styles (NumberingExtension).
    expect(await text.getAttribute('data-numbering')).toMatch(/^\d+$/);
    expect(await text.getAttribute('aria-readonly')).toBe('true');
    expect(await text.getAttribute('contenteditable')).toBe('false');
    // The thread made before it, highlighted in its text and listed beside it.
    await expect
      .poll(() => text.locator('mark.comment-highlight').allTextContents(), POLL)
      .toContain(quote);
    const card = page.locator('.version-thread', { hasText: 'Gäller detta även kommuner?' });
    expect(await card.textContent()).toContain(sv['comments.stance.question']);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a commenter reads the history and comparisons but cannot name or restore; threads say which draft they are on', async () => {
    const page = commenterPage;
    await follow(page, sv['versions.button'], historyHeading());
    await page.locator('.version-item', { hasText: versionName }).waitFor();
    expect(await page.getByRole('heading', { name: sv['versions.name.heading'] }).count()).toBe(0);
    expect(await page.getByRole('button', { name: sv['versions.restore'] }).count()).toBe(0);

    await follow(page, `${sv['versions.compareCurrent']} (${versionName})`, compareHeading());
    await page.locator('.diff-view ins', { hasText: firstWord }).waitFor();
    expect(await page.getByRole('button', { name: sv['versions.restore'] }).count()).toBe(0);

    // Back to the live text, to watch the editor's restore arrive.
    await page.getByRole('link', { name: `← ${sv['versions.backToDocument']}` }).click();
    await editor(page).waitFor();
    await waitForSaved(page);
    await expect.poll(() => documentText(page), POLL).toContain(firstWord);

    // A thread started now says which draft it comments on.
    const passage = ((await editor(page).locator(':scope > p').nth(5).textContent()) ?? '').slice(
      0,
      40,
    );
    await startThread(carl, passage, 'Hur förhåller sig detta till utkast 1?');
    await page
      .locator('.thread-card', { hasText: 'Hur förhåller sig detta till utkast 1?' })
      .getByText(translate('sv', 'comments.madeOn', { name: versionName }))
      .waitFor({ timeout: 5_000 });
  });

  it('restoring a version brings its text back in the live editor, and can be undone', async () => {
    const page = editorPage;
    await follow(page, sv['versions.backToHistory'], historyHeading());
    await page.getByRole('button', { name: `${sv['versions.restore']} (${versionName})` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain(sv['versions.restore.explain']);
    await dialog.getByRole('button', { name: sv['versions.restore.confirm'] }).click();
    await dialog
      .getByText(translate('sv', 'versions.restore.done', { name: versionName }))
      .waitFor();

    // The commenter's open editor shows the version's text, without a reload.
    await expect.poll(() => documentText(commenterPage), POLL).not.toContain(firstWord);
    expect(await documentText(commenterPage)).not.toContain(secondWord);
    // The text from before the restore is kept in the history.
    await page
      .locator('.version-item', { hasText: sv['versions.beforeRestore'] })
      .first()
      .waitFor();

    // Undo brings the edits back.
    await dialog.getByRole('button', { name: sv['versions.restore.undo'] }).click();
    await dialog.getByText(sv['versions.restore.undone']).waitFor();
    await expect.poll(() => documentText(commenterPage), POLL).toContain(firstWord);
    expect(await documentText(commenterPage)).toContain(secondWord);
    await dialog.getByRole('button', { name: sv['versions.close'] }).click();
    expect(await dialog.count()).toBe(0);
    // Focus returns to the button that opened the dialog.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      `${sv['versions.restore']}(${versionName})`,
    );
    expect(pageErrors).toEqual([]);
  });
});
