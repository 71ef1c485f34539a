// The HTML pages over HTTP: landing and entity pages, the siege's timeline, footnotes with the
// source sentences, the embedded JSON-LD with schema.org terms, assets served by the app under a
// Content-Security-Policy, and the XSS probe (a graph built from a copy of data/ with markup in it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { PROJECT_ROOT } from '../../src/config.js';
import type { RunningServer } from '../../src/server.js';
import { parseRdf } from '../helpers/rdf.js';
import { BASE, startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, server.url), { redirect: 'manual', ...init });
const text = async (path: string) => (await get(path)).text();

/** Attribute values of a kind in our own markup (href="…", src="…"), HTML entities decoded. */
function attributes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) =>
    m[1]!
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'"),
  );
}

function embeddedJsonLd(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}

describe('the landing page', () => {
  it('says what the dataset is and links to every entity page, each of which answers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('Siege of Busanjin');
    const pages = [...new Set(attributes(html, 'href').filter((h) => h.startsWith('/page/')))];
    expect(pages.length).toBe(server.site.current.documents.entities.size);
    for (const page of pages) expect((await get(page)).status, page).toBe(200);
    for (const link of ['/ontology', '/void', '/sparql', '/dumps/busanjin.nq']) expect(attributes(html, 'href')).toContain(link);
    expect(attributes(html, 'href').some((h) => h.startsWith('/sparql?query='))).toBe(true);
  });

  it('lists kinds of entity from the ontology only, not the modelling devices', async () => {
    const headings = [...(await text('/')).matchAll(/<h3>(.*?)<\/h3>/g)].map((h) => h[1]!);
    expect(headings).toEqual(expect.arrayContaining(['person', 'siege', 'Other']));
    for (const internal of ['owl:NegativePropertyAssertion', 'skos:Concept']) expect(headings).not.toContain(internal);
  });
});

describe('entity pages', () => {
  it('Chŏng Pal: label, spellings, types, statements with links, Wikidata, formats, SPARQL', async () => {
    const html = await text('/page/Jeong_Bal');
    expect(html).toContain('<h1>Chŏng Pal</h1>');
    for (const spelling of ['Jeong Bal', 'Joeng Bal']) expect(html).toContain(spelling);
    expect(html).toMatch(/class="type" href="\/ontology#Person"/);
    expect(attributes(html, 'href')).toContain('/page/Siege_of_Busanjin');
    expect(html).toContain('No Wikidata item with evidence yet.');
    expect(attributes(await text('/page/Siege_of_Busanjin'), 'href')).toContain('http://www.wikidata.org/entity/Q497046');
    for (const ext of ['ttl', 'jsonld', 'nt', 'nq', 'trig', 'rdf']) expect(attributes(html, 'href')).toContain(`/data/Jeong_Bal.${ext}`);
    const sparql = attributes(html, 'href').find((h) => h.startsWith('/sparql?query='))!;
    expect(decodeURIComponent(sparql.slice('/sparql?query='.length))).toContain(`<${BASE}resource/Jeong_Bal>`);
  });

  it('footnotes give the source sentence of each statement', async () => {
    const html = await text('/page/Jeong_Bal');
    // The claims that state something about Chŏng Pal, and the sentence of each.
    const quads = parseRdf(await text('/data/Jeong_Bal.nq'), 'N-Quads');
    const claims = new Set(
      quads
        .filter((q) => q.subject.value === `${BASE}resource/Jeong_Bal` && q.graph.value.startsWith(`${BASE}claim/`))
        .map((q) => q.graph.value),
    );
    const cited = new Set(
      quads.filter((q) => claims.has(q.subject.value) && q.predicate.value === `${BASE}ontology#sentence`).map((q) => q.object.value),
    );
    const sentences = quads.filter(
      (q) => q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value' && cited.has(q.subject.value),
    );
    expect(sentences.length).toBeGreaterThan(2);
    const escape = (s: string) =>
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const s of sentences) expect(html).toContain(escape(s.object.value));
    expect(html).toMatch(/<sup><a href="#fn-1" class="fn">1<\/a><\/sup>/);
    expect(html).toContain('id="fn-1"');
  });

  it('the siege page draws the day as a partial order: the article\'s order, "while" alongside, times as given', async () => {
    const html = await text('/page/Siege_of_Busanjin');
    const figure = html.match(/<figure class="timeline"[\s\S]*?<\/figure>/)?.[0];
    expect(figure).toBeDefined();
    expect(figure).toContain('<svg');
    // Each order the data states is an arrow, in the order of the rows; nothing else is.
    const arrows = [...figure!.matchAll(/<title>(?:the article|our inference): (.*?), then (.*?)<\/title>/g)].map((a) => [a[1]!, a[2]!]);
    expect(arrows.length).toBe(7);
    expect(figure!.match(/<title>our inference: /g)).toHaveLength(1);
    for (const [a, b] of arrows) expect(figure!.indexOf(`>${a}</text>`), `${a} before ${b}`).toBeLessThan(figure!.indexOf(`>${b}</text>`));
    // "While": Dadaejin is a band beside the siege, not a step between two of its events.
    expect(figure).toMatch(/class="event alongside"[\s\S]*?meanwhile: Battle of Dadaejin/);
    expect(figure).not.toMatch(/class="event[^"]*" id="timeline-\d+"[^>]*>[\s\S]{0,400}?>Battle of Dadaejin</);
    // "From 0400" is a start, "around 0900" approximate.
    expect(figure).toContain('>04:00<');
    expect(figure).toContain('>c. 09:00<');
    expect(figure).not.toContain('c. 04:00');
  });

  it('shows quantities as numbers in place, with their qualifier, not as IRIs', async () => {
    const html = await text('/page/Siege_of_Busanjin');
    const statements = html.slice(html.indexOf('<h2>Statements</h2>'), html.indexOf('<h2>Sources</h2>'));
    expect(statements).toContain('8,500 Koreans killed, according to Japanese records');
    expect(statements).toContain('1,200–8,500 killed');
    expect(statements).toMatch(/unknown \(“\?”\)/);
    expect(statements).not.toMatch(/>res:Siege_of_Busanjin#/);
  });

  it('marks what the curators inferred as inferred, with its reasoning and the claims it rests on', async () => {
    const html = await text('/page/Arrival_at_Busan_Harbor');
    expect(html).toMatch(
      /1592-05-23<\/span> <span class="datatype">xsd:date<\/span><sup><a href="#fn-\d+" class="fn inferred">\d+<\/a><\/sup> <span class="inferred">\(inferred\)<\/span>/,
    );
    expect(html).toContain('Inferred by the curators, not said by the article:');
    expect(html).toMatch(/Inferred from: .*<code>claim:departure-then-arrival<\/code>/);
    // What the article says is not marked.
    expect(html).toMatch(/Busan Harbor<\/a><sup><a href="#fn-\d+" class="fn">/);
  });

  it('embeds its JSON-LD, with schema.org terms', async () => {
    const [data] = embeddedJsonLd(await text('/page/Siege_of_Busanjin'));
    const expanded = (await jsonld.expand(data as never)) as Record<string, unknown>[];
    const node = expanded.find((n) => n['@id'] === `${BASE}resource/Siege_of_Busanjin`)!;
    expect(node['@type']).toContain('http://schema.org/Event');
    expect(JSON.stringify(node['http://schema.org/name'])).toContain('Siege of Busanjin');
    expect(JSON.stringify(node['http://schema.org/sameAs'])).toContain('http://www.wikidata.org/entity/');
  });

  it('the ontology page documents each hash term at its anchor', async () => {
    const html = await text('/ontology.html');
    const quads = parseRdf(await text('/ontology.ttl'), 'Turtle', BASE);
    const terms = new Set(quads.map((q) => q.subject.value).filter((s) => s.startsWith(`${BASE}ontology#`)));
    expect(terms.size).toBeGreaterThan(10);
    for (const term of terms) expect(html, term).toContain(`id="${term.split('#')[1]}"`);
  });
});

