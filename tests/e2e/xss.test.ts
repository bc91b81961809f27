import fs from 'node:fs/promises';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInvitationResponseSchema } from '../../shared/api/accounts.ts';
import { threadSchema, type Thread } from '../../shared/api/comments.ts';
import { sv } from '../../shared/i18n/sv.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { sanitizeUrl } from '../../shared/sanitizeUrl.ts';
import {
  escapeMarkdownBlock,
  escapeMarkdownLine,
} from '../../server/comments/report/escapeMarkdown.ts';
import { signIn } from '../../server/test/factories.ts';
import {
  editor,
  launchBrowser,
  placeCaretAtParagraph,
  POLL,
  waitForSaved,
} from './helpers/browser.ts';
import { startE2eServer, type E2eServer, type E2eUser } from './helpers/server.ts';

/*
 * The XSS corpus of issue 4. Payloads go in through every door a person has (comment bodies and
 * replies, display and organisation names from the account API and the invitation form, the
 * document title, mentions, hide and disposition reasons, the document text itself) and are then
 * looked at everywhere they come out, in real Chromium.
 *
 * Every payload tries to set `window.__xss`. The owner's browser ignores the Content-Security-
 * Policy (`bypassCSP`): the CSP would block inline handlers anyway, so only with it switched off
 * does the flag test the rendering itself. The invited collaborator's browser keeps the CSP and
 * records every violation, so an injection the CSP merely stopped is caught there too. Both also
 * check the DOM directly: no element, event-handler attribute or unsafe URL from a payload.
 */

const SCRIPT = '<script>window.__xss=1</script>';
const IMG = '<img src=x onerror="window.__xss=1">';
const SVG = '<svg onload="window.__xss=1">';
const SVG_SCRIPT = '<svg><script>window.__xss=1</script></svg>';
const IFRAME = '<iframe srcdoc="<script>parent.__xss=1</script>">';
const BREAKOUT = '"><img src=x onerror=window.__xss=1>';
const TEMPLATE = "{{constructor.constructor('window.__xss=1')()}}";

/** `javascript:` and its relatives, spelled the ways browsers or sloppy filters accept them. */
const SCRIPT_URLS = [
  'javascript:window.__xss=1',
  'JaVaScRiPt:window.__xss=1',
  'java\tscript:window.__xss=1',
  'java\nscript:window.__xss=1',
  '   javascript:window.__xss=1',
  '&#106;avascript:window.__xss=1',
  'javascript&colon;window.__xss=1',
  '%6Aavascript:window.__xss=1',
  'jav&#x09;ascript:window.__xss=1',
  'data:text/html,<script>window.__xss=1</script>',
  'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==',
  'vbscript:msgbox("xss")',
] as const;

/**
 * Comment bodies, one thread each, numbered so each can be found. The last five contain real
 * addresses, so the sidebar has links to hover and click; each tries to carry markup or a
 * second scheme along with it.
 */
const BODIES = [
  SCRIPT,
  IMG,
  SVG,
  SVG_SCRIPT,
  IFRAME,
  BREAKOUT,
  TEMPLATE,
  ...SCRIPT_URLS,
  '[x](javascript:window.__xss=1)',
  '<a href="javascript:window.__xss=1">x</a>',
  'https://example.com/"><img src=x onerror=window.__xss=1>',
  'www.example.com/<script>window.__xss=1</script>',
  'mailto:x@example.com?subject=<svg onload=window.__xss=1>',
  'https://example.com/#javascript:window.__xss=1',
  '[x](https://example.com/) [y](javascript:window.__xss=1)',
].map((payload, index) => `XSS-${String(index).padStart(2, '0')} ${payload}`);

/** Names and organisations: at most MAX_NAME_LENGTH (120) characters each. */
const OWNER_PROFILE = {
  name: `Olle ${BREAKOUT}`,
  organisation: 'data:text/html,<script>window.__xss=1</script>',
};
const ANNA_PROFILE = { name: IMG, organisation: SCRIPT };
const CARL_PROFILE = { name: 'javascript:window.__xss=1', organisation: TEMPLATE };
/** Bea joins through the invitation form, typing these. */
const BEA_PROFILE = { name: SVG, organisation: IFRAME, email: 'bea@angripare.example' };

