// One benchmark harness (issue 7): the publisher (compiled, production settings, embedded store)
// side by side, in the same run, with a bare node:http server sending the same bytes (deref) and a
// private Virtuoso on loopback loaded with the same dataset (SPARQL), at the article graph and at a
// synthetic graph made by scripts/generate.ts. A B A B, so every ratio is measured minutes apart.
//   npm run bench                    the full run; writes the "Harness" section of docs/BENCHMARKS.md
//   npm run bench -- --smoke         every workload for about a second (CI); writes nothing
// Options: --duration S (per round) --rounds N --connections 1,16,64 --triples N --start-timeout S
//   (the publisher's, per size) --no-write --no-compile
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset, writeServed } from './datasets.js';
import { PROJECT_ROOT } from '../src/config.js';
import { compare, compareMany, warm, type Side, type Stats } from './cannon.js';
import { startBareServer, type BareServer } from './deref.js';
import { machine } from './machine.js';
import { startBareProxy } from './proxy.js';
import { CLI, mb, rssBytes, run, startPublisher, type Publisher } from './processes.js';
import { renderReport, writeHarnessSection, type GraphFacts, type Row, type RunFacts } from './report.js';
import { settle } from './scale-serve.js';
import { answerSize, benchQueries, sparqlTarget } from './sparql-queries.js';
import { startVirtuoso, stopVirtuoso, virtuosoInstalled, type VirtuosoInstance } from '../tests/helpers/virtuoso.js';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    triples: { type: 'string' },
    'start-timeout': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'no-compile': { type: 'boolean', default: false },
  },
});
const smoke = values.smoke;
const seconds = Number(values.duration ?? (smoke ? 1 : 2));
const rounds = Number(values.rounds ?? (smoke ? 1 : 2));
const connectionLevels = (values.connections ?? (smoke ? '16' : '1,16,64')).split(',').map(Number);
// Deref is also measured at 32 connections: its target is set there.
const derefLevels = [...new Set([...connectionLevels, ...(smoke ? [] : [32])])].sort((a, b) => a - b);
const triples = Number(values.triples ?? (smoke ? 5_000 : 100_000));
const warmSeconds = smoke ? 0 : 1;
const startTimeoutS = Number(values['start-timeout'] ?? (smoke ? 300 : 900));
const write = !smoke && !values['no-write'];
for (const [name, n] of [
  ['--duration', seconds],
  ['--rounds', rounds],
  ['--triples', triples],
] as const) {
  if (!(n > 0)) throw new Error(`${name} must be a positive number`);
}
if (connectionLevels.some((c) => !Number.isInteger(c) || c < 1 || c > 1024))
  throw new Error('--connections: integers from 1 to 1024, comma-separated');

const BASE = 'http://localhost:8080/';
/** Production settings but the per-client limits: the load generator is one client on loopback
 *  standing for many. 600 queries a minute from one client would be refused by design (the rate
 *  limits, 0 turns them off), and one client runs queries on one worker at a time (half of
 *  SPARQL_WORKERS): many clients would have both workers (2, the default) busy. */
const ONE_CLIENT_STANDS_FOR_MANY = {
  BASE_URL: BASE,
  RATE_LIMIT_SPARQL: '0',
  RATE_LIMIT_RECONCILE: '0',
  RATE_LIMIT_FRAGMENTS: '0',
  SPARQL_WORKERS: '2',
  SPARQL_WORKERS_PER_CLIENT: '2',
};
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const log = (s: string) => process.stderr.write(`${s}\n`);
const ms = (n: number) => Math.round(n);

