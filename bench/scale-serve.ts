// Scale, served end to end: the compiled publisher (`node dist/cli.js serve`, DATA_FILE = a generated
// dataset) on the embedded store, and on a private Virtuoso filled by Virtuoso's own bulk loader
// (SPARQL_ENDPOINT; the documents still come from DATA_FILE). For each: spawn to the first 200 on
// /healthz, RSS, the first request of documents nobody asked for yet, then autocannon on the entity
// documents (spread over 200 entities), /search and /sparql. Run from bench/scale.ts --serve.
import { linkSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { Writer } from 'n3';
import { PROJECT_ROOT } from '../src/config.js';
import { graphNames } from '../src/graph/graph-names.js';
import { loadFile } from '../src/graph/parse-files.js';
import { minter } from '../src/rdf/namespaces.js';
import { iri } from '../src/rdf/terms.js';
import { startVirtuoso, stopVirtuoso, type VirtuosoInstance } from '../tests/helpers/virtuoso.js';
import { compare, type Stats, type Target } from './cannon.js';
import { machine, percentile } from './machine.js';
import { mb, rssBytes, run, startPublisher } from './processes.js';
import { benchQueries, sparqlTarget } from './sparql-queries.js';

export type StoreName = 'embedded' | 'virtuoso';
export interface ServeOptions {
  file: string;
  triples: number;
  base: string;
  stores: StoreName[];
  seconds: number;
  connections: number;
}
interface Entity {
  iri: string;
  slug: string;
  label: string;
}
interface Column {
  store: StoreName;
  facts: Map<string, string>;
}

const FORMATS = [
  ['Turtle', (s: string) => `/data/${s}.ttl`],
  ['JSON-LD', (s: string) => `/data/${s}.jsonld`],
  ['HTML', (s: string) => `/page/${s}`],
] as const;
const log = (s: string) => console.error(`[scale-serve] ${s}`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const MB = (bytes: number) => `${mb(bytes).toFixed(0)} MB`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

export async function serveScale(o: ServeOptions): Promise<void> {
  const sample = sampleEntities(o.file, o.base, 400);
  // Even entities: the load (autocannon's first pass over them misses the document cache); odd
  // ones: asked for once each, one at a time, to time a miss on its own.
  const loaded = sample.filter((_, i) => i % 2 === 0);
  const cold = sample.filter((_, i) => i % 2 === 1);
  const header = `machine: ${machine()}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average before: ${load()}`;
  log(header);
  const columns: Column[] = [];
  for (const store of o.stores) columns.push(await measure(store, o, loaded, cold));
  console.log(`\n${header}; after: ${load()}\n`);
  console.log(table(o.triples, columns));
}

async function measure(store: StoreName, o: ServeOptions, loaded: Entity[], cold: Entity[]): Promise<Column> {
  const facts = new Map<string, string>();
  const work: Stats[] = [];
  let virtuoso: VirtuosoInstance | undefined;
  let stopPublisher = async () => {};
  let stopping = false;
  try {
    if (store === 'virtuoso') {
      virtuoso = await startVirtuoso({ buffers: 170_000, maxRows: 100_000 });
      const t = performance.now();
      const quads = await bulkLoad(virtuoso, o.file, o.base);
      facts.set(
        'Virtuoso: bulk load (`ld_dir` + `rdf_loader_run()` + checkpoint, isql), count verified',
        `${secs(performance.now() - t)} (${quads.toLocaleString('en-US')} quads, with the ontology)`,
      );
      facts.set('Virtuoso: RSS after the load', MB(rssBytes(virtuoso.pid)));
      log(`virtuoso: ${[...facts.values()].join('; ')}`);
    }
    // OUT_DIR of its own: `serve` writes its PID to OUT_DIR/busanjin.pid, and the shared build/ one is
    // read (and signalled) by other runs on this machine.
    const env = {
      OUT_DIR: join(dirname(o.file), `out-${store}`),
      BASE_URL: o.base,
      DATA_FILE: o.file,
      RATE_LIMIT_SPARQL: '0',
      LOG_LEVEL: 'warn',
      ...(virtuoso ? { SPARQL_ENDPOINT: virtuoso.endpoint } : {}),
    };
    const p = await startPublisher({ env, timeoutMs: 600_000 });
    stopPublisher = () => {
      stopping = true;
      return p.stop();
    };
    let exit = '';
    p.child.once('exit', (code, signal) => {
      if (stopping) return;
      exit = `the publisher exited (${code ?? signal}) during the run: ${p.log().trim().split('\n').slice(-3).join(' ').slice(0, 300)}`;
      log(exit);
    });
    facts.set('publisher: spawn → first 200 on /healthz', secs(p.startMs));
    facts.set('publisher: RSS then', MB(rssBytes(p.pid)));
    const idleMs = await settle(p.pid, 120_000);
    facts.set('publisher: CPU idle (background rendering done) after, RSS then', `+${secs(idleMs)}, ${MB(rssBytes(p.pid))}`);
    log(`${store}: ${[...facts.values()].join('; ')}`);

    const url = (path: string) => new URL(path, p.url).href;
    const firsts: string[] = [];
    for (const [name, path] of FORMATS) {
      const times: number[] = [];
      for (const e of cold) {
        const t = performance.now();
        const res = await fetch(url(path(e.slug)));
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path(e.slug)}: ${res.status}`);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      firsts.push(`${name} ${percentile(times, 50).toFixed(1)} / ${times.at(-1)!.toFixed(0)}`);
    }
    facts.set(`first request of a document, one at a time (${cold.length} other entities): median / max ms`, firsts.join('; '));

    const endpoint = url('/sparql');
    const [construct, , count] = benchQueries(o.base, loaded[0]!.iri, 'busan');
    const workloads: [string, Target][] = [
      ...FORMATS.map(([name, path]): [string, Target] => [
        `deref ${name}`,
        { url: p.url, rotate: loaded.map((e) => ({ path: path(e.slug) })) },
      ]),
      ['/search?q=(a label)', { url: p.url, rotate: loaded.map((e) => ({ path: `/search?${new URLSearchParams({ q: e.label })}` })) }],
      [
        `SPARQL ${construct!.name}`,
        {
          ...sparqlTarget(endpoint, construct!),
          rotate: loaded.map((e) => ({ body: sparqlTarget(endpoint, benchQueries(o.base, e.iri, 'busan')[0]!).body! })),
        },
      ],
      [`SPARQL ${count!.name}`, sparqlTarget(endpoint, count!)],
    ];
    for (const [name, target] of workloads) {
      const { a } = await compare({ label: store, target, pid: p.pid }, undefined, o.connections, o.seconds, 1);
      work.push(a);
      facts.set(name, cell(a));
      log(`${store}: ${name}: ${cell(a)} (RSS max ${MB(a.rssMax)})`);
      if (exit) throw new Error(exit);
    }
    const rssMax = Math.max(...work.map((s) => s.rssMax));
    facts.set('publisher: RSS, most under load / at the end', `${MB(rssMax)} / ${MB(rssBytes(p.pid))}`);
    if (virtuoso) facts.set('Virtuoso: RSS at the end', MB(rssBytes(virtuoso.pid)));
  } catch (e) {
    // A size that does not serve is a result too: keep what was measured and say what happened.
    facts.set(
      '**failed**',
      String((e as Error).message)
        .split('\n')[0]!
        .replace(/\|/g, '\\|'),
    );
    log(`${store}: FAILED: ${(e as Error).stack ?? e}`);
  } finally {
    await stopPublisher();
    if (virtuoso) await stopVirtuoso(virtuoso);
  }
  return { store, facts };
}

/** Virtuoso's bulk loader, from a directory in its DirsAllowed (the instance's own): the dataset
 *  and the ontology the publisher adds beside it; then the quads under the base are counted. */
export async function bulkLoad(v: VirtuosoInstance, file: string, base: string): Promise<number> {
  linkSync(file, join(v.dir, 'dataset.nq'));
  const m = minter(base);
  const ontology = loadFile(join(PROJECT_ROOT, 'ontology', 'busanjin.ttl'), m.base).quads;
  const writer = new Writer({ format: 'N-Quads' });
  const graph = iri(graphNames(m).ontology);
  writeFileSync(join(v.dir, 'ontology.nq'), ontology.map((q) => writer.quadToString(q.subject, q.predicate, q.object, graph)).join(''));
  await run(
    'isql-vt',
    [`127.0.0.1:${v.sqlPort}`, v.user, v.password, `exec=ld_dir('${v.dir}', '%.nq', 'urn:x:default'); rdf_loader_run(); checkpoint;`],
    { timeoutMs: 600_000 },
  );
  const expected = Number(readFileSync(file, 'utf8').match(/\n/g)?.length ?? 0) + ontology.length;
  const res = await fetch(v.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query: `SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${base}")) }` }),
  });
  const n = Number(((await res.json()) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]?.n.value);
  if (n !== expected) throw new Error(`Virtuoso holds ${n} quads under ${base}, expected ${expected}`);
  return n;
}

/** Waits until the process uses under 5% of a core over a second (the documents rendered in the
 *  background after the start are done); returns how long that took. */
export async function settle(pid: number, limitMs: number): Promise<number> {
  const cpu = () =>
    readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ')
      .slice(11, 13)
      .reduce((n, x) => n + Number(x), 0);
  const started = performance.now();
  let before = cpu();
  while (performance.now() - started < limitMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpu();
    if (now - before < 5) break; // clock ticks: 1/100 s
    before = now;
  }
  return performance.now() - started;
}

/** Every n-th entity of the file that has a label: its IRI, slug and label. */
export function sampleEntities(path: string, base: string, n: number): Entity[] {
  const prefix = `${base}resource/`;
  const labels = new Map<string, string>();
  const text = readFileSync(path, 'utf8');
  for (const m of text.matchAll(/^<([^>]+)> <http:\/\/www\.w3\.org\/2000\/01\/rdf-schema#label> "([^"\\]*)"/gm)) {
    if (m[1]!.startsWith(prefix) && !labels.has(m[1]!)) labels.set(m[1]!, m[2]!);
  }
  const all = [...labels].map(([iri, label]) => ({ iri, slug: iri.slice(prefix.length), label }));
  const step = Math.max(1, Math.floor(all.length / n));
  return all.filter((_, i) => i % step === 0).slice(0, n);
}

function cell(s: Stats): string {
  const bad =
    s.errors + s.non2xx
      ? `; **${s.errors} errors, ${s.non2xx} non-2xx** (${Object.entries(s.statuses)
          .filter(([k]) => !k.startsWith('2'))
          .map(([k, v]) => `${v}×${k}`)
          .join(', ')})`
      : '';
  return `${Math.round(s.reqPerSec).toLocaleString('en-US')} req/s, p50 ${s.p50.toFixed(1)} / p99 ${s.p99.toFixed(1)} ms${bad}`;
}

function table(triples: number, columns: Column[]): string {
  const rows = [...new Set(columns.flatMap((c) => [...c.facts.keys()]))];
  const size = triples >= 1e6 ? `${triples / 1e6}M` : `${triples / 1e3}k`;
  return [
    `| ${size} quads | ${columns.map((c) => c.store).join(' | ')} |`,
    `|---|${columns.map(() => '---|').join('')}`,
    ...rows.map((r) => `| ${r} | ${columns.map((c) => c.facts.get(r) ?? '–').join(' | ')} |`),
  ].join('\n');
}
