// Chromium (Debian's, driven by playwright-core) for the interop tests: a page on another origin
// that calls our read APIs with fetch(), frames the reconciliation preview, and a browser that
// follows an "Open in SPARQL" link. The origin is a server of its own on another port and host
// name (localhost against the app's 127.0.0.1), so every call is cross-origin, as from a web app.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.js';

export { CHROMIUM };
export const chromiumInstalled = () => existsSync(CHROMIUM);

export interface Browser {
  context: BrowserContext;
  /** The other origin's URL (http://localhost:{port}/). */
  origin: string;
  /** Messages the browser printed about CSP, CORS or framing refusals. */
  refusals: string[];
  /** A page of the other origin with this body (HTML). */
  pageWith(body: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<Browser> {
  // The other origin serves whatever page a test sets, at /.
  let body = '<!doctype html><title>elsewhere</title>';
  const site: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://localhost:${(site.address() as { port: number }).port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'busanjin-interop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: CHROMIUM_ARGS,
  });
  const refusals: string[] = [];
  context.on('console', (msg) => {
    if (/Content Security Policy|Refused to|CORS|X-Frame-Options|frame-ancestors/i.test(msg.text())) refusals.push(msg.text());
  });
  return {
    context,
    origin,
    refusals,
    async pageWith(html: string) {
      body = html;
      const page = await context.newPage();
      await page.goto(origin);
      return page;
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => site.close(() => resolve()));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface CrossOriginAnswer {
  url: string;
  ok: boolean;
  status?: number;
  contentType?: string | null;
  /** The body, as the page's script read it. */
  text?: string;
  /** fetch()'s error when the browser refused the answer (no CORS header). */
  error?: string;
}

/** fetch() from the other origin's page, as a web app would call the API (method, headers, body). */
export async function fetchFrom(
  page: Page,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<CrossOriginAnswer> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, init);
        return { url, ok: res.ok, status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
      } catch (e) {
        return { url, ok: false, error: String(e) };
      }
    },
    { url, init },
  );
}

/** The reconciliation preview framed by a page of the other origin, as OpenRefine shows it: what
 *  the frame holds once loaded (empty when the browser refused to frame it), and its computed
 *  style (the preview's own styles applied, or not, under its CSP). */
export async function framePreview(browser: Browser, previewUrl: string): Promise<{ text: string; refusals: string[]; styled: boolean }> {
  const before = browser.refusals.length;
  const page = await browser.pageWith(
    `<!doctype html><title>OpenRefine</title><iframe id="preview" src="${previewUrl}" width="400" height="140"></iframe>`,
  );
  await page.waitForLoadState('load');
  const frame = page.frames().find((f) => f.url() === previewUrl);
  const text = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
  // An element styled by the preview's own stylesheet has something other than the defaults.
  const styled = frame
    ? await frame
        .evaluate(() => {
          const el = document.body?.firstElementChild;
          if (!el) return false;
          const style = getComputedStyle(el);
          return (
            style.fontFamily !== getComputedStyle(document.documentElement).fontFamily || style.margin !== '0px' || style.padding !== '0px'
          );
        })
        .catch(() => false)
    : false;
  await page.close();
  return { text, refusals: browser.refusals.slice(before), styled };
}

/** Follows the page's "Open in SPARQL" link as a reader clicks it: a page in the browser (the
 *  query page with the query in it), or a download. With `results`, a selector of the query
 *  page, waits for a match to appear (YASGUI runs a linked query as the page opens) and gives the
 *  text of every match. */
export async function openInSparql(
  browser: Browser,
  pageUrl: string,
  o: { results?: string } = {},
): Promise<{ download: boolean; url: string; title: string; body: string; results?: string }> {
  const page = await browser.context.newPage();
  await page.goto(pageUrl);
  // Whichever comes first: the query page loaded in the tab, or a download started instead.
  // A download aborts the navigation: that rejection only means the download event decides.
  const outcome = Promise.race([
    page.waitForEvent('download').then(() => 'download' as const),
    page.waitForURL(/\/sparql\?/, { waitUntil: 'load' }).then(
      () => 'page' as const,
      () => new Promise<never>(() => {}),
    ),
  ]);
  await page.click('a.sparql');
  const download = (await outcome) === 'download';
  // The results are an element YASGUI adds once the endpoint has answered: wait for that event.
  let results: string | undefined;
  if (!download && o.results) {
    await page.locator(o.results).first().waitFor();
    results = (await page.locator(o.results).allInnerTexts()).join('\n');
  }
  const result = {
    download,
    url: page.url(),
    title: await page.title(),
    body: download ? '' : await page.content(),
    ...(results !== undefined ? { results } : {}),
  };
  await page.close();
  return result;
}
