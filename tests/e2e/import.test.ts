import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/translate.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { projectRoot } from '../../server/projectRoot.ts';
import { axeViolations } from './helpers/axe.ts';
import { editor, launchBrowser, newContext, POLL, SYNC_TIMEOUT_MS } from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/** A real DOCX nobody here wrote, with a table and text around it. */
const TABLES_DOCX = path.join(
  projectRoot(),
  'node_modules',
  'mammoth',
  'test',
  'test-data',
  'tables.docx',
);
/** A real DOCX with a picture, which the import leaves out and says so. */
const PICTURE_DOCX = path.join(path.dirname(TABLES_DOCX), 'tiny-picture.docx');

describe('importing a file in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let owner: E2eUser;

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
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser.close();
    await server.destroy();
  });

  it('uploads a DOCX, shows progress and the warnings, and opens the new document', async () => {
    const page = await newPage(owner);
    await page.goto(server.url);
    const form = page.getByRole('region', { name: sv['import.heading'] });
    await form.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await form.getByLabel(sv['import.fileLabel']).setInputFiles(PICTURE_DOCX);
    await form.getByLabel(sv['import.titleLabel']).fill('Utkast med bild');
    // Record every progress label the form shows, so the phases can be checked afterwards
    // without racing the upload.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { importPhases: string[] }).importPhases = seen;
      new MutationObserver(() => {
        document.querySelectorAll('.import-progress label').forEach((label) => {
          const text = label.textContent ?? '';
          if (seen.at(-1) !== text) seen.push(text);
        });
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await form.getByRole('button', { name: sv['import.submit'] }).click();
    await form.getByRole('progressbar').waitFor({ state: 'detached', timeout: SYNC_TIMEOUT_MS });
    const phases = await page.evaluate(
      () => (window as unknown as { importPhases: string[] }).importPhases,
    );
    expect(phases[0]).toMatch(/^Laddar upp … \d+ %$/);
    expect(phases.at(-1)).toBe(sv['import.converting']);

    const done = translate('sv', 'import.done', { title: 'Utkast med bild' });
    await form.getByText(done).waitFor();
    // Focus moves to the summary, so a screen reader reads it out.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className ?? ''), POLL)
      .toBe('import-summary');
    await form.getByText(translate('sv', 'import.warning.image', { count: 1 })).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await form
      .getByRole('link', { name: translate('sv', 'import.open', { title: 'Utkast med bild' }) })
      .click();
    await editor(page).waitFor();
    await expect.poll(() => page.url(), POLL).toMatch(/\/d\/[^/]+$/);
  });

  it('opens an imported table as a table in the editor', async () => {
    const page = await newPage(owner);
    await page.goto(server.url);
    const form = page.getByRole('region', { name: sv['import.heading'] });
    await form.getByLabel(sv['import.fileLabel']).setInputFiles(TABLES_DOCX);
    await form.getByRole('button', { name: sv['import.submit'] }).click();
    await form.getByText(sv['import.noWarnings']).waitFor({ timeout: SYNC_TIMEOUT_MS });
    await form
      .getByRole('link', { name: translate('sv', 'import.open', { title: 'tables' }) })
      .click();
    const table = editor(page).locator('table');
    await table.waitFor();
    expect(await table.locator('td').allTextContents()).toEqual([
      'Top left',
      'Top right',
      'Bottom left',
      'Bottom right',
    ]);
  });

  it('imports a file as a new version from the history page', async () => {
    const page = await newPage(owner);
    await page.goto(`${server.url}/d/${server.demoId}/versions`);
    const form = page.getByRole('region', { name: sv['import.versionHeading'] });
    await form.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await form.getByLabel(sv['import.fileLabel']).setInputFiles({
      name: 'Remissvar.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Ny lydelse\n\nHela texten ~~struken~~ ersatt.\n'),
    });
    await form.getByRole('button', { name: sv['import.submitVersion'] }).click();
    await form.getByText(sv['import.doneVersion']).waitFor({ timeout: SYNC_TIMEOUT_MS });
    await form
      .getByText(
        translate('sv', 'import.warning.formatting', {
          count: 1,
          format: sv['import.formatting.strikethrough'],
        }),
      )
      .waitFor();
    // The list of versions now holds the named version of the import.
    await page
      .locator('.version-list')
      .getByRole('link', { name: 'Importerad: Remissvar.md', exact: true })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('link', { name: sv['import.openDocument'] }).click();
    await editor(page).getByText('Hela texten struken ersatt.').waitFor();
  });

  it('says in words why a file was refused, and moves focus back to the file field', async () => {
    const page = await newPage(owner);
    await page.goto(server.url);
    const form = page.getByRole('region', { name: sv['import.heading'] });
    await form.getByLabel(sv['import.fileLabel']).setInputFiles({
      name: 'bild.md',
      mimeType: 'text/markdown',
      buffer: fs.readFileSync(path.join(path.dirname(TABLES_DOCX), 'tiny-picture.png')),
    });
    await form.getByRole('button', { name: sv['import.submit'] }).click();
    const message = translate('sv', 'import.error.type-mismatch', {
      detected: sv['import.kind.image'],
      expected: sv['import.format.md'],
    });
    await form
      .getByRole('alert')
      .filter({ hasText: message })
      .waitFor({ timeout: SYNC_TIMEOUT_MS });
    await expect
      .poll(
        () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type),
        POLL,
      )
      .toBe('file');
  });
});