const TITLE = `${IMG} Vägledning ${SCRIPT} javascript:window.__xss=1`;
const HIDE_REASON = `${IMG} [x](javascript:window.__xss=1)`;
const DISPOSITION_REASON = `${SVG_SCRIPT} [läs mer](javascript:window.__xss=1) ${BREAKOUT}`;
/** Typed into the document by Bea; a thread is then anchored to it, so it is also a quote. */
const TYPED_QUOTE = `${BREAKOUT} ${SCRIPT}`;

/**
 * HTML pasted into the document. Entities are written raw on purpose: the browser's HTML parser
 * decodes them before the editor's link rule sees the href.
 */
const PASTED_HTML = [
  '<p>Inklistrat ',
  ...SCRIPT_URLS.map((href, index) => `<a href="${href}">länk-${index}</a> `),
  '<a href="https://example.com/ok">tillåten länk</a>',
  `${IMG}${SVG}</svg>${IFRAME}</iframe>${SCRIPT}`,
  '<a href="#" onclick="window.__xss=1" onmouseover="window.__xss=1">med händelser</a>',
  '</p>',
].join('');

/** Passages of the demo draft that occur once, to anchor threads to. */
const QUOTES = [
  'kartunderlag, bilder, utbildningsmaterial',
  'Samtidigt är rättsläget ofta oklart',
  'Synpunkter lämnas direkt i dokumentet',
];

/** How long to let a payload fire (an image error, a load event) before looking. */
const SETTLE_MS = 300;

/** What `inspect` found in a page. */
interface Inspection {
  xss: boolean;
  problems: string[];
  cspViolations: string[];
}

/**
 * Runs in the page: whether `window.__xss` was set, every element, attribute or URL a payload
 * could have smuggled in, and the CSP violations recorded since the page loaded.
 */
function inspect(): Inspection {
  const problems: string[] = [];
  const show = (element: Element): string =>
    `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`;
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data'];
  for (const element of Array.from(document.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`${show(element)} has ${name}="${attribute.value}"`);
      if (name === 'srcdoc') problems.push(`${show(element)} has srcdoc`);
      if (!urlAttributes.includes(name)) continue;
      // The app's own favicon placeholder is the one data: URL the page may hold.
      if (element.matches('link[rel="icon"]') && attribute.value === 'data:,') continue;
      let protocol = 'unparseable';
      try {
        // The browser's own URL parser: it strips tabs, newlines and leading spaces the same
        // way navigation does, so "java\tscript:" shows up as "javascript:".
        protocol = new URL(attribute.value, document.baseURI).protocol;
      } catch {
        protocol = 'unparseable';
      }
      if (!['http:', 'https:', 'mailto:'].includes(protocol)) {
        problems.push(`${show(element)} has ${name}="${attribute.value}"`);
      }
    }
  }
  const forbidden = [
    'a[href^="javascript:" i]',
    'a[href^="data:" i]',
    'a[href^="vbscript:" i]',
    'img[src="x"]',
    'svg[onload]',
    'iframe[srcdoc]',
    // The app draws no images, SVG or frames; ProseMirror's separator image carries no src.
    'img:not(.ProseMirror-separator)',
    'svg',
    'iframe',
    'frame',
    'object',
    'embed',
    'base',
  ];
  for (const selector of forbidden) {
    for (const element of Array.from(document.querySelectorAll(selector))) {
      problems.push(`${selector} matches ${show(element)}`);
    }
  }
  for (const script of Array.from(document.scripts)) {
    if (!script.src.startsWith(`${window.location.origin}/assets/`)) {
      problems.push(`a script that is not the app's: ${script.outerHTML.slice(0, 120)}`);
    }
  }
  const recorded: unknown = Reflect.get(window, '__cspViolations');
  return {
    xss: '__xss' in window,
    problems,
    cspViolations: Array.isArray(recorded) ? recorded.map(String) : [],
  };
}

/** The text a reader sees in each element matching `selector`, without screen-reader-only text. */
async function visibleTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.map((element) => {
      const copy = element.cloneNode(true);
      if (!(copy instanceof HTMLElement)) return '';
      copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
      return copy.textContent;
    }),
  );
}

