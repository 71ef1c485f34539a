// Chromium on another origin: a web app's page (http://localhost:{port}, the app being at
// http://127.0.0.1:{port}) calls our read APIs with fetch(), as a browser-based client of the
// linked data would. The browser itself enforces CORS: an answer without it is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, fetchFrom, startBrowser, type Browser } from './browser.js';
import { missing, startPublicServer } from './helpers.js';

const CHROMIUM = chromiumInstalled();

let server: Awaited<ReturnType<typeof startPublicServer>>;
let base: string;
let browser: Browser;
beforeAll(async () => {
  server = await startPublicServer();
  base = server.base;
  if (CHROMIUM) browser = await startBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`Chromium on another origin${missing(CHROMIUM, 'Chromium (/usr/bin/chromium)')}`, { timeout: 120_000 }, () => {
  it.skipIf(!CHROMIUM)('reads every document: data, the 303 of a /resource IRI, context, ontology, VoID, dumps', async () => {
    const page = await browser.pageWith('<!doctype html><title>a web app</title>');
    expect(new URL(page.url()).origin).not.toBe(new URL(base).origin);
    const cases: [string, Record<string, string>, RegExp][] = [
      ['data/Busan.ttl', {}, /^text\/turtle/],
      ['data/Busan.jsonld', {}, /^application\/ld\+json/],
      // fetch() follows the 303 across to the document: both answers must allow the origin.
      ['resource/Busan', { accept: 'application/ld+json' }, /^application\/ld\+json/],
      ['resource/Busan', { accept: 'application/n-quads' }, /^application\/n-quads/],
      ['context.jsonld', {}, /^application\/ld\+json/],
      ['ontology.ttl', {}, /^text\/turtle/],
      ['void', { accept: 'text/turtle' }, /^text\/turtle/],
      ['dumps/SHA256SUMS', {}, /^text\/plain/],
    ];
    for (const [path, headers, type] of cases) {
      const answer = await fetchFrom(page, `${base}${path}`, { headers });
      expect(answer.error, `${path}: ${answer.error}`).toBeUndefined();
      expect(answer.status, path).toBe(200);
      expect(answer.contentType, path).toMatch(type);
    }
    const jsonld = JSON.parse((await fetchFrom(page, `${base}data/Busan.jsonld`)).text!) as { '@context': string };
    expect(jsonld['@context']).toBe(`${base}context.jsonld`);
    await page.close();
  });

  it.skipIf(!CHROMIUM)('reconciles: the manifest, a query batch by GET and by form POST', async () => {
    const page = await browser.pageWith('<!doctype html><title>a web app</title>');
    const manifest = await fetchFrom(page, `${base}reconcile`);
    expect(manifest.error).toBeUndefined();
    expect(JSON.parse(manifest.text!)).toMatchObject({ versions: ['0.2'], identifierSpace: `${base}resource/` });
    const queries = JSON.stringify({ q0: { query: 'Chong Pal', type: 'Person' } });
    const byGet = await fetchFrom(page, `${base}reconcile?queries=${encodeURIComponent(queries)}`);
    expect(byGet.error).toBeUndefined();
    const byPost = await fetchFrom(page, `${base}reconcile`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `queries=${encodeURIComponent(queries)}` });
    expect(byPost.error).toBeUndefined();
    for (const answer of [byGet, byPost]) expect(JSON.parse(answer.text!).q0.result[0]).toMatchObject({ id: 'Jeong_Bal', match: true });
  });
});
