// What the HTTP layer adds to the engine's time for a small query (the SPARQL issue: "under
// 0.3 ms"). The publisher (compiled, production settings) answers each of the five bench queries
// one at a time over a kept-alive connection; the same query runs as often on an oxigraph store in
// this process, loaded with the publisher's own N-Quads dump, with the same dataset options and
// results format. The difference of the medians is the protocol layer, the worker round-trip and
// the client's own HTTP work together. Each query is sent with Cache-Control: no-cache, so the
// endpoint evaluates it rather than giving the answer it kept (src/sparql/result-cache.ts); a last
// line gives the same query answered from what the endpoint kept, for scale.
// Server side, from the publisher's own request log: the time from a request's arrival to its last
// byte written, less the engine's own time in the worker (`engineMs`): the layer without the
// client's HTTP work and the loopback.
// Usage: npm run compile && npx tsx bench/sparql-overhead.ts [--requests 2000]
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import oxigraph from 'oxigraph';
import { machine, percentile } from './machine.js';
import { startPublisher } from './processes.js';
import { benchQueries } from './sparql-queries.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' } } });
const N = Number(values.requests);
const BASE = 'http://localhost:8080/';

function post(agent: Agent, url: URL, body: string, accept: string, fresh = true): Promise<void> {
  return new Promise((resolve, reject) => {
    const get = body === '';
    const headers = get
      ? { accept }
      : {
          'content-type': 'application/x-www-form-urlencoded',
          accept,
          'content-length': Buffer.byteLength(body),
          ...(fresh ? { 'cache-control': 'no-cache' } : {}),
        };
    const req = request(url, { method: get ? 'GET' : 'POST', agent, headers }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      res.resume().once('end', () => resolve());
    });
    req.once('error', reject);
    req.end(body);
  });
}

function median(samples: number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    50,
  );
}

const publisher = await startPublisher({ requestLog: true, env: { BASE_URL: BASE, RATE_LIMIT_SPARQL: '0', LOG_LEVEL: 'info' } });
/** The server's log lines of the last `n` /sparql requests, once all of them have been written. */
async function lastSparqlLines(n: number, total: number): Promise<{ responseTime: number; engineMs?: number }[]> {
  const sparql = () => publisher.requestLines().filter((l) => (l.req as { path?: string } | undefined)?.path === '/sparql');
  for (let i = 0; i < 200 && sparql().length < total; i++) await new Promise((r) => setTimeout(r, 25));
  return sparql().slice(-n) as { responseTime: number; engineMs?: number }[];
}
let sent = 0;
try {
  const dump = await (await fetch(`${publisher.url}dumps/busanjin.nq`)).text();
  const store = new oxigraph.Store();
  store.load(dump, { format: 'application/n-quads' });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const endpoint = new URL('sparql', publisher.url);
  console.log(`machine: ${machine()}; ${N} requests per query, one at a time`);
  console.log(
    '| query | over HTTP, median ms | engine in-process, median ms | difference ms | server side: request to last byte, median ms | server side less the engine in the worker, median ms |',
  );
  console.log('|---|--:|--:|--:|--:|--:|');
  for (const q of benchQueries(BASE, `${BASE}resource/Siege_of_Busanjin`, 'busan')) {
    const body = new URLSearchParams({ query: q.query }).toString();
    const format = q.accept === 'text/turtle' ? 'text/turtle' : q.accept;
    const http: number[] = [];
    const engine: number[] = [];
    for (let i = 0; i < N / 10; i++) await post(agent, endpoint, body, q.accept);
    sent += N / 10 + N;
    // Alternating, so both sides see the same moments of a shared machine.
    for (let i = 0; i < N; i++) {
      let t = performance.now();
      await post(agent, endpoint, body, q.accept);
      http.push(performance.now() - t);
      t = performance.now();
      store.query(q.query, { use_default_graph_as_union: true, base_iri: endpoint.href, results_format: format });
      engine.push(performance.now() - t);
    }
    const [h, e] = [median(http), median(engine)];
    const server = await lastSparqlLines(N, sent);
    const layer = server.filter((l) => l.engineMs !== undefined).map((l) => l.responseTime - l.engineMs!);
    console.log(
      `| ${q.name} | ${h.toFixed(3)} | ${e.toFixed(3)} | ${(h - e).toFixed(3)} | ${median(server.map((l) => l.responseTime)).toFixed(3)} | ${layer.length ? median(layer).toFixed(3) : '–'} |`,
    );
  }
  // For scale: the first query answered from what the endpoint kept.
  const [first] = benchQueries(BASE, `${BASE}resource/Siege_of_Busanjin`, 'busan');
  const kept: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await post(agent, endpoint, new URLSearchParams({ query: first!.query }).toString(), first!.accept, false);
    kept.push(performance.now() - t);
  }
  sent += N;
  const keptServer = await lastSparqlLines(N, sent);
  console.log(
    `| ${first!.name}, the answer kept | ${median(kept).toFixed(3)} | – | – | ${median(keptServer.map((l) => l.responseTime)).toFixed(3)} | – |`,
  );
  // For scale: a document express serves from memory (no store), and /healthz (one worker round-trip).
  for (const path of ['context.jsonld', 'healthz']) {
    const url = new URL(path, publisher.url);
    const times: number[] = [];
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      await post(agent, url, '', '*/*');
      times.push(performance.now() - t);
    }
    console.log(`| GET /${path} (no query) | ${median(times).toFixed(3)} | – | – | – | – |`);
  }
  agent.destroy();
} finally {
  await publisher.stop();
}
