import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../server/test/factories.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { axeViolations } from './helpers/axe.ts';
import { launchBrowser } from './helpers/browser.ts';
import { DEMO_TITLE, startE2eServer, type E2eServer } from './helpers/server.ts';
import { demoPageAs } from './helpers/pages.ts';

describe('export in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    // A viewer: the least a member can be, and still allowed to export.
    const viewer = await server.addUser('Vera Vy', 'Kammarkollegiet', 'viewer');
    ({ context, page } = await demoPageAs(browser, server, viewer));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.destroy();
  });

  it('downloads the text as a Word file with the comments as an appendix', async () => {
    await page.getByRole('button', { name: sv['export.button'], exact: true }).click();
    const dialog = page.getByRole('dialog', {
      name: translate('sv', 'export.heading', { name: sv['export.currentText'] }),
    });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Margin comments exist only in Word and OpenDocument: with Markdown chosen they are off.
    await dialog.getByRole('radio', { name: sv['export.format.md'] }).check();
    const margin = dialog.getByRole('radio', { name: sv['export.comments.annotations'] });
    expect(await margin.isDisabled()).toBe(true);
    await dialog.getByRole('radio', { name: sv['export.format.docx'] }).check();
    expect(await margin.isDisabled()).toBe(false);

    await dialog.getByRole('checkbox', { name: sv['export.titlePage'] }).check();
    await dialog.getByRole('radio', { name: sv['export.comments.appendix'] }).check();
    const downloaded = page.waitForEvent('download');
    await dialog.getByRole('button', { name: sv['export.download'] }).click();
    const download = await downloaded;

    const filename = download.suggestedFilename();
    expect(filename.startsWith(DEMO_TITLE)).toBe(true);
    expect(filename.endsWith('.docx')).toBe(true);
    const path = await download.path();
    const files = unzipSync(new Uint8Array(fs.readFileSync(path)));
    const documentXml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
    expect(documentXml).toContain('<w:pStyle w:val="Title"/>');
    expect(documentXml).toContain(sv['exportDoc.comments']);

    // The end is announced, and shown.
    const done = translate('sv', 'export.done', { filename });
    await dialog.locator('[role="status"]', { hasText: done }).waitFor({ state: 'attached' });
    await dialog.locator('.export-done', { hasText: done }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Esc closes the dialog and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(focused).toBe(sv['export.button']);
  });

  it('exports a version from its page, named after the version', async () => {
    // An editor names a version through the API, as a script would.
    const editor = await server.addUser('Erik Ek', 'Riksarkivet', 'editor');
    const cookie = await signIn(server.url, editor.email);
    const created = await fetch(`${server.url}/api/documents/${server.demoId}/versions`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'utkast 2' }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };

    await page.goto(`${server.url}/d/${server.demoId}/versions/${id}`);
    await page.getByRole('button', { name: sv['export.button'], exact: true }).click();
    const dialog = page.getByRole('dialog', {
      name: translate('sv', 'export.heading', { name: 'utkast 2' }),
    });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: sv['export.format.md'] }).check();
    const downloaded = page.waitForEvent('download');
    await dialog.getByRole('button', { name: sv['export.download'] }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(`${DEMO_TITLE} – utkast 2.md`);
    const markdown = fs.readFileSync(await download.path(), 'utf8');
    expect(markdown.startsWith('# ')).toBe(true);
  });
});
