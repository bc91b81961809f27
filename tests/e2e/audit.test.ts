import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { locales, translate } from '../../shared/i18n/translate.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { axeViolations } from './helpers/axe.ts';
import { chooseLanguage, editor, launchBrowser, newContext, POLL } from './helpers/browser.ts';
import { DEMO_TITLE, startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/** The text of the element that has keyboard focus. */
async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent ?? 'nothing');
}

describe('the activity log in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let owner: E2eUser;
  let bo: E2eUser;

  async function newPage(user: E2eUser): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    await server.signIn(context, user);
    return context.newPage();
  }

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    owner = await server.addUser('Anna Svensson', 'DIGG', 'owner');
    bo = await server.addUser('Bo Ek', 'PRV', 'commenter');
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser.close();
    await server.destroy();
  });

  it('shows an owner the invitation and role change they just made, in an accessible dialog', async () => {
    const page = await newPage(owner);
    await page.goto(`${server.url}/d/${server.demoId}`);
    await editor(page).waitFor();

    // Invite with a link, then make Bo an editor, through the members dialog.
    await page.getByRole('button', { name: sv['members.button'] }).click();
    const members = page.getByRole('dialog');
    await members.getByLabel(sv['members.invite.role']).selectOption('commenter');
    await members.getByRole('button', { name: sv['members.invite.create'] }).click();
    await members.getByRole('textbox', { name: sv['members.invite.linkLabel'] }).waitFor();
    await members
      .getByLabel(translate('sv', 'members.role', { name: bo.name }))
      .selectOption('editor');
    await members
      .getByRole('button', { name: translate('sv', 'members.role.saveLabel', { name: bo.name }) })
      .click();
    await members
      .getByText(translate('sv', 'members.roleChanged', { name: bo.name, role: sv['role.editor'] }))
      .waitFor();
    await members.getByRole('button', { name: sv['members.close'] }).click();

    const opener = page.getByRole('button', { name: sv['audit.button'] });
    await opener.click();
    const log = page.getByRole('dialog', {
      name: translate('sv', 'audit.heading', { title: DEMO_TITLE }),
    });
    const table = log.getByRole('table', { name: sv['audit.caption'] });
    await table.waitFor();
    const rows = table.getByRole('row');
    // Newest first: the role change, then the invitation.
    await expect
      .poll(() => rows.nth(1).textContent(), POLL)
      .toContain(
        translate('sv', 'audit.sentence.member-role-changed', {
          subject: `${bo.name} (${bo.organisation})`,
          from: sv['role.commenter'],
          to: sv['role.editor'],
        }),
      );
    expect(await rows.nth(1).textContent()).toContain(owner.label);
    expect(await rows.nth(2).textContent()).toContain('bjöd in med rollen Kommentator');
    expect(await rows.nth(1).locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

    for (const locale of locales) {
      if (locale !== 'sv') {
        // The dialog is modal, so switch language with it closed, then open it again.
        await page.keyboard.press('Escape');
        await chooseLanguage(page, locale);
        await page.getByRole('button', { name: translate(locale, 'audit.button') }).click();
        await page.getByRole('table', { name: translate(locale, 'audit.caption') }).waitFor();
      }
      expect(await axeViolations(page), `axe on the activity log (${locale})`).toEqual([]);
    }

    // Esc closes it and puts focus back on the button that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedText(page), POLL).toBe(translate('en', 'audit.button'));
  });

  it('shows an admin every failed sign-in on the site-wide page, filterable by action', async () => {
    const failed = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.invalid', password: 'wrong password' }),
    });
    expect(failed.status).toBe(401);

    const admin = server.current.owner;
    const page = await newPage({
      id: admin.id,
      email: admin.email,
      name: admin.name,
      organisation: admin.organisation,
      label: `${admin.name} (${admin.organisation})`,
    });
    await page.goto(server.url);
    await page.getByRole('link', { name: sv['audit.admin.link'] }).click();
    await page.getByRole('heading', { level: 1, name: sv['audit.admin.heading'] }).waitFor();
    await expect.poll(() => focusedText(page), POLL).toBe(sv['audit.admin.heading']);

    await page
      .getByLabel(sv['audit.filter.label'])
      .selectOption({ label: sv['audit.action.sign-in-failed'] });
    const rows = page.getByRole('table', { name: sv['audit.caption'] }).getByRole('row');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    const row = await rows.nth(1).textContent();
    expect(row).toContain('nobody@example.invalid');
    expect(row).toContain('misslyckades att logga in');
    expect(row).toContain(sv['audit.noDocument']);

    for (const locale of locales) {
      if (locale !== 'sv') await chooseLanguage(page, locale);
      await page
        .getByRole('heading', { level: 1, name: translate(locale, 'audit.admin.heading') })
        .waitFor();
      expect(await axeViolations(page), `axe on /admin/audit (${locale})`).toEqual([]);
    }
  });
});
