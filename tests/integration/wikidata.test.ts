// Queries in Wikidata's vocabulary through /sparql over HTTP: the union default graph holds the
// Wikidata view, so WDQS queries (with the prefixes WDQS declares for them) answer here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { WIKIDATA_EXAMPLES, runnable } from '../../src/wikidata/examples.js';
import { withWdqsPrefixes } from '../../src/wikidata/prefixes.js';
import { BASE, startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function select(query: string): Promise<Record<string, string>[]> {
  const res = await fetch(new URL('/sparql', server.url), {
    method: 'POST',
    headers: { accept: 'application/sparql-results+json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const json = (await res.json()) as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

describe('WDQS queries against /sparql', () => {
  it('SELECT ?p WHERE { wd:Q497046 wdt:P710 ?p } gives the belligerents as Wikidata items', async () => {
    // Written exactly as on query.wikidata.org: no PREFIX lines.
    const rows = await select('SELECT ?p WHERE { wd:Q497046 wdt:P710 ?p }');
    expect(rows.map((r) => r.p)).toEqual(
      expect.arrayContaining(['http://www.wikidata.org/entity/Q11634225', 'http://www.wikidata.org/entity/Q28179']),
    );
  });

  it("a query's own PREFIX still wins over the predeclared one", async () => {
    const rows = await select(`PREFIX wd: <${BASE}resource/> SELECT ?d WHERE { wd:Siege_of_Busanjin <${BASE}ontology#date> ?d }`);
    expect(rows.map((r) => r.d)).toEqual(['1592-05-24']);
  });

  it('a syntax error on line 2 is still reported on line 2', async () => {
    const res = await fetch(new URL('/sparql', server.url), {
      method: 'POST',
      body: new URLSearchParams({ query: 'SELECT ?x\nWHERE { ?x ?y }' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/line 2/);
  });

  it('answers every example query the query page offers', async () => {
    for (const example of WIKIDATA_EXAMPLES) {
      expect((await select(runnable(example))).length, example.id).toBeGreaterThan(0);
    }
  });

  it('mixes the two vocabularies: our spelling of a Wikidata participant', async () => {
    const rows = await select(
      withWdqsPrefixes(`SELECT ?label WHERE { wd:Q497046 wdt:P710 ?p . ?us owl:sameAs ?p ; skos:altLabel ?label }`),
    );
    expect(rows.map((r) => r.label)).toContain('Joseon');
  });

  it('dates in the view compare as WDQS dates do', async () => {
    const rows = await select(withWdqsPrefixes(`SELECT ?e WHERE { ?e wdt:P585 ?d FILTER(?d < "1592-05-24T00:00:00Z"^^xsd:dateTime) }`));
    expect(rows).toEqual([{ e: `${BASE}resource/Departure_from_Tsushima` }]);
  });
});
