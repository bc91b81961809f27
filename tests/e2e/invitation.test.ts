import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TEST_PASSWORD } from '../../server/test/factories.ts';
import { sv } from '../../shared/i18n/sv.ts';
import type { MessageKey } from '../../shared/i18n/sv.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { axeViolations } from './helpers/axe.ts';
import {
  chooseLanguage,
  documentText,
  editor,
  launchBrowser,
  newContext,
  placeCaretAtParagraph,
  POLL,
  waitForSaved,
} from './helpers/browser.ts';
import {
  DEMO_TITLE,
  startE2eServer,
  startFreshServer,
  type E2eServer,
  type E2eUser,
} from './helpers/server.ts';

/**
 * How soon a role change must show in the other person's open editor. The server promises one
 * second on the socket; the page then fetches the document's metadata and rebuilds the editor,
 * and CI machines are slow, so the browser gets a little more.
 */
const ROLE_CHANGE_TIMEOUT_MS = 3_000;

/**
 * How long to give a keystroke that should have no effect to show one anyway: several round
 * trips to the server and back to the other page.
 */
const SETTLE_MS = 1_000;

/** The text of the element that has keyboard focus, or its tag if it has no text. */
async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    return element?.textContent || (element?.tagName ?? 'nothing');
  });
}

/** A text field of the invitation, setup or reset form, by its label. */
function field(page: Page, label: string): Locator {
  return page.getByLabel(label, { exact: true });
}

/**
 * What the server has stored of a document, as a Yjs state vector: it changes exactly when an
 * edit is stored, and not when the server merely compacts its log.
 */
async function storedStateVector(server: E2eServer): Promise<Uint8Array> {
  const content = await server.current.storage.updates.load(server.demoId);
  const doc = new Y.Doc();
  if (content.state) Y.applyUpdate(doc, content.state.data);
  for (const update of content.updates) Y.applyUpdate(doc, update.data);
  const vector = Y.encodeStateVector(doc);
  doc.destroy();
  return vector;
}