// Everything started is stopped, by PID, whatever happens.
const cleanups: (() => Promise<void>)[] = [];
async function cleanup(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((e: Error) => log(`cleanup: ${e.message}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  if (!virtuosoInstalled()) throw new Error('virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)');
  const started = performance.now();
  const facts: RunFacts = {
    command,
    machine: machine(),
    date: new Date().toISOString().slice(0, 10),
    loadBefore: loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
    smoke,
    seconds,
    rounds,
    coldStarts: [],
    graphs: [],
  };
  facts.virtuoso =
    /Version (\S+)/.exec(spawnSync('virtuoso-t', ['--version'], { encoding: 'utf8' }).stderr ?? '')?.[1] ?? 'unknown version';
  log(`machine: ${facts.machine}; load average ${facts.loadBefore}; Virtuoso ${facts.virtuoso}`);

  if (!values['no-compile']) {
    const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    facts.compileMs = (await run(process.execPath, [tsc, '-p', join(PROJECT_ROOT, 'tsconfig.build.json')], { timeoutMs: 300_000 })).ms;
    log(`compile (tsc): ${ms(facts.compileMs)} ms`);
  }

  // Build: the CLI's own figure for the build, and the whole process from cold.
  const validate = await run(process.execPath, [CLI, 'validate'], { timeoutMs: 120_000 });
  facts.build = {
    ms: Number(/built in (\d+) ms/.exec(validate.stdout)?.[1] ?? NaN),
    processMs: validate.ms,
    quads: Number(/(\d+) quads/.exec(validate.stdout)?.[1] ?? NaN),
  };
  log(`build: ${facts.build.ms} ms in-process, ${ms(validate.ms)} ms as a process`);

  // Cold start: process start to the first 200 on /healthz, article graph. The first start in a
  // fresh OUT_DIR builds and validates (no build cache); the restarts after it read the build cache.
  const startDir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  cleanups.push(async () => rmSync(startDir, { recursive: true, force: true }));
  for (let i = 0; i < (smoke ? 2 : 4); i++) {
    const p = await startPublisher({ outDir: startDir });
    if (i === 0) facts.firstStartMs = p.startMs;
    else facts.coldStarts.push(p.startMs);
    await p.stop();
  }
  log(`first start (no build cache): ${ms(facts.firstStartMs!)} ms; restarts: ${facts.coldStarts.map(ms).join(', ')} ms`);

  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  for (const graph of ['article', 'synthetic'] as const) {
    const g: GraphFacts = {
      name: graph === 'article' ? 'article' : `synthetic ${(triples / 1000).toFixed(0)}k`,
      answers: [],
    } as unknown as GraphFacts;
    facts.graphs.push(g);
    // This size's processes, stopped before the next size starts (the machine has two cores).
    const local: (() => Promise<void>)[] = [];
    const stopLocal = async () => {
      while (local.length) await local.pop()!().catch((e: Error) => log(`cleanup: ${e.message}`));
    };
    cleanups.push(stopLocal);
    try {
      await measureGraph(graph, g, rows, dir, local);
    } catch (e) {
      // One size failing (e.g. a publisher that does not start in time) leaves the other's figures.
      g.failure = (e as Error).message.split('\n')[0]!.slice(0, 300);
      log(`${g.name}: FAILED: ${(e as Error).message.slice(0, 2000)}`);
    } finally {
      await stopLocal();
      cleanups.splice(cleanups.indexOf(stopLocal), 1);
    }
  }
  facts.totalMs = performance.now() - started;
  facts.loadAfter = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

  const report = renderReport(facts, rows);
  console.log(report.text);
  if (write) {
    writeHarnessSection(join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md'), report.text);
    log('wrote the Harness section of docs/BENCHMARKS.md');
  }
  // The run fails on the publisher's errors; a baseline's (Virtuoso dropping a connection at 64)
  // is reported beside its figures, but is not ours to fail on.
  const failing = rows.filter((r) => failed(r.ours));
  const baselineErrors = rows.filter((r) => !failed(r.ours) && r.baseline && failed(r.baseline));
  const sizesFailed = facts.graphs.filter((g) => g.failure);
  for (const r of failing) log(`FAILED: ${r.graph} ${r.workload} at ${r.connections}: ${describeFailure(r)}`);
  for (const r of baselineErrors)
    log(`baseline errors (not the publisher's): ${r.graph} ${r.workload} at ${r.connections}: ${describeFailure(r)}`);
  log(
    `${rows.length} measurements in ${(facts.totalMs / 1000).toFixed(0)} s; ${failing.length ? `${failing.length} with errors` : 'no errors from the publisher'}${sizesFailed.length ? `; not measured: ${sizesFailed.map((g) => g.name).join(', ')}` : ''}`,
  );
  return failing.length || sizesFailed.length ? 1 : 0;
}

/** One size: its dataset, a Virtuoso loaded with it, the publisher serving it, the bare server, and
 *  every workload at every connection count. */
async function measureGraph(
  graph: 'article' | 'synthetic',
  g: GraphFacts,
  rows: Row[],
  dir: string,
  stops: (() => Promise<void>)[],
): Promise<void> {
  let dataFile: string | undefined;
  let published: string | undefined;
  if (graph === 'synthetic') {
    dataFile = join(dir, `synthetic-${triples}.nq`);
    g.generateMs = await generateDataset(triples, BASE, dataFile);
    log(`${g.name}: generated in ${ms(g.generateMs)} ms`);
    // What the publisher serves from DATA_FILE is the file and the ontology beside it: Virtuoso is
    // loaded with exactly that dataset (graphFromDataFile, as the server calls it).
    published = join(dir, `published-${triples}.nq`);
    await writeServed(dataFile, BASE, published);
  }

  // Virtuoso, loaded through the CLI's `load` (src/store/load.ts).
  const virtuoso: VirtuosoInstance = await startVirtuoso({ buffers: 40_000 });
  const stopV = () => stopVirtuoso(virtuoso);
  stops.push(stopV);
  // The article by the Graph Store Protocol: Debian's Virtuoso 7.2.5 refuses its xsd:time literals in
  // SPARQL Update (DT011 "Cannot convert T04:00:00 to time") but takes them in Turtle. The synthetic
  // graph (no xsd:time, ~8k small graphs) by SPARQL Update, which batches small graphs.
  const via = published ? ['--update', virtuoso.updateEndpoint, '--data', published] : ['--gsp', virtuoso.gspEndpoint];
  g.virtuosoLoadVia = dataFile ? 'SPARQL Update' : 'Graph Store Protocol';
  const load = await run(process.execPath, [CLI, 'load', '--endpoint', virtuoso.endpoint, ...via], {
    env: { BASE_URL: BASE, SPARQL_USER: virtuoso.user, SPARQL_PASSWORD: virtuoso.password },
    timeoutMs: 600_000,
  });
  g.virtuosoLoadMs = load.ms;
  g.virtuosoTriples = Number(/loaded (\d+) triples/.exec(load.stdout)?.[1] ?? NaN);
  g.virtuosoRss = rssBytes(virtuoso.pid);
  log(`${g.name}: Virtuoso loaded ${g.virtuosoTriples} triples in ${ms(load.ms)} ms (busanjin load, whole process)`);

  // The publisher, with the event-loop-delay probe.
  const publisher: Publisher = await startPublisher({
    probe: true,
    timeoutMs: startTimeoutS * 1000,
    env: { ...ONE_CLIENT_STANDS_FOR_MANY, ...(dataFile ? { DATA_FILE: dataFile } : {}) },
  });
  stops.push(publisher.stop);
  g.publisherStartMs = publisher.startMs;
  const health = (await (await fetch(`${publisher.url}healthz`)).json()) as { quads: number };
  g.quads = health.quads;
  // RSS twice: while the documents' warm-up thread still renders (it exits when done, about 2 s
  // for the article), and 5 s after the first 200, as bench/memory.ts reads it: what serving holds.
  const upAt = Date.now();
  await new Promise((r) => setTimeout(r, 500));
  g.publisherRssWarming = rssBytes(publisher.pid);
  await new Promise((r) => setTimeout(r, Math.max(0, upAt + 5000 - Date.now())));
  g.publisherRss = rssBytes(publisher.pid);
  log(
    `${g.name}: publisher serving ${g.quads} quads, up in ${ms(publisher.startMs)} ms, RSS ${mb(g.publisherRssWarming).toFixed(0)} MB at 0.5 s, ${mb(g.publisherRss).toFixed(0)} MB at 5 s`,
  );

  const entity = graph === 'article' ? `${BASE}resource/Siege_of_Busanjin` : firstBattle(dataFile!);
  const slug = entity.slice(`${BASE}resource/`.length);
  const bare: BareServer = await startBareServer(publisher.url, slug);
  stops.push(bare.stop);
  g.documents = bare.documents.map((d) => `${d.format} ${d.bytes} B`).join(', ');

  const ours = (label: string, target: Side['target']): Side => ({
    label,
    target,
    pid: publisher.pid,
    eld: { reset: publisher.resetEld, read: publisher.readEld },
  });
  const local = (path: string) => new URL(path, publisher.url).href;
  const queries = benchQueries(BASE, entity, 'busan');
  const oursEndpoint = local('/sparql');
  // Both stores must give the same answer to each query, or the comparison means nothing.
  g.answers = [];
  for (const q of queries) {
    const [a, b] = [await answerSize(oursEndpoint, q), await answerSize(virtuoso.endpoint, q)];
    g.answers.push(`${q.name}: ${a}${a === b ? '' : ` (Virtuoso: ${b})`}`);
    if (a === 0) throw new Error(`${g.name}: "${q.name}" has an empty answer; the benchmark would measure nothing`);
  }
  const label = await entityLabel(oursEndpoint, entity);

  type Work = { name: string; kind: Row['kind']; levels: number[]; a: Side; b?: Side };
  const work: Work[] = [
    ...bare.documents.map((d): Work => ({
      name: `deref ${d.format}`,
      kind: 'deref',
      levels: derefLevels,
      a: ours('publisher', { url: local(d.path) }),
      b: { label: 'bare node:http', target: { url: `${bare.url}${d.path}` }, pid: bare.pid },
    })),
    ...queries.map((q): Work => ({
      name: `SPARQL ${q.name}`,
      kind: 'sparql',
      levels: connectionLevels,
      a: ours('publisher', sparqlTarget(oursEndpoint, q)),
      b: { label: 'Virtuoso', target: sparqlTarget(virtuoso.endpoint, q), pid: virtuoso.pid },
    })),
    // The same queries evaluated anew each time (Cache-Control: no-cache): what the engine does
    // without the answers the endpoint keeps for a repeated query (src/sparql/result-cache.ts).
    // Virtuoso keeps no answers; it is sent the same header.
    ...queries.map((q): Work => {
      const fresh = (t: Side['target']): Side['target'] => ({ ...t, headers: { ...t.headers, 'cache-control': 'no-cache' } });
      return {
        name: `SPARQL ${q.name}, evaluated anew`,
        kind: 'sparql-fresh',
        levels: [16],
        a: ours('publisher', fresh(sparqlTarget(oursEndpoint, q))),
        b: { label: 'Virtuoso', target: fresh(sparqlTarget(virtuoso.endpoint, q)), pid: virtuoso.pid },
      };
    }),
    {
      name: 'search',
      kind: 'search',
      levels: connectionLevels,
      a: ours('publisher', { url: local(`/search?${new URLSearchParams({ q: label })}`) }),
    },
    {
      name: 'TPF page (rdfs:label)',
      kind: 'tpf',
      levels: connectionLevels,
      a: ours('publisher', {
        url: local(`/fragments?${new URLSearchParams({ predicate: 'http://www.w3.org/2000/01/rdf-schema#label' })}`),
        headers: { accept: 'text/turtle' },
      }),
    },
  ];
  for (const w of work) {
    await warm(w.a, warmSeconds);
    if (w.b) await warm(w.b, warmSeconds);
    for (const c of w.levels) {
      const r = await compare(w.a, w.b, c, seconds, rounds);
      const row: Row = {
        graph: g.name,
        workload: w.name,
        kind: w.kind,
        connections: c,
        ours: r.a,
        ...(r.b ? { baseline: r.b, baselineLabel: w.b!.label } : {}),
      };
      rows.push(row);
      log(line(row));
    }
  }
  // The publisher fronting this Virtuoso (SPARQL_ENDPOINT) against Virtuoso asked directly, each
  // query evaluated anew (issue 19: fronting a store costs little). Started only now and stopped
  // right after, so it neither loads the machine nor renders its documents during the rows above.
  const fronting = await startPublisher({
    timeoutMs: startTimeoutS * 1000,
    env: { ...ONE_CLIENT_STANDS_FOR_MANY, SPARQL_ENDPOINT: virtuoso.endpoint, ...(dataFile ? { DATA_FILE: dataFile } : {}) },
  });
  // Beside it, a bare node:http proxy to the same Virtuoso: the floor of fronting from Node.js.
  const bareProxy = await startBareProxy(virtuoso.endpoint);
  try {
    // Its documents are rendered in the background after it starts: measured once that is done.
    await settle(fronting.pid, 120_000);
    const frontEndpoint = new URL('/sparql', fronting.url).href;
    const fresh = (t: Side['target']): Side['target'] => ({ ...t, headers: { ...t.headers, 'cache-control': 'no-cache' } });
    for (const q of queries) {
      const [a, b] = [await answerSize(frontEndpoint, q), await answerSize(virtuoso.endpoint, q)];
      if (a !== b) throw new Error(`${g.name}: the publisher fronting Virtuoso answered "${q.name}" with ${a}, Virtuoso with ${b}`);
      const front: Side = { label: 'publisher fronting Virtuoso', target: fresh(sparqlTarget(frontEndpoint, q)), pid: fronting.pid };
      const direct: Side = { label: 'Virtuoso', target: fresh(sparqlTarget(virtuoso.endpoint, q)), pid: virtuoso.pid };
      const bare: Side = { label: 'bare node:http proxy', target: fresh(sparqlTarget(bareProxy.url, q)), pid: bareProxy.pid };
      for (const side of [front, direct, bare]) await warm(side, warmSeconds);
      const [ours, store, floor] = await compareMany([front, direct, bare], 16, seconds, rounds);
      const row: Row = {
        graph: g.name,
        workload: `SPARQL ${q.name}, fronting Virtuoso, evaluated anew`,
        kind: 'sparql-fronting',
        connections: 16,
        ours: ours!,
        baseline: store!,
        baselineLabel: 'Virtuoso',
        reference: floor!,
        referenceLabel: bare.label,
      };
      rows.push(row);
      log(line(row));
    }
  } finally {
    await fronting.stop();
    await bareProxy.stop();
  }

  g.publisherRssUnderLoad = Math.max(...rows.filter((r) => r.graph === g.name && r.kind !== 'sparql-fronting').map((r) => r.ours.rssMax));
  g.eldWorst = rows
    .filter((r) => r.graph === g.name && r.ours.eld)
    .map((r) => r.ours.eld!)
    .reduce((a, b) => (b.p99 > a.p99 ? b : a), { p50: 0, p99: 0, max: 0, count: 0 });
}

function failed(s: Stats): boolean {
  return s.errors > 0 || s.non2xx > 0 || s.requests === 0;
}

function describeFailure(r: Row): string {
  const d = (s: Stats) => `${s.requests} responses, ${s.errors} socket errors/timeouts, statuses ${JSON.stringify(s.statuses)}`;
  return `publisher: ${d(r.ours)}${r.baseline ? `; ${r.baselineLabel}: ${d(r.baseline)}` : ''}`;
}

function line(r: Row): string {
  const s = (x: Stats) =>
    `${x.reqPerSec.toFixed(0)} req/s p50 ${x.p50.toFixed(2)} p99 ${x.p99.toFixed(2)} ms, ${x.cpuUsPerRequest.toFixed(0)} µs CPU/req${x.errors + x.non2xx ? ` ERR ${x.errors}+${x.non2xx}` : ''}`;
  return `${r.graph} | ${r.workload} | c=${r.connections} | ${s(r.ours)}${r.baseline ? ` | ${r.baselineLabel}: ${s(r.baseline)} | ratio ${(r.ours.reqPerSec / r.baseline.reqPerSec).toFixed(2)}` : ''}${r.reference && r.baseline ? ` | ${r.referenceLabel}: ${s(r.reference)} | ratio ${(r.reference.reqPerSec / r.baseline.reqPerSec).toFixed(2)}` : ''}`;
}

/** The first battle of a generated file: the synthetic graph's deref and CONSTRUCT subject. */
function firstBattle(file: string): string {
  const text = readFileSync(file, 'utf8');
  const m = /^<([^>]+\/resource\/Battle_of_[^>]+)> /m.exec(text);
  if (!m) throw new Error('no battle in the generated file');
  return m[1]!;
}

async function entityLabel(endpoint: string, entity: string): Promise<string> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query: `SELECT ?l WHERE { <${entity}> <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 1` }),
  });
  const json = (await res.json()) as { results: { bindings: { l: { value: string } }[] } };
  const label = json.results.bindings[0]?.l.value;
  if (!label) throw new Error(`${entity} has no label`);
  return label;
}

main().then(
  async (code) => {
    await cleanup();
    process.exit(code);
  },
  async (e: Error) => {
    log(`bench failed: ${e.stack ?? e.message}`);
    await cleanup();
    process.exit(1);
  },
);
