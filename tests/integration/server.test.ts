// The real app on port 0: health, dumps and SPARQL over the built graph.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { RunningServer } from '../../src/server.js';
import { parseRdf, sameGraph } from '../helpers/rdf.js';
import { BASE, startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, init?: RequestInit) => fetch(new URL(path, server.url), init);

describe('GET /healthz', () => {
  it('answers 200 when the store answers', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', store: 'embedded' });
  });
});

describe('GET /dumps', () => {
  it('serves N-Quads, TriG and JSON-LD whose checksums match SHA256SUMS', async () => {
    const sums = await (await get('/dumps/SHA256SUMS')).text();
    for (const name of ['busanjin.nq', 'busanjin.trig', 'busanjin.jsonld']) {
      const res = await get(`/dumps/${name}`);
      expect(res.status).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(sums).toContain(`${createHash('sha256').update(body).digest('hex')}  ${name}`);
    }
  });

  it('N-Quads and TriG dumps hold the same graph', async () => {
    const nq = parseRdf(await (await get('/dumps/busanjin.nq')).text(), 'N-Quads');
    const trig = parseRdf(await (await get('/dumps/busanjin.trig')).text(), 'TriG');
    expect(nq.length).toBeGreaterThan(1000);
    expect(sameGraph(nq, trig)).toBe(true);
  });

  it('404 for an unknown dump', async () => {
    expect((await get('/dumps/nothing.nq')).status).toBe(404);
  });
});

describe('/sparql', () => {
  it('answers a SELECT over the union of all graphs', async () => {
    const query = `PREFIX bo: <${BASE}ontology#> SELECT ?date WHERE { <${BASE}resource/Siege_of_Busanjin> bo:date ?date }`;
    const res = await get(`/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { results: { bindings: { date: { value: string } }[] } };
    expect(json.results.bindings.map((b) => b.date.value)).toEqual(['1592-05-24']);
  });

  it('refuses an update with 403 and leaves the data as it was', async () => {
    const res = await get('/sparql', { method: 'POST', body: new URLSearchParams({ update: 'INSERT DATA { <a:a> <a:b> <a:c> }' }) });
    expect(res.status).toBe(403);
    const ask = await get(`/sparql?query=${encodeURIComponent('ASK { <a:a> ?p ?o }')}`, {
      headers: { accept: 'application/sparql-results+json' },
    });
    expect(await ask.json()).toMatchObject({ boolean: false });
  });

  it('400 with the parser message for a malformed query', async () => {
    const res = await get(`/sparql?query=${encodeURIComponent('SELEC ?x WHERE {')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Malformed query/);
  });
});
