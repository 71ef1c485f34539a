// The pages on a 390 px phone (Debian's Chromium, driven by playwright-core): the header fits
// the screen, no page scrolls sideways, and the timeline's text is drawn at a readable size. The
// size of SVG text on screen is its font size times the SVG's scale (the viewBox is drawn to fit
// its box), so that is what is measured, not the computed font size alone. Screenshots are kept
// in test-artifacts/ for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config.js';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/server.js';
import { freePort } from '../helpers/ports.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.js';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');
const PHONE = { width: 390, height: 844 };
/** The smallest text, in CSS pixels on screen, that people read on a phone without zooming. */
const READABLE_PX = 12;

let server: RunningServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  const port = await freePort();
  server = await startTestServer({ BASE_URL: `http://127.0.0.1:${port}/`, PORT: String(port) });
  profile = mkdtempSync(join(tmpdir(), 'busanjin-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function widths(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector('header.site') as HTMLElement;
    const nav = header.querySelector('nav') as HTMLElement;
    return {
      viewport: window.innerWidth,
      header: header.scrollWidth,
      nav: nav.scrollWidth,
      navBox: nav.clientWidth,
      document: document.documentElement.scrollWidth,
      navRight: Math.max(...[...nav.querySelectorAll('a')].map((a) => a.getBoundingClientRect().right)),
    };
  });
}

describe('on a 390 px phone', () => {
  it.each(['/', '/page/Siege_of_Busanjin', '/page/claim/imjin-war', '/void', '/dumps/'])(
    'the header of %s fits, and nothing scrolls sideways',
    async (path) => {
      const page = await context.newPage();
      await page.goto(new URL(path, server.url).href);
      // Measured against the phone's width, not innerWidth: a mobile browser widens its layout
      // viewport to fit content that overflows, so innerWidth grows with the very overflow sought.
      const w = await widths(page);
      expect(w.header, JSON.stringify(w)).toBeLessThanOrEqual(PHONE.width);
      expect(w.nav, JSON.stringify(w)).toBeLessThanOrEqual(w.navBox);
      expect(w.navRight, JSON.stringify(w)).toBeLessThanOrEqual(PHONE.width);
      expect(w.document, JSON.stringify(w)).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: join(ARTIFACTS, `phone${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '') || '-home'}.png`) });
      await page.close();
    },
    60_000,
  );

  it("the timeline's text is at least 12 px on screen", async () => {
    const page = await context.newPage();
    await page.goto(new URL('/page/Siege_of_Busanjin', server.url).href);
    const figure = page.locator('figure.timeline');
    await figure.waitFor();
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('figure.timeline svg text')].map((el) => {
        const t = el as SVGTextElement;
        const scale = t.getScreenCTM()!.a;
        return {
          text: t.textContent,
          computed: parseFloat(getComputedStyle(t).fontSize),
          onScreen: parseFloat(getComputedStyle(t).fontSize) * scale,
        };
      }),
    );
    expect(sizes.length).toBeGreaterThan(10);
    const small = sizes.filter((s) => s.onScreen < READABLE_PX - 0.01);
    expect(small, JSON.stringify(small.slice(0, 3))).toEqual([]);
    await figure.screenshot({ path: join(ARTIFACTS, 'phone-timeline.png') });
    await page.close();
  }, 60_000);
});