/** A string no other test types, so each assertion is about this test's own edit. */
function unique(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 8)}`;
}

describe('invitations, roles and the account screens in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let anna: E2eUser;

  /** A page in a fresh browser context (signed in as `user` if given), closed after the test. */
  async function newPage(user: E2eUser | null = null): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    if (user) await server.signIn(context, user);
    return context.newPage();
  }

  /** `POST /api/invitations` for the demo draft, as the site admin; returns the link. */
  async function invitationLink(role: 'commenter' | 'viewer'): Promise<string> {
    const response = await server.current.request('/api/invitations', {
      method: 'POST',
      body: JSON.stringify({ documentId: server.demoId, role }),
    });
    const body: unknown = await response.json();
    if (
      response.status !== 201 ||
      typeof body !== 'object' ||
      body === null ||
      !('url' in body) ||
      typeof body.url !== 'string'
    ) {
      throw new Error(`POST /api/invitations answered ${response.status}`);
    }
    return body.url;
  }

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    anna = await server.addUser('Anna Lind', 'Patent- och registreringsverket', 'owner');
    // Someone from a second organisation, so the members dialog shows more than one group.
    await server.addUser('Bo Ek', 'Myndigheten för digital förvaltning', 'editor');
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser.close();
    await server.destroy();
  });

  it('invites a commenter by link, who can read but not type; promotes, then removes them; revokes the link', async () => {
    // The owner signs in by hand and opens the draft.
    const owner = await newPage();
    await owner.goto(server.url);
    await field(owner, sv['auth.email']).fill(anna.email);
    await field(owner, sv['auth.password']).fill(TEST_PASSWORD);
    await owner.getByRole('button', { name: sv['auth.signIn.submit'], exact: true }).click();
    await owner.getByRole('link', { name: DEMO_TITLE }).waitFor();
    // The new page was announced: focus moved to its heading.
    await expect.poll(() => focusedText(owner), POLL).toBe(sv['documents.heading']);
    await owner.getByRole('link', { name: DEMO_TITLE }).click();
    await editor(owner).waitFor();
    await waitForSaved(owner);
    await expect.poll(() => focusedText(owner), POLL).toBe(DEMO_TITLE);

    // …creates a link for the commenter role, and reads it off the screen.
    await owner.getByRole('button', { name: sv['members.button'] }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel(sv['members.invite.role']).selectOption('commenter');
    await dialog.getByRole('button', { name: sv['members.invite.create'] }).click();
    const link = await dialog
      .getByRole('textbox', { name: sv['members.invite.linkLabel'], exact: true })
      .inputValue();
    expect(new URL(link).origin).toBe(server.url);
    expect(new URL(link).pathname).toMatch(/^\/invite\/[\w-]+$/);
    // The dialog as it is now: people from two organisations, the link listed, and shown.
    await dialog.getByRole('table').getByRole('row').nth(1).waitFor();
    await expect.poll(() => dialog.locator('.member-group').count(), POLL).toBeGreaterThan(1);
    expect(await axeViolations(owner), 'members dialog').toEqual([]);

    // A new person opens it in another browser and creates an account.
    const guest = await newPage();
    await guest.goto(link);
    await guest
      .getByText(translate('sv', 'invite.intro', { title: DEMO_TITLE, role: sv['role.commenter'] }))
      .waitFor();
    const cecilia = {
      name: 'Cecilia Berg',
      organisation: 'Kungliga biblioteket',
      email: 'cecilia.berg@kb.example',
    };
    await field(guest, sv['auth.email']).fill(cecilia.email);
    await field(guest, sv['auth.name']).fill(cecilia.name);
    await field(guest, sv['auth.organisation']).fill(cecilia.organisation);
    await field(guest, sv['auth.password']).fill('ett långt och hemligt lösenord');
    await guest.getByRole('button', { name: sv['invite.submitNew'] }).click();

    // They are signed in and see the draft, read-only, with a plain statement of their role.
    await guest
      .getByText(
        translate('sv', 'app.signedInAs', {
          name: cecilia.name,
          organisation: cecilia.organisation,
        }),
      )
      .waitFor();
    await guest.locator('.editor-header h1', { hasText: DEMO_TITLE }).waitFor();
    await editor(guest).waitFor();
    await waitForSaved(guest);
    await guest
      .getByText(translate('sv', 'editor.readOnly.commenter', { role: sv['role.commenter'] }))
      .waitFor();
    expect(await guest.getByRole('toolbar').count()).toBe(0);
    expect(await editor(guest).getAttribute('contenteditable')).toBe('false');
    expect(await editor(guest).getAttribute('aria-readonly')).toBe('true');
    // The text is Swedish whatever the UI language, so screen readers pronounce it as Swedish.
    expect(await editor(guest).getAttribute('lang')).toBe('sv');

    // Typing changes neither their screen, nor the owner's, nor what the server stored.
    const textBefore = await documentText(guest);
    expect(textBefore.length).toBeGreaterThan(100);
    expect(await documentText(owner)).toBe(textBefore);
    const storedBefore = await storedStateVector(server);
    await placeCaretAtParagraph(guest, 0);
    await guest.keyboard.type('Otillåten ändring');
    await guest.keyboard.press('Enter');
    await guest.keyboard.press('Backspace');
    await guest.keyboard.press('Delete');
    await guest.waitForTimeout(SETTLE_MS);
    expect(await documentText(guest)).toBe(textBefore);
    expect(await documentText(owner)).toBe(textBefore);
    expect(await storedStateVector(server)).toEqual(storedBefore);

    // The owner finds them in the members dialog, under their organisation.
    await dialog.getByRole('button', { name: sv['members.close'] }).click();
    await dialog.waitFor({ state: 'hidden' });
    await owner.getByRole('button', { name: sv['members.button'] }).click();
    const group = dialog
      .locator('.member-group')
      .filter({ has: owner.getByRole('heading', { name: cecilia.organisation, exact: true }) });
    await group.getByRole('listitem').filter({ hasText: cecilia.name }).waitFor();
    const links = dialog.getByRole('table');
    expect(await links.getByRole('row').nth(1).textContent()).toContain(sv['role.commenter']);

    // Promoted to editor, their open editor becomes editable, and their edits are stored.
    // Choosing a role saves nothing yet: a keyboard user stepping through the options with the
    // arrow keys must not make her owner on the way.
    const roleSelect = dialog.getByRole('combobox', {
      name: translate('sv', 'members.role', { name: cecilia.name }),
      exact: true,
    });
    await roleSelect.focus();
    await owner.keyboard.press('ArrowUp');
    await owner.keyboard.press('ArrowUp');
    expect(await roleSelect.inputValue()).toBe('owner');
    await roleSelect.selectOption('editor');
    await guest.waitForTimeout(SETTLE_MS);
    expect(await editor(guest).getAttribute('contenteditable')).toBe('false');
    await dialog
      .getByRole('button', {
        name: translate('sv', 'members.role.saveLabel', { name: cecilia.name }),
      })
      .click();
    await expect
      .poll(() => editor(guest).getAttribute('contenteditable'), {
        timeout: ROLE_CHANGE_TIMEOUT_MS,
        interval: 25,
      })
      .toBe('true');
    await guest
      .getByText(translate('sv', 'editor.accessChanged', { role: sv['role.editor'] }))
      .waitFor();
    expect(
      await guest
        .getByText(translate('sv', 'editor.readOnly.commenter', { role: sv['role.commenter'] }))
        .count(),
    ).toBe(0);
    const edit = unique('Ceciliastext');
    await placeCaretAtParagraph(guest, 0);
    await guest.keyboard.type(`${edit} `);
    await waitForSaved(guest);
    await expect.poll(() => documentText(owner), POLL).toContain(edit);
    // The save button is gone; focus went back to the select, not to the page body.
    expect(await owner.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');

    // Removed, they are told at once, and the text is gone from their screen.
    await dialog
      .getByRole('button', { name: translate('sv', 'members.removeLabel', { name: cecilia.name }) })
      .click();
    await guest
      .getByRole('alert')
      .filter({ hasText: sv['editor.accessRemoved'] })
      .waitFor({ timeout: ROLE_CHANGE_TIMEOUT_MS });
    expect(await editor(guest).count()).toBe(0);
    await group.waitFor({ state: 'detached' });
    // The remove button went with her; focus is on the dialog's heading, not lost.
    expect(await focusedText(owner)).toBe(
      translate('sv', 'members.heading', { title: DEMO_TITLE }),
    );

    // The owner withdraws the link; it no longer works, on screen or through the API.
    await dialog
      .getByRole('button', {
        name: translate('sv', 'members.links.revokeLabel', { role: sv['role.commenter'] }),
      })
      .click();
    await links.getByRole('row').nth(1).getByText(sv['members.links.inactive']).waitFor();
    expect(await focusedText(owner)).toBe(sv['members.links.heading']);
    const latecomer = await newPage();
    await latecomer.goto(link);
    await latecomer.getByRole('alert').filter({ hasText: sv['invite.invalid'] }).waitFor();
    expect(await latecomer.getByRole('textbox').count()).toBe(0);
    expect(await latecomer.getByRole('button', { name: sv['invite.submitNew'] }).count()).toBe(0);
    const token = new URL(link).pathname.split('/').pop() ?? '';
    const accepted = await fetch(`${server.url}/api/invitations/${token}/accept`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: 'sen@kb.example',
        name: 'För Sen',
        organisation: 'Kungliga biblioteket',
        password: 'ett långt och hemligt lösenord',
      }),
    });
    expect(accepted.status).toBe(404);
  });

  for (const locale of ['sv', 'en'] as const) {
    it(`the account, invitation and password reset pages have no WCAG 2.1 AA violations (${locale})`, async () => {
      const t = (key: MessageKey, values?: Record<string, string>) =>
        translate(locale, key, values);

      // The account page, after saving, so the confirmation is checked too.
      const page = await newPage(anna);
      await page.goto(server.url);
      await chooseLanguage(page, locale);
      await page.getByRole('link', { name: t('auth.account') }).click();
      await page.getByRole('heading', { level: 1, name: t('account.heading') }).waitFor();
      await expect.poll(() => focusedText(page), POLL).toBe(t('account.heading'));
      await page.getByRole('button', { name: t('account.save') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: t('account.saved') })
        .waitFor();
      expect(await axeViolations(page), 'account page').toEqual([]);

      // The invitation page, for someone new, and for someone with an account.
      const guest = await newPage();
      await guest.goto(await invitationLink('viewer'));
      await chooseLanguage(guest, locale);
      await field(guest, t('auth.organisation')).waitFor();
      expect(await axeViolations(guest), 'invitation page').toEqual([]);
      await guest.getByLabel(t('invite.existingAccount')).check();
      await field(guest, t('auth.organisation')).waitFor({ state: 'detached' });
      expect(await axeViolations(guest), 'invitation page, existing account').toEqual([]);

      // A link that does not work.
      await guest.goto(`${server.url}/invite/no-such-link`);
      await guest
        .getByRole('alert')
        .filter({ hasText: t('invite.invalid') })
        .waitFor();
      expect(await axeViolations(guest), 'invitation page, invalid link').toEqual([]);

      // The password reset page.
      await guest.goto(await server.passwordResetUrl(anna));
      await field(guest, t('auth.newPassword')).waitFor();
      expect(await axeViolations(guest), 'reset page').toEqual([]);
    });
  }

  it('the one-time setup page has no WCAG 2.1 AA violations (sv and en), and creates the admin', async () => {
    const fresh = await startFreshServer();
    try {
      const page = await newPage();
      await page.goto(fresh.setupUrl);
      for (const locale of ['sv', 'en'] as const) {
        await chooseLanguage(page, locale);
        await field(page, translate(locale, 'auth.organisation')).waitFor();
        expect(await axeViolations(page), locale).toEqual([]);
      }

      await field(page, translate('en', 'auth.email')).fill('admin@myndighet.example');
      await field(page, translate('en', 'auth.name')).fill('Dana Admin');
      await field(page, translate('en', 'auth.organisation')).fill('Myndigheten');
      await field(page, translate('en', 'auth.password')).fill('ett långt och hemligt lösenord');
      await page.getByRole('button', { name: translate('en', 'auth.setup.submit') }).click();
      await page
        .getByRole('heading', { level: 1, name: translate('en', 'documents.heading') })
        .waitFor();
      await page
        .getByText(
          translate('en', 'app.signedInAs', { name: 'Dana Admin', organisation: 'Myndigheten' }),
        )
        .waitFor();

      // The link is used up.
      await page.goto(fresh.setupUrl);
      await page
        .getByRole('alert')
        .filter({ hasText: translate('en', 'error.not_found') })
        .waitFor();
      expect(
        await page.getByRole('button', { name: translate('en', 'auth.setup.submit') }).count(),
      ).toBe(0);
    } finally {
      await fresh.destroy();
    }
  });
});
