// Comunica, a SPARQL engine nobody here wrote, querying the published data three ways: over Triple
// Pattern Fragments (/fragments), over the SPARQL endpoint as a remote source, and by link
// traversal (Comunica's link-traversal engine) starting from nothing but a /resource IRI in the
// query, dereferencing it and the IRIs it finds. Each answer is the one our own endpoint gives.
import { QueryEngine } from '@comunica/query-sparql';
import { QueryEngine as LinkTraversalEngine } from '@comunica/query-sparql-link-traversal-solid';
import type { Bindings } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPublicServer } from './helpers.js';

let server: Awaited<ReturnType<typeof startPublicServer>>;
let base: string;
beforeAll(async () => {
  server = await startPublicServer();
  base = server.base;
});
afterAll(async () => {
  await server?.close();
});

const PREFIXES = (b: string) => `PREFIX bo: <${b}ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>`;
/** The siege's commanders and their names: two hops from the siege's IRI. */
const COMMANDERS = (b: string) =>
  `${PREFIXES(b)} SELECT DISTINCT ?c ?name WHERE { <${b}resource/Siege_of_Busanjin> bo:commander ?c . ?c rdfs:label ?name }`;

const rows = (bindings: Bindings[]) => bindings.map((b) => `${b.get('c')?.value} ${b.get('name')?.value}`).sort();

/** What our own endpoint answers, as the reference. */
async function ours(query: string): Promise<string[]> {
  const res = await fetch(new URL(`sparql?query=${encodeURIComponent(query)}`, base), {
    headers: { accept: 'application/sparql-results+json' },
  });
  const json = (await res.json()) as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => `${b.c!.value} ${b.name!.value}`).sort();
}

describe('Comunica (@comunica/query-sparql 4)', { timeout: 120_000 }, () => {
  it("over Triple Pattern Fragments: the siege's commanders, as the endpoint answers", async () => {
    const expected = await ours(COMMANDERS(base));
    expect(expected).toEqual([`${base}resource/Jeong_Bal Chŏng Pal`, `${base}resource/So_Yoshitoshi Sō Yoshitoshi`]);
    const engine = new QueryEngine();
    const got = await (await engine.queryBindings(COMMANDERS(base), { sources: [`${base}fragments`], lenient: false })).toArray();
    expect(rows(got)).toEqual(expected);
  });

  it('over the SPARQL endpoint as a source', async () => {
    const engine = new QueryEngine();
    const got = await (
      await engine.queryBindings(COMMANDERS(base), { sources: [{ type: 'sparql', value: `${base}sparql` }], lenient: false })
    ).toArray();
    expect(rows(got)).toEqual(await ours(COMMANDERS(base)));
  });
});

describe('Comunica link traversal (@comunica/query-sparql-link-traversal-solid 0.6)', { timeout: 120_000 }, () => {
  it('from the /resource IRI alone: dereferences it (N-Quads preferred), follows the commanders, finds their names', async () => {
    const engine = new LinkTraversalEngine();
    // No source: the engine starts from the IRIs in the query, as link traversal does. Lenient, as
    // its documentation asks (a document it cannot read is skipped, not fatal): the answer is held
    // to the endpoint's, so nothing skipped goes unnoticed.
    const got = await (await engine.queryBindings(COMMANDERS(base), { lenient: true })).toArray();
    expect(rows(got)).toEqual(await ours(COMMANDERS(base)));
  });
});