/** The script sources a Content-Security-Policy allows, or null if it does not restrict them. */
function scriptSources(csp: string): string[] | null {
  const directives = new Map<string, string[]>();
  for (const directive of csp.split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives.get('script-src') ?? directives.get('default-src') ?? null;
}

/** Checks that a response carries a CSP under which no inline script or eval can run. */
function expectStrictCsp(response: Response | null, where: string): void {
  expect(response, where).not.toBeNull();
  const csp = response?.headers()['content-security-policy'];
  expect(csp, `${where}: Content-Security-Policy`).toBeTruthy();
  const sources = scriptSources(csp ?? '');
  expect(sources, `${where}: script-src`).not.toBeNull();
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
    expect(sources, `${where}: script-src ${csp ?? ''}`).not.toContain(unsafe);
  }
}

describe('an XSS corpus in every place Remiss shows user text', () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Every page and the dialogs (alert, confirm, prompt) that opened on it. */
  const pages = new Map<Page, string[]>();
  /** Every HTML document the browsers loaded, with where it came from. */
  const htmlResponses: Response[] = [];
  const cookies = new Map<string, string>();

  let owner: E2eUser;
  let anna: E2eUser;
  let carl: E2eUser;
  let bea: E2eUser;
  let ownerPage: Page;
  let beaPage: Page;
  let quoteThread: Thread;

  /**
   * A page in a new browser context: `enforceCsp` false ignores the CSP (to test the rendering
   * without it), true keeps it and records its violations. Dialogs are dismissed and recorded;
   * requests to other sites (the example.com links) never leave the machine.
   */
  async function openPage(enforceCsp: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'sv-SE',
      bypassCSP: !enforceCsp,
    });
    contexts.push(context);
    await context.addInitScript(() => {
      const seen: string[] = [];
      Object.defineProperty(window, '__cspViolations', { value: seen });
      document.addEventListener(
        'securitypolicyviolation',
        (event) => seen.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`),
        true,
      );
    });
    const origin = new URL(server.url).origin;
    await context.route(
      (url) => url.origin !== origin,
      (route) => route.abort(),
    );
    const page = await context.newPage();
    const dialogs: string[] = [];
    pages.set(page, dialogs);
    page.on('dialog', (dialog) => {
      // The app's own "unsaved changes" prompt when leaving a document whose last edit is not
      // acknowledged yet (an editor's client may still be sending one) is not script from a
      // payload: let the navigation go on. Every other dialog is recorded and fails the test.
      if (dialog.type() === 'beforeunload') {
        void dialog.accept().catch(() => undefined);
        return;
      }
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (response.request().isNavigationRequest() && type.startsWith('text/html')) {
        htmlResponses.push(response);
      }
    });
    return { context, page };
  }

  /** Asserts that nothing from the corpus ran or became markup in `page`. */
  async function expectInert(page: Page, where: string): Promise<void> {
    const found = await page.evaluate(inspect);
    expect(found.xss, `${where}: window.__xss was set`).toBe(false);
    expect(found.problems, `${where}: markup from a payload`).toEqual([]);
    expect(found.cspViolations, `${where}: CSP violations`).toEqual([]);
    expect(
      page.frames().map((frame) => frame.url()),
      `${where}: frames`,
    ).toHaveLength(1);
    expect(pages.get(page), `${where}: dialogs`).toEqual([]);
  }

  /** Sends a request to the API as `user`, with the session cookie and no Origin, as a script would. */
  async function request(user: E2eUser, method: string, path: string, body?: unknown) {
    let cookie = cookies.get(user.email);
    if (cookie === undefined) {
      cookie = await signIn(server.url, user.email);
      cookies.set(user.email, cookie);
    }
    return fetch(`${server.url}/api${path}`, {
      method,
      headers: {
        Cookie: cookie,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Like `request`, but expects success and returns the JSON answer. */
  async function api(user: E2eUser, method: string, path: string, body?: unknown) {
    const response = await request(user, method, path, body);
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return response.status === 204 ? null : ((await response.json()) as unknown);
  }

  /** Gives `user` a new display name and organisation through `PATCH /api/account`. */
  async function rename(
    user: E2eUser,
    profile: { name: string; organisation: string },
  ): Promise<E2eUser> {
    await api(user, 'PATCH', '/account', profile);
    return { ...user, ...profile, label: `${profile.name} (${profile.organisation})` };
  }

  async function startThread(user: E2eUser, exact: string, body: string, mentions?: string[]) {
    return threadSchema.parse(
      await api(user, 'POST', `/documents/${server.demoId}/threads`, {
        target: { selector: { type: 'TextQuoteSelector', exact } },
        body,
        ...(mentions ? { mentions } : {}),
      }),
    );
  }

  async function reply(user: E2eUser, thread: Thread, body: string, mentions?: string[]) {
    await api(user, 'POST', `/threads/${thread.id}/comments`, {
      body,
      ...(mentions ? { mentions } : {}),
    });
  }

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    owner = await rename(await server.addUser('Olle', 'Kammarkollegiet', 'owner'), OWNER_PROFILE);
    anna = await rename(await server.addUser('Anna', 'Lantmäteriet', 'commenter'), ANNA_PROFILE);
    carl = await rename(await server.addUser('Carl', 'Skatteverket', 'commenter'), CARL_PROFILE);
    await api(owner, 'PATCH', `/documents/${server.demoId}`, { title: TITLE });
    const ownerSession = await openPage(false);
    await server.signIn(ownerSession.context, owner);
    ownerPage = ownerSession.page;
    beaPage = (await openPage(true)).page;
  });

  afterEach(async () => {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    for (const page of pages.keys()) {
      if (!page.isClosed() && page.url().startsWith(server.url)) {
        await expectInert(page, `after the test, ${page.url()}`);
      }
    }
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.destroy();
  });

  it('takes a name and organisation from the invitation form as text, on a page with the payload title', async () => {
    const invitation = createInvitationResponseSchema.parse(
      await api(owner, 'POST', '/invitations', { documentId: server.demoId, role: 'editor' }),
    );
    const response = await beaPage.goto(invitation.url);
    expectStrictCsp(response, 'the invitation page');
    await beaPage
      .getByText(translate('sv', 'invite.intro', { title: TITLE, role: sv['role.editor'] }))
      .waitFor();
    const field = (label: string) => beaPage.getByLabel(label, { exact: true });
    await field(sv['auth.email']).fill(BEA_PROFILE.email);
    await field(sv['auth.name']).fill(BEA_PROFILE.name);
    await field(sv['auth.organisation']).fill(BEA_PROFILE.organisation);
    await field(sv['auth.password']).fill('ett långt och hemligt lösenord');
    await beaPage.getByRole('button', { name: sv['invite.submitNew'] }).click();

    // She lands in the draft, signed in under exactly what she typed.
    await beaPage
      .getByText(
        translate('sv', 'app.signedInAs', {
          name: BEA_PROFILE.name,
          organisation: BEA_PROFILE.organisation,
        }),
      )
      .waitFor();
    await editor(beaPage).waitFor();
    await waitForSaved(beaPage);
    expect(await beaPage.locator('.editor-header h1').textContent()).toBe(TITLE);
    expect(await beaPage.title()).toBe(`${TITLE} – ${sv['app.name']}`);

    const stored = await server.current.storage.users.getByEmail(BEA_PROFILE.email);
    if (!stored) throw new Error('the invitation form created no account');
    expect(stored).toMatchObject({
      name: BEA_PROFILE.name,
      organisation: BEA_PROFILE.organisation,
    });
    bea = {
      id: stored.id,
      email: stored.email,
      name: stored.name,
      organisation: stored.organisation,
      label: `${stored.name} (${stored.organisation})`,
    };
    await expectInert(beaPage, 'the editor after accepting the invitation');
  });

  it('keeps payloads typed or pasted into the document as text, and drops unsafe links', async () => {
    await placeCaretAtParagraph(beaPage, 1);
    await beaPage.keyboard.type(`${TYPED_QUOTE} `);
    await placeCaretAtParagraph(beaPage, 2);
    await editor(beaPage).evaluate((element, html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Inklistrat');
      element.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, PASTED_HTML);
    await waitForSaved(beaPage);

    const text = editor(beaPage);
    expect(await text.textContent()).toContain(TYPED_QUOTE);
    // The paste arrived: its words, and the one safe link, which keeps its address.
    expect(await text.textContent()).toContain('Inklistrat länk-0');
    expect(await text.locator('a[href="https://example.com/ok"]').textContent()).toBe(
      'tillåten länk',
    );
    await expectInert(beaPage, 'the editor after typing and pasting');
  });

  it('stores every payload as data through the API, exactly as sent', async () => {
    const threads: Thread[] = [];
    for (const [index, body] of BODIES.entries()) {
      const author = index % 2 === 0 ? anna : carl;
      threads.push(await startThread(author, QUOTES[index % QUOTES.length] ?? '', body));
    }
    expect(threads.map((thread) => thread.comments[0]?.body)).toEqual(BODIES);
    expect(threads[0]?.author).toMatchObject({ name: anna.name, organisation: anna.organisation });
    const [first] = threads;
    if (!first) throw new Error('no thread was created');

    // Anna mentions the owner on the passage Bea typed; Carl mentions Bea in a reply.
    quoteThread = await startThread(anna, TYPED_QUOTE, `@${owner.name} titta här: ${IFRAME}`, [
      owner.id,
    ]);
    expect(quoteThread.anchor.exact).toBe(TYPED_QUOTE);
    await reply(carl, quoteThread, `@${bea.name} ${SVG_SCRIPT} [länk](javascript:window.__xss=1)`, [
      bea.id,
    ]);
    await api(owner, 'PUT', `/threads/${quoteThread.id}/disposition`, {
      value: 'not-accepted',
      reason: DISPOSITION_REASON,
    });
    const hiddenId = first.comments[0]?.id ?? '';
    const hidden = await api(owner, 'POST', `/comments/${hiddenId}/hide`, { reason: HIDE_REASON });
    expect(hidden).toMatchObject({ hidden: { reason: HIDE_REASON } });
  });

  it('shows the payload title as text in the document list', async () => {
    const response = await ownerPage.goto(server.url);
    expectStrictCsp(response, '/');
    const link = ownerPage.locator(`a[href="/d/${server.demoId}"]`);
    await link.waitFor();
    expect(await link.textContent()).toBe(TITLE);
    await ownerPage
      .getByText(
        translate('sv', 'app.signedInAs', {
          name: owner.name,
          organisation: owner.organisation,
        }),
      )
      .waitFor();
    await expectInert(ownerPage, 'the document list');
  });

  it('shows bodies, replies, names, mentions, quotes and reasons as text in the sidebar', async () => {
    const response = await ownerPage.goto(`${server.url}/d/${server.demoId}`);
    expectStrictCsp(response, '/d/:id');
    await editor(ownerPage).waitFor();
    await waitForSaved(ownerPage);
    await expect
      .poll(() => ownerPage.locator('.thread-card').count(), POLL)
      .toBe(BODIES.length + 1);
    expect(await ownerPage.locator('.editor-header h1').textContent()).toBe(TITLE);

    // Open the thread with replies, and answer it through the UI, mentioning Bea by picking
    // her from the suggestions.
    const card = ownerPage.locator(`.thread-card[data-thread-id="${quoteThread.id}"]`);
    await card.locator('.thread-toggle').click();
    const field = card.getByLabel(sv['comments.reply'], { exact: true });
    await field.pressSequentially('@');
    const suggestions = await visibleTexts(ownerPage, '.mention-option');
    for (const person of [anna, carl, bea]) {
      expect(suggestions).toContain(`${person.name} ${person.organisation}`);
    }
    await ownerPage.locator('.mention-option', { hasText: bea.name }).click();
    await field.pressSequentially(BREAKOUT);
    await card.getByRole('button', { name: sv['comments.sendReply'], exact: true }).click();
    const ownerReply = `@${bea.name} ${BREAKOUT}`;
    await expect.poll(() => visibleTexts(ownerPage, '.comment-body'), POLL).toContain(ownerReply);
    await expectInert(ownerPage, 'the sidebar, replying');

    const bodies = await visibleTexts(ownerPage, '.comment-body');
    for (const body of BODIES) expect(bodies).toContain(body);
    expect(bodies).toContain(`@${owner.name} titta här: ${IFRAME}`);
    expect(bodies).toContain(`@${bea.name} ${SVG_SCRIPT} [länk](javascript:window.__xss=1)`);

    const names = await visibleTexts(ownerPage, '.author-name');
    expect(names).toContain(anna.name);
    expect(names.some((name) => name.includes('<img src=x onerror='))).toBe(true);
    expect(names).toContain(carl.name);
    expect(names).toContain(owner.name);
    const organisations = await visibleTexts(ownerPage, '.author-organisation');
    for (const person of [anna, carl, owner]) expect(organisations).toContain(person.organisation);

    expect(await visibleTexts(ownerPage, '.mention')).toEqual(
      expect.arrayContaining([`@${owner.name}`, `@${bea.name}`]),
    );
    expect(await visibleTexts(ownerPage, '.thread-quote')).toContain(TYPED_QUOTE);
    expect(await card.locator('.thread-disposition p').first().textContent()).toBe(
      `${translate('sv', 'comments.dispositionBadge', {
        value: sv['comments.disposition.not-accepted'],
      })} – ${DISPOSITION_REASON}`,
    );
    // The owner sees the hidden comment with the reason; everyone else only the marker.
    expect(await visibleTexts(ownerPage, '.comment-marker')).toContain(
      translate('sv', 'comments.hiddenBy', { name: owner.name, reason: HIDE_REASON }),
    );
    await expectInert(ownerPage, 'the sidebar');
  });

  it('links in comments are http(s) or mailto only, and hovering and clicking them runs nothing', async () => {
    const links = ownerPage.locator('.comment-body a');
    const hrefs = await links.evaluateAll((anchors) =>
      anchors.map((anchor) => anchor.getAttribute('href') ?? ''),
    );
    expect(hrefs.length).toBeGreaterThanOrEqual(5);
    for (const href of hrefs) {
      expect(sanitizeUrl(href), href).toBe(href);
      expect(['http:', 'https:', 'mailto:'], href).toContain(new URL(href).protocol);
    }

    // Links open in a new tab; close those tabs, the test is about this page.
    const context = ownerPage.context();
    const closePopup = (popup: Page) => void popup.close().catch(() => undefined);
    context.on('page', closePopup);
    try {
      for (let index = 0; index < hrefs.length; index += 1) {
        const link = links.nth(index);
        await link.hover();
        await link.click();
      }
      await ownerPage.waitForTimeout(SETTLE_MS);
    } finally {
      context.off('page', closePopup);
    }
    expect(ownerPage.url()).toBe(`${server.url}/d/${server.demoId}`);
    await expectInert(ownerPage, 'after hovering and clicking every comment link');
  });

  it('shows a payload-named collaborator as text in the presence list and on her caret', async () => {
    // Both put their caret in the text: a caret is only shared while the editor has focus.
    await placeCaretAtParagraph(ownerPage, 5);
    await placeCaretAtParagraph(beaPage, 3);
    for (let step = 0; step < 12; step += 1) await beaPage.keyboard.press('Shift+ArrowRight');

    await expect
      .poll(() => visibleTexts(ownerPage, '.collaboration-carets__label'), POLL)
      .toContain(bea.label);
    await expect
      .poll(() => ownerPage.locator('.ProseMirror-yjs-selection').count(), POLL)
      .toBeGreaterThan(0);
    await expect
      .poll(() => visibleTexts(ownerPage, '.presence-person'), POLL)
      .toEqual(
        expect.arrayContaining([bea.label, translate('sv', 'presence.you', { name: owner.label })]),
      );
    await expect
      .poll(() => visibleTexts(beaPage, '.collaboration-carets__label'), POLL)
      .toContain(owner.label);
    expect(await visibleTexts(beaPage, '.presence-person')).toContain(
      translate('sv', 'presence.you', { name: bea.label }),
    );
    await expectInert(ownerPage, 'the presence list and carets');
    await expectInert(beaPage, 'the presence list and carets (CSP on)');
  });

  it('shows names and organisations as text in the members dialog', async () => {
    await ownerPage.getByRole('button', { name: sv['members.button'] }).click();
    const dialog = ownerPage.locator('.members-dialog');
    await expect.poll(() => dialog.locator('.member-group').count(), POLL).toBeGreaterThan(3);
    expect(await dialog.locator('h2').first().textContent()).toBe(
      translate('sv', 'members.heading', { title: TITLE }),
    );
    const groups = await visibleTexts(ownerPage, '.members-dialog .member-group h3');
    const members = await visibleTexts(ownerPage, '.members-dialog .member-name');
    for (const person of [owner, anna, carl, bea]) {
      expect(groups).toContain(person.organisation);
      expect(members.some((member) => member.startsWith(person.name))).toBe(true);
    }
    await expectInert(ownerPage, 'the members dialog');
    await dialog.getByRole('button', { name: sv['members.close'] }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows a mention from a payload-named commenter as text in the inbox', async () => {
    await ownerPage.locator('.inbox-button').click();
    const entry = ownerPage.locator('.notification', { hasText: anna.organisation });
    await entry.waitFor();
    expect(await entry.locator('a').textContent()).toContain(
      translate('sv', 'inbox.mention', {
        name: anna.name,
        organisation: anna.organisation,
        title: TITLE,
      }),
    );
    expect(await entry.locator('.notification-excerpt').textContent()).toBe(
      `@${owner.name} titta här: ${IFRAME}`,
    );
    await expectInert(ownerPage, 'the inbox');

    await entry.locator('a').click();
    await expect.poll(() => ownerPage.url(), POLL).toContain(`?thread=${quoteThread.id}`);
    await expectInert(ownerPage, 'the thread opened from the inbox');
  });

  it('serves the comment report as a download of escaped Markdown, never as a page', async () => {
    const markdown = await request(
      owner,
      'GET',
      `/documents/${server.demoId}/comment-report?format=md`,
    );
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(markdown.headers.get('x-content-type-options')).toBe('nosniff');
    const csv = await request(
      owner,
      'GET',
      `/documents/${server.demoId}/comment-report?format=csv`,
    );
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment;/);
    await csv.arrayBuffer();

    // Through the UI the browser saves the file and stays on the draft.
    const before = ownerPage.url();
    await ownerPage.locator('.report-menu summary').click();
    const [download] = await Promise.all([
      ownerPage.waitForEvent('download'),
      ownerPage.locator('.report-menu a', { hasText: sv['comments.report.md'] }).click(),
    ]);
    const text = await fs.readFile(await download.path(), 'utf8');
    expect(ownerPage.url()).toBe(before);
    expect(text.length).toBeGreaterThan(1_000);
    expect((await markdown.text()).split('\n')[0]).toBe(text.split('\n')[0]);

    // Every payload is in it, escaped so no Markdown renderer makes markup or a link of it.
    expect(text).not.toMatch(/(^|[^\\])</m);
    expect(text).not.toMatch(/(^|[^\\])\]\(/m);
    for (const value of [
      TITLE,
      HIDE_REASON,
      ...[owner, anna, carl].flatMap((person) => [person.name, person.organisation]),
    ]) {
      expect(text).toContain(escapeMarkdownLine(value));
    }
    for (const body of [...BODIES, DISPOSITION_REASON, TYPED_QUOTE]) {
      for (const line of escapeMarkdownBlock(body)) expect(text).toContain(line);
    }
    await expectInert(ownerPage, 'after downloading the report');
  });

  it('never turns payloads in the address (document id, thread, invitation and reset tokens) into markup', async () => {
    const addresses = [
      `/d/${encodeURIComponent(IMG)}?thread=${encodeURIComponent(SCRIPT)}`,
      `/d/${server.demoId}?thread=${encodeURIComponent(BREAKOUT)}`,
      `/invite/${encodeURIComponent(SVG)}`,
      `/reset/${encodeURIComponent(IFRAME)}`,
    ];
    for (const address of addresses) {
      const response = await ownerPage.goto(`${server.url}${address}`);
      expectStrictCsp(response, address);
      // The page's heading; a document page's text may hold an h1 of its own, and with the
      // page's code loaded on first use both can appear in the same instant.
      await ownerPage.locator('main h1').first().waitFor();
      await ownerPage.waitForTimeout(SETTLE_MS);
      await expectInert(ownerPage, address);
    }
  });

  it('a browser that enforces the CSP shows the same payloads, with no violation, and every HTML response has a strict CSP', async () => {
    // Bea's page received every thread live; load it afresh too.
    const response = await beaPage.reload();
    expectStrictCsp(response, '/d/:id, reloaded');
    await editor(beaPage).waitFor();
    await expect.poll(() => beaPage.locator('.thread-card').count(), POLL).toBe(BODIES.length + 1);
    const bodies = await visibleTexts(beaPage, '.comment-body');
    // The hidden comment is withheld from her; every other body is there as text.
    for (const body of BODIES.slice(1)) expect(bodies).toContain(body);
    expect(bodies).not.toContain(BODIES[0]);
    expect(await visibleTexts(beaPage, '.thread-quote')).toContain(TYPED_QUOTE);
    await expectInert(beaPage, 'the sidebar with the CSP on');

    const paths = htmlResponses.map((html) => new URL(html.url()).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/', `/d/${server.demoId}`]));
    for (const html of htmlResponses) expectStrictCsp(html, html.url());
  });
});
