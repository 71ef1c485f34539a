// Where a request to the publisher fronting a store spent its time, step by step, in one process
// (no HTTP server in front, no store behind): what the remote store did per request before it used
// the analysis and kept texts (sparqljs parsed the query again for its form, and again to write it
// with the row cap), how it read a CONSTRUCT (n3 parse, Turtle writer) and sent it (fetch), against
// what it does now (storeText's kept text, N-Triples lines passed through, node:http kept alive).
//   npx tsx bench/fronting-parts.ts
import sparqljs from 'sparqljs';
import http from 'node:http';
import { Parser as N3Parser } from 'n3';
import { benchQueries } from './sparql-queries.js';
import { serialize } from '../src/rdf/serialize.js';
import { formatByMediaType } from '../src/rdf/formats.js';
import { analyze } from '../src/query/analyze.js';
import { storeText } from '../src/query/store-query.js';
import { WDQS } from '../src/wikidata/prefixes.js';
const BASE = 'http://localhost:8080/';
const qs = benchQueries(BASE, `${BASE}resource/Battle_of_X`, 'busan');
const time = async (name: string, n: number, f: () => unknown) => {
  for (let i = 0; i < 200; i++) await f();
  const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(name, (((performance.now() - t) / n) * 1000).toFixed(0), 'µs');
};
for (const q of qs) {
  const text = analyze(q.query, `${BASE}sparql`, WDQS).text;
  await time(`old: parse (queryForm) ${q.name}`, 2000, () => new sparqljs.Parser({ baseIRI: `${BASE}sparql` }).parse(text));
  await time(`old: parse+generate (capSelect) ${q.name}`, 2000, () =>
    new sparqljs.Generator().stringify({
      ...(new sparqljs.Parser({ baseIRI: `${BASE}sparql` }).parse(text) as sparqljs.SelectQuery),
      limit: 10001,
    }),
  );
  const a = analyze(q.query, `${BASE}sparql`, WDQS);
  await time(`new: storeText (cached) ${q.name}`, 20000, () => storeText(a, 10001));
}
const nt = Array.from({ length: 11 }, (_, i) => `<${BASE}resource/Battle_of_X>\t<${BASE}ontology#p${i}>\t"value ${i}" .`).join('\n') + '\n';
const turtle = formatByMediaType('text/turtle')!;
await time('old: N3 parse + Turtle serialize, 11 triples', 2000, async () =>
  serialize(new N3Parser({ format: 'N-Triples' }).parse(nt), turtle),
);
await time('new: pass-through lines, 11 triples', 20000, () =>
  nt
    .split('\n')
    .filter((l) => l.trim() && /\.\s*$/.test(l))
    .join('\n'),
);
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('{"boolean":true}'));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const body = new URLSearchParams({ query: qs[0]!.query, timeout: '10000' });
await time('old: fetch (URLSearchParams body), serial', 2000, async () =>
  (
    await fetch(url, {
      method: 'POST',
      headers: { accept: 'x', 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(10000),
    })
  ).text(),
);
await time(
  'new: http.request keep-alive, serial',
  2000,
  () =>
    new Promise((resolve, reject) => {
      const b = Buffer.from(body.toString());
      const r = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { accept: 'x', 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(b.length) },
        },
        (res) => {
          const c: Buffer[] = [];
          res.on('data', (d) => c.push(d));
          res.on('end', () => resolve(Buffer.concat(c).toString()));
        },
      );
      r.on('error', reject);
      r.end(b);
    }),
);
server.close();
agent.destroy();
