/**
 * How the end-to-end tests (tests/e2e/helpers/browser.ts) and the bench's W6
 * (server/bench/browser.ts) start Chromium: one list of flags, so that what a test passes in and
 * what the bench measures run in the same browser setup. Test and bench tooling only; the app
 * itself never starts a browser.
 */

/** The system Chromium (Debian's `chromium` package); neither tests nor the bench download one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags every headless Chromium of tests and bench is started with. */
export const CHROMIUM_ARGS: readonly string[] = [
  // CI and the development machines run as root, and Chromium refuses to start its sandbox as
  // root. The pages loaded are the project's own, served on localhost.
  '--no-sandbox',
  // Headless on a machine with no GPU: software rendering from the start, instead of probing
  // for a GPU process at every start.
  '--disable-gpu',
  // The machine's network is closed: no HTTP/3 attempts beside the localhost HTTP the pages use.
  '--disable-quic',
  // No first-run dialogs or default-browser checks in a new profile.
  '--no-first-run',
  // Without it Chromium opens many connections at once to Google's services (safe browsing,
  // variations, metrics), which the closed network refuses, and fails to look up their hosts
  // at every start.
  '--disable-background-networking',
  // No download of components (Widevine, certificate lists) at start, for the same reason.
  '--disable-component-update',
  // No Chrome Sync, which would try to reach Google.
  '--disable-sync',
  // /dev/shm is small in containers (64 MiB by default); shared memory in /tmp instead, so a
  // large page (W6's 100,000-word draft) does not crash the renderer.
  '--disable-dev-shm-usage',
];
