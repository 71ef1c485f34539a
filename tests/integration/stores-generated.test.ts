// A generated dataset (scripts/generate.ts) published with DATA_FILE, on the embedded store and on a
// private Virtuoso filled by `load`'s code: the generator is deterministic, and both stores answer alike.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataFile } from '../../src/graph/data-file.js';
import type { RunningServer } from '../../src/server.js';
import { countGraphs, groupByGraph, loadDataset } from '../../src/store/remote-load.js';
import { answer, expectSameAnswer, solutions } from '../helpers/same-answers.js';
import { BASE, startTestServer } from '../helpers/server.js';
import { startVirtuoso, stopVirtuoso, type VirtuosoInstance } from '../helpers/virtuoso.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRIPLES = 3000;
const dir = mkdtempSync(join(tmpdir(), 'generated-'));

function generate(triples: number, seed: number, out: string): string {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/generate.ts', '--triples', String(triples), '--seed', String(seed), '--out', out],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`generate failed: ${run.stderr}`);
  return readFileSync(out, 'utf8');
}

let file: string;
let virtuoso: VirtuosoInstance;
let embedded: RunningServer;
let remote: RunningServer;

beforeAll(async () => {
  file = join(dir, 'a.nq');
  generate(TRIPLES, 7, file);
  virtuoso = await startVirtuoso();
  await loadDataset(await readDataFile(file), {
    queryEndpoint: virtuoso.endpoint,
    updateEndpoint: virtuoso.updateEndpoint,
    credentials: { user: virtuoso.user, password: virtuoso.password, scheme: 'auto' },
  });
  embedded = await startTestServer({ DATA_FILE: file });
  remote = await startTestServer({ DATA_FILE: file, SPARQL_ENDPOINT: virtuoso.endpoint });
}, 180_000);

afterAll(async () => {
  await embedded?.close();
  await remote?.close();
  if (virtuoso) await stopVirtuoso(virtuoso);
  rmSync(dir, { recursive: true, force: true });
});

describe('scripts/generate.ts', () => {
  it('makes exactly the number of quads asked, all distinct, the same for the same seed and not for another', () => {
    const text = readFileSync(file, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(TRIPLES);
    expect(new Set(lines).size).toBe(TRIPLES);
    expect(generate(TRIPLES, 7, join(dir, 'b.nq'))).toBe(text);
    expect(generate(TRIPLES, 8, join(dir, 'c.nq'))).not.toBe(text);
  });

  it('puts every statement in a claim graph whose source and quote are in the provenance graph', async () => {
    const quads = await readDataFile(file);
    const claims = new Set(quads.filter((q) => q.graph.value.startsWith(`${BASE}claim/`)).map((q) => q.graph.value));
    const described = new Set(
      quads
        .filter((q) => q.graph.value === `${BASE}graph/provenance` && q.predicate.value === 'http://www.w3.org/ns/prov#wasDerivedFrom')
        .map((q) => q.subject.value),
    );
    expect(claims.size).toBeGreaterThan(100);
    // The last claim may be cut by the exact count before its provenance is written.
    expect([...claims].filter((c) => !described.has(c)).length).toBeLessThanOrEqual(1);
    expect(quads.every((q) => q.graph.value.startsWith(`${BASE}claim/`) || q.graph.value === `${BASE}graph/provenance`)).toBe(true);
  });
});

describe('DATA_FILE, on both stores', () => {
  it('the store holds every graph of the file, with its count', async () => {
    const expected = groupByGraph(await readDataFile(file));
    const counts = await countGraphs({ queryEndpoint: virtuoso.endpoint }, [...expected.keys()]);
    expect([...expected].filter(([g, { lines }]) => counts.get(g) !== lines.length)).toEqual([]);
  });

  const queries = [
    [
      'battles by war',
      `PREFIX bo: <${BASE}ontology#> SELECT ?war (COUNT(?b) AS ?n) WHERE { ?b a bo:Battle ; bo:partOf ?war } GROUP BY ?war`,
    ],
    [
      'commanders and their allegiance',
      `PREFIX bo: <${BASE}ontology#> SELECT ?b ?c ?side WHERE { ?b bo:commander ?c . ?c bo:allegiance ?side }`,
    ],
    [
      'events in order, with booleans',
      `PREFIX bo: <${BASE}ontology#> SELECT ?e ?n ?approx WHERE { ?e bo:sequence ?n ; bo:approximate ?approx }`,
    ],
    ['counts by graph kind', `SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${BASE}claim/")) }`],
  ] as const;
  for (const [what, query] of queries) {
    it(`SELECT: ${what}`, async () => {
      const path = `/sparql?query=${encodeURIComponent(query)}`;
      const init = { headers: { accept: 'application/sparql-results+json' } };
      const [a, b] = [await answer(embedded.url, path, init), await answer(remote.url, path, init)];
      expect(a.status).toBe(200);
      expect((solutions(a.body) as string[]).length).toBeGreaterThan(0);
      await expectSameAnswer(a, b, BASE);
    });
  }

  it('CONSTRUCT of one generated battle: isomorphic', async () => {
    const query = `PREFIX bo: <${BASE}ontology#> CONSTRUCT { ?b ?p ?o } WHERE { { SELECT ?b WHERE { ?b a bo:Battle } ORDER BY ?b LIMIT 1 } ?b ?p ?o }`;
    const path = `/sparql?query=${encodeURIComponent(query)}`;
    const init = { headers: { accept: 'text/turtle' } };
    const [a, b] = [await answer(embedded.url, path, init), await answer(remote.url, path, init)];
    expect(a.status).toBe(200);
    expect(a.body).toMatch(/Battle/);
    await expectSameAnswer(a, b, BASE);
  });
});
