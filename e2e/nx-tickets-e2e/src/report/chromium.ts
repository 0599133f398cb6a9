import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`; `.ci/run` installs it). */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser is installed (the tests that need it say so when it is not). */
export const hasChromium = existsSync(CHROMIUM);

/** What a page did while it was loaded: console errors, failed requests, requests at all, dialogs. */
export interface PageWatch {
  consoleErrors: string[];
  failedRequests: string[];
  /** Every request other than the page's own file:// URL. */
  requests: string[];
  dialogs: string[];
}

/** A headless Chromium with a fresh profile, closed (and the profile removed) by `close`. */
export interface HeadlessChromium {
  context: BrowserContext;
  /** Open `url` and record what happens, then wait until `ready` (a selector) is attached. */
  open(url: string, ready?: string): Promise<{ page: Page; watch: PageWatch }>;
  close(): Promise<void>;
}

/** Launch Debian's Chromium headless, offline-minded flags, a fresh user-data-dir. */
export async function launchChromium(): Promise<HeadlessChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'nx-tickets-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
  });
  const browser: Browser | null = context.browser();
  return {
    context,
    async open(url, ready) {
      const page = await context.newPage();
      const watch: PageWatch = { consoleErrors: [], failedRequests: [], requests: [], dialogs: [] };
      page.on('console', (message) => {
        if (message.type() === 'error') watch.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => watch.consoleErrors.push(`pageerror: ${error.message}`));
      page.on('requestfailed', (request) => watch.failedRequests.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
      page.on('request', (request) => {
        if (request.url() !== url) watch.requests.push(request.url());
      });
      page.on('dialog', (dialog) => {
        watch.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(url, { waitUntil: 'load' });
      if (ready) await page.waitForSelector(ready, { state: 'attached', timeout: 30_000 });
      return { page, watch };
    },
    async close() {
      await context.close();
      await browser?.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
