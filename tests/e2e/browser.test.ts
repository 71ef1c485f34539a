// A real browser (Debian's Chromium, driven by playwright-core) on the real app: the landing page,
// a link followed to the siege's page, its timeline, a link in the timeline, no CSP violation, and a
// screenshot kept in test-artifacts/ for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config.js';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/server.js';
import { freePort } from '../helpers/ports.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.js';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');

let server: RunningServer;
let context: BrowserContext;
let profile: string;
const violations: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  // The base is where the browser reaches the app, so every link and redirect works as in production.
  server = await startTestServer({ BASE_URL: `http://127.0.0.1:${port}/`, PORT: String(port) });
  profile = mkdtempSync(join(tmpdir(), 'busanjin-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
  context.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  context.on('weberror', (e) => violations.push(String(e.error())));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('in Chromium', () => {
  it('loads the landing page, follows a link to the siege, finds the timeline, saves a screenshot', async () => {
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });

    await page.goto(server.url);
    expect(await page.title()).toContain('Siege of Busanjin');
    await page.click('p.lead a[href$="/page/Siege_of_Busanjin"]');
    await page.waitForURL(/\/page\/Siege_of_Busanjin$/);
    expect(await page.textContent('h1')).toBe('Siege of Busanjin');

    const timeline = page.locator('figure.timeline svg');
    await timeline.waitFor();
    expect(await page.locator('figure.timeline g.event').count()).toBeGreaterThanOrEqual(15);
    const figureText = await page.locator('figure.timeline').innerText();
    // "From 0400" is a start the article states; "around 0900" is approximate.
    expect(figureText).toContain('04:00');
    expect(figureText).not.toContain('c. 04:00');
    expect(figureText).toContain('c. 09:00');
    const box = await timeline.boundingBox();
    expect(box!.height).toBeGreaterThan(300);
    // The stylesheet applied: the timed events are filled.
    const fill = await page
      .locator('figure.timeline g.timed circle')
      .first()
      .evaluate((el) => getComputedStyle(el).fill);
    expect(fill).not.toBe('rgb(0, 0, 0)');

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'siege-of-busanjin.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await page.locator('figure.timeline').screenshot({ path: join(ARTIFACTS, 'siege-timeline.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'siege-of-busanjin-top.png') });

    // A link in the timeline leads to the event's page.
    await page.locator('figure.timeline a[href$="/page/Death_of_Jeong_Bal"]').click();
    await page.waitForURL(/\/page\/Death_of_Jeong_Bal$/);
    expect(await page.textContent('h1')).toBeTruthy();

    expect(failed).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it('an entity URI typed in the address bar lands on its page (303 by Accept)', async () => {
    const page = await context.newPage();
    await page.goto(new URL('/resource/Chŏng_Pal', server.url).href);
    expect(page.url()).toMatch(/\/page\/Jeong_Bal$/);
    expect(await page.textContent('h1')).toBe('Chŏng Pal');
    await page.screenshot({ path: join(ARTIFACTS, 'jeong-bal.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
