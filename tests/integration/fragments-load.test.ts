// /fragments under load and at the edges: one query (one place in the pool's queue) per page, the
// count and the page from it, every concurrent client answered 200 with the default queue, and a
// full queue answered 503 with Retry-After (never 500).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import type { WorkerPool } from '../../src/store/worker-pool.js';
import { fragmentQuery, PAGE_SIZE } from '../../src/sparql/fragments.js';
import { literal, namedNode, quad } from '../../src/rdf/terms.js';
import { parseRdf } from '../helpers/rdf.js';
import { RUNAWAY } from '../helpers/queries.js';
import { BASE, startTestServer } from '../helpers/server.js';

const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const SIEGE = `${BASE}resource/Siege_of_Busanjin`;

async function page(server: RunningServer, path: string) {
  const res = await fetch(new URL(path, server.url), { headers: { accept: 'application/trig' } });
  expect(res.status, path).toBe(200);
  const quads = parseRdf(await res.text(), 'TriG');
  const meta = quads.filter((q) => q.graph.termType !== 'DefaultGraph');
  return {
    data: quads.filter((q) => q.graph.termType === 'DefaultGraph'),
    value: (p: string) => meta.find((q) => q.predicate.value === p)?.object.value,
  };
}

describe('with the default limits', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('asks the store one query per page', async () => {
    const store = server.site.current.store as WorkerPool;
    const spy = vi.spyOn(store, 'query');
    try {
      const first = await page(server, `/fragments?predicate=${encodeURIComponent(RDFS_LABEL)}`);
      expect(first.data).toHaveLength(PAGE_SIZE);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("asks a pattern's count once, and again when the data changes", async () => {
    const store = server.site.current.store as WorkerPool;
    const { graph } = server.site.current;
    const pattern = `/fragments?predicate=${encodeURIComponent(`${BASE}ontology#sequence`)}`;
    const spy = vi.spyOn(store, 'query');
    const asked = () => spy.mock.calls.map(([query]) => query);
    try {
      const first = await page(server, pattern);
      const again = await page(server, pattern);
      expect(again.value(`${HYDRA}totalItems`)).toBe(first.value(`${HYDRA}totalItems`));
      expect(asked()).toHaveLength(2);
      expect(asked()[0]).toMatch(/COUNT/);
      expect(asked()[1]).not.toMatch(/COUNT/);
      // New data: the count is asked again, and is the new one.
      const extra = quad(
        namedNode('urn:x:extra'),
        namedNode(`${BASE}ontology#sequence`),
        literal('99', namedNode('http://www.w3.org/2001/XMLSchema#integer')),
      );
      await store.replace([...graph.quads, extra]);
      try {
        const changed = await page(server, pattern);
        expect(Number(changed.value(`${HYDRA}totalItems`))).toBe(Number(first.value(`${HYDRA}totalItems`)) + 1);
        expect(asked()[2]).toMatch(/COUNT/);
      } finally {
        await store.replace(graph.quads);
      }
      expect((await page(server, pattern)).value(`${HYDRA}totalItems`)).toBe(first.value(`${HYDRA}totalItems`));
    } finally {
      spy.mockRestore();
    }
  });

  it('gives the count past the last page, with no triples and no next page', async () => {
    const label = encodeURIComponent(RDFS_LABEL);
    const first = await page(server, `/fragments?predicate=${label}`);
    const total = Number(first.value(`${HYDRA}totalItems`));
    expect(total).toBeGreaterThan(PAGE_SIZE);
    const past = await page(server, `/fragments?predicate=${label}&page=1000`);
    expect(past.data).toHaveLength(0);
    expect(past.value(`${HYDRA}totalItems`)).toBe(String(total));
    expect(past.value(`${HYDRA}next`)).toBeUndefined();
    // The last page holds the rest, and the pages together hold every triple once.
    const pages = Math.ceil(total / PAGE_SIZE);
    const seen = new Set<string>();
    for (let p = 1; p <= pages; p++) {
      for (const t of (await page(server, `/fragments?predicate=${label}&page=${p}`)).data)
        seen.add(`${t.subject.value} ${t.object.value}`);
    }
    expect(seen.size).toBe(total);
  });

  it('answers a pattern with all three positions given: one triple or none', async () => {
    const date = `${BASE}ontology#date`;
    const literal = '"1592-05-24"^^<http://www.w3.org/2001/XMLSchema#date>';
    const path = (o: string) => `/fragments?${new URLSearchParams({ subject: SIEGE, predicate: date, object: o })}`;
    const found = await page(server, path(literal));
    expect(found.data.map((t) => t.object.value)).toEqual(['1592-05-24']);
    expect(found.value(`${HYDRA}totalItems`)).toBe('1');
    const none = await page(server, path('"1592-05-25"^^<http://www.w3.org/2001/XMLSchema#date>'));
    expect(none.data).toHaveLength(0);
    expect(none.value(`${HYDRA}totalItems`)).toBe('0');
  });

  it('answers 64 clients at once, all 200, and so does /sparql', async () => {
    const tpf = new URL(`/fragments?predicate=${encodeURIComponent(RDFS_LABEL)}`, server.url);
    const statuses = await Promise.all(
      Array.from({ length: 64 }, async () => {
        const res = await fetch(tpf, { headers: { accept: 'text/turtle' } });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const query = `SELECT ?s ?label WHERE { ?s <${RDFS_LABEL}> ?label FILTER(CONTAINS(LCASE(STR(?label)), "busan")) }`;
    const sparql = await Promise.all(
      Array.from({ length: 64 }, async () => {
        const res = await fetch(new URL('/sparql', server.url), {
          method: 'POST',
          headers: { accept: 'application/sparql-results+json' },
          body: new URLSearchParams({ query }),
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(sparql.filter((s) => s !== 200)).toEqual([]);
  });
});

describe('fragmentQuery', () => {
  it('is one SELECT with the count and the page, within one row more than a page', () => {
    const pattern = { subject: undefined, predicate: namedNode(RDFS_LABEL), object: undefined };
    const query = fragmentQuery(pattern, 3);
    expect(query).toMatch(/COUNT\(\*\)/);
    expect(query).toMatch(/ORDER BY \?subject \?object LIMIT 100 OFFSET 200/);
    expect(query).toMatch(/LIMIT 101$/);
    // Without the count: the page alone.
    expect(fragmentQuery(pattern, 3, false)).toBe(
      `SELECT DISTINCT ?subject ?object WHERE { ?subject <${RDFS_LABEL}> ?object } ORDER BY ?subject ?object LIMIT 100 OFFSET 200`,
    );
  });
});

// One worker and no queue: while a runaway query holds the worker, a page cannot be answered now.
describe('when the queue is full', () => {
  let busy: RunningServer;
  const runaway: Promise<Response>[] = [];
  beforeAll(async () => {
    busy = await startTestServer({ SPARQL_TIMEOUT_MS: '120000', SPARQL_WORKERS: '1', SPARQL_QUEUE: '0' });
  });
  afterAll(async () => {
    await busy?.site.current.store.close();
    await Promise.allSettled(runaway);
    await busy?.close();
  });

  it('answers 503 with Retry-After, not 500, and the server keeps answering', async () => {
    const pool = busy.site.current.store as WorkerPool;
    runaway.push(fetch(new URL(`/sparql?query=${encodeURIComponent(RUNAWAY)}`, busy.url)));
    while (pool.stats.busy < 1) await new Promise((r) => setTimeout(r, 10));
    const res = await fetch(new URL(`/fragments?subject=${encodeURIComponent(SIEGE)}`, busy.url), { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.text()).toMatch(/busy/);
    expect((await fetch(new URL('/healthz', busy.url))).status).toBe(200);
    // A bad pattern is still the client's 400, busy or not.
    expect((await fetch(new URL('/fragments?subject=%22x%22', busy.url))).status).toBe(400);
  });
});
