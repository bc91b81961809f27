import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../server/test/factories.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { axeViolations } from './helpers/axe.ts';
import { launchBrowser } from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';
import { demoPageAs } from './helpers/pages.ts';

/** A passage of the demo draft, and the wording a commenter proposes for it. */
const PASSAGE = 'En licens är ett tillstånd';
const PROPOSED = 'En licens är ett skriftligt tillstånd';

describe('export with proposals as tracked changes', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let carl: E2eUser;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    carl = await server.addUser('Carl Berg', 'Riksarkivet', 'commenter');
    const response = await fetch(`${server.url}/api/documents/${server.demoId}/threads`, {
      method: 'POST',
      headers: {
        Cookie: await signIn(server.url, carl.email),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        target: { selector: { type: 'TextQuoteSelector', exact: PASSAGE } },
        body: 'Förtydliga.',
        proposal: { text: PROPOSED },
      }),
    });
    expect(response.status, await response.text()).toBe(201);
    const viewer = await server.addUser('Vera Vy', 'Kammarkollegiet', 'viewer');
    ({ context, page } = await demoPageAs(browser, server, viewer));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.destroy();
  });

  it('offers tracked changes for Word only, and downloads them signed by the proposer', async () => {
    await page.getByRole('button', { name: sv['export.button'], exact: true }).click();
    const dialog = page.getByRole('dialog', {
      name: translate('sv', 'export.heading', { name: sv['export.currentText'] }),
    });
    await dialog.waitFor();
    const tracked = dialog.getByRole('checkbox', { name: sv['export.trackedChanges'] });
    await dialog.getByRole('radio', { name: sv['export.format.odt'] }).check();
    expect(await tracked.isDisabled()).toBe(true);
    // Why it is off is said in words, tied to the box.
    expect(await tracked.getAttribute('aria-describedby')).not.toBeNull();
    await dialog.getByText(sv['export.trackedChangesUnavailable']).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByRole('radio', { name: sv['export.format.docx'] }).check();
    expect(await tracked.isDisabled()).toBe(false);
    await tracked.check();
    const downloaded = page.waitForEvent('download');
    await dialog.getByRole('button', { name: sv['export.download'] }).click();
    const download = await downloaded;
    const files = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
    const documentXml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
    const author = 'w:author="Carl Berg (Riksarkivet)"';
    expect(documentXml).toMatch(
      new RegExp(
        `<w:del [^>]*${author.replace(/[()]/g, '\\$&')}[^>]*><w:r><w:delText[^>]*>${PASSAGE}<`,
      ),
    );
    expect(documentXml).toMatch(
      new RegExp(`<w:ins [^>]*${author.replace(/[()]/g, '\\$&')}[^>]*><w:r><w:t[^>]*>${PROPOSED}<`),
    );
  });
});