describe('assets and Content-Security-Policy', () => {
  it('every page loads only what the app serves, under a CSP it satisfies', async () => {
    for (const path of ['/', '/page/Siege_of_Busanjin', '/page/Jeong_Bal', '/ontology.html']) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await res.text();
      // No inline style or script: the CSP would block them.
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
      expect(html.match(/<script(?![^>]*type="application\/ld\+json")/g)).toBeNull();
      const assets = [...attributes(html, 'src'), ...[...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!)];
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        expect(asset.startsWith('/'), asset).toBe(true);
        expect((await get(asset)).status, asset).toBe(200);
      }
    }
  });
});

describe('the XSS probe: markup in the data renders as text', () => {
  let probe: RunningServer;
  let dir: string;
  const MARKUP = `<script>alert('label')</script><img src=x onerror=alert(1)>`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'busanjin-xss-'));
    cpSync(join(PROJECT_ROOT, 'data'), dir, { recursive: true });
    // A claim quoting a real sentence, whose statements carry markup and a script-closing tag.
    writeFileSync(
      join(dir, 'xss-probe.trig'),
      `@prefix : <resource/> .
@prefix bo: <ontology#> .
@prefix claim: <claim/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
claim:xss-probe {
  :Busan skos:altLabel ${JSON.stringify(MARKUP)}@en ; rdfs:comment "</script><b>bold</b> & \\"quoted\\""@en .
}
claim:xss-probe a bo:Claim ; oa:hasSelector [ a oa:TextQuoteSelector, oa:TextPositionSelector ;
  oa:exact "The siege of Busanjin () was a battle fought at Busan on 24 May 1592, between Japanese and Korean forces." ; oa:start 409 ; oa:end 514 ] .
`,
    );
    probe = await startTestServer({ DATA_DIR: dir });
  });
  afterAll(async () => {
    await probe?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the page shows the markup as text, and the embedded JSON-LD cannot close its script', async () => {
    const res = await fetch(new URL('/page/Busan', probe.url));
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    // The only </script> tags close our own script elements.
    expect(html.split('</script>').length - 1).toBe(html.match(/<script type="application\/ld\+json">/g)!.length);
    const [data] = embeddedJsonLd(html);
    expect(JSON.stringify(data)).toContain(MARKUP);
  });
});
