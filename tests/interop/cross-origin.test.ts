// Chromium on another origin: a web app's page (http://localhost:{port}, the app being at
// http://127.0.0.1:{port}) calls our read APIs with fetch(), as a browser-based client of the
// linked data would. The browser itself enforces CORS: an answer without it is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, fetchFrom, framePreview, openInSparql, startBrowser, type Browser } from './browser.js';
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

  it.skipIf(!CHROMIUM)(
    'calls the query APIs: SPARQL by GET and by POST (preflighted), fragments, search, a document, reconcile',
    async () => {
      const page = await browser.pageWith('<!doctype html><title>a web app</title>');
      const select = `SELECT ?c WHERE { <${base}resource/Siege_of_Busanjin> <${base}ontology#commander> ?c } ORDER BY ?c`;
      const json = { accept: 'application/sparql-results+json' };
      const cases: [string, Parameters<typeof fetchFrom>[2], RegExp][] = [
        [`sparql?query=${encodeURIComponent(select)}`, { headers: json }, /^application\/sparql-results\+json/],
        // A content type no form can send: the browser asks first (OPTIONS), and sends only if allowed.
        [
          'sparql',
          { method: 'POST', headers: { ...json, 'content-type': 'application/sparql-query' }, body: select },
          /^application\/sparql-results\+json/,
        ],
        [`fragments?subject=${encodeURIComponent(`${base}resource/Busan`)}`, { headers: { accept: 'text/turtle' } }, /^text\/turtle/],
        ['search?q=Busan', { headers: { accept: 'application/json' } }, /json/],
        ['data/Jeong_Bal.nt', {}, /^application\/n-triples/],
        ['reconcile', {}, /^application\/json/],
      ];
      const answers: Record<string, string> = {};
      for (const [path, init, type] of cases) {
        const answer = await fetchFrom(page, `${base}${path}`, init);
        const what = `${init?.method ?? 'GET'} ${path}`;
        expect(answer.error, `${what}: ${answer.error}`).toBeUndefined();
        expect(answer.status, what).toBe(200);
        expect(answer.contentType, what).toMatch(type);
        answers[what] = answer.text!;
      }
      const commanders = (text: string) =>
        (JSON.parse(text) as { results: { bindings: { c: { value: string } }[] } }).results.bindings.map((b) => b.c.value);
      expect(commanders(answers[`GET ${cases[0]![0]}`]!)).toEqual([`${base}resource/Jeong_Bal`, `${base}resource/So_Yoshitoshi`]);
      expect(commanders(answers['POST sparql']!)).toEqual(commanders(answers[`GET ${cases[0]![0]}`]!));
      expect(answers[`GET ${cases[2]![0]}`]).toContain(`${base}resource/Busan`);
      expect(answers['GET search?q=Busan']).toContain(`${base}resource/Busan`);
      await page.close();
    },
  );

  it.skipIf(!CHROMIUM)('frames the reconciliation preview, as OpenRefine does: shown, with its own styles', async () => {
    const shown = await framePreview(browser, `${base}reconcile/preview?id=Jeong_Bal`);
    expect(shown.refusals).toEqual([]);
    expect(shown.text).toContain('Chŏng Pal');
    expect(shown.styled).toBe(true);
  });

  it.skipIf(!CHROMIUM)('follows "Open in SPARQL" from a page: the query page, its query loaded and run, no download', async () => {
    const opened = await openInSparql(browser, `${base}page/Jeong_Bal`, { results: '.tabPanel.active .yasr_results tbody tr' });
    expect(opened.download).toBe(false);
    expect(new URL(opened.url).pathname).toBe('/sparql');
    expect(opened.title).toMatch(/SPARQL/);
    // The query is in the URL and in YASGUI's editor; the rows of the tab YASGUI opened for it
    // (an element YASGUI adds once the endpoint has answered) are Jeong Bal's statements, each in
    // its claim's graph.
    expect(new URL(opened.url).searchParams.get('query')).toContain(`GRAPH ?graph { <${base}resource/Jeong_Bal> ?property ?value }`);
    expect(opened.body.includes(`&lt;${base}resource/Jeong_Bal&gt;`), "the query in YASGUI's editor").toBe(true);
    expect(opened.results).toContain(`<${base}claim/jeong-bal>`);
    expect(opened.results).toContain(`<${base}ontology#commanderOf>`);
  });

  it.skipIf(!CHROMIUM)('reconciles: the manifest, a query batch by GET and by form POST', async () => {
    const page = await browser.pageWith('<!doctype html><title>a web app</title>');
    const manifest = await fetchFrom(page, `${base}reconcile`);
    expect(manifest.error).toBeUndefined();
    expect(JSON.parse(manifest.text!)).toMatchObject({ versions: ['0.2'], identifierSpace: `${base}resource/` });
    const queries = JSON.stringify({ q0: { query: 'Chong Pal', type: 'Person' } });
    const byGet = await fetchFrom(page, `${base}reconcile?queries=${encodeURIComponent(queries)}`);
    expect(byGet.error).toBeUndefined();
    const byPost = await fetchFrom(page, `${base}reconcile`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `queries=${encodeURIComponent(queries)}`,
    });
    expect(byPost.error).toBeUndefined();
    for (const answer of [byGet, byPost]) expect(JSON.parse(answer.text!).q0.result[0]).toMatchObject({ id: 'Jeong_Bal', match: true });
  });
});
