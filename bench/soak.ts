// Soak: mixed traffic over every route at 64 connections for 60 s (default) on loopback, against
// the compiled server as production runs it (`node dist/cli.js serve`, see processes.ts). Passes
// only with zero socket errors and timeouts, every answer the status its route expects (2xx/3xx;
// the 404s asked for on purpose are 404s), the server's RSS flat after warm-up (within 10%) and its
// open file descriptors (sockets included) back where they started once the load stops.
//
//   npm run soak                     # 60 s, 64 connections (compiles first)
//   npm run soak -- --duration 5     # the short CI version
//   options: --duration S  --connections N  --warmup S
import autocannon from 'autocannon';
import { readdirSync, readlinkSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { machine } from './machine.js';
import { mb, rssBytes, startPublisher } from './processes.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' },
    warmup: { type: 'string' },
  },
});
const DURATION = positive(values.duration!, 'duration');
const CONNECTIONS = positive(values.connections!, 'connections');
const WARMUP = values.warmup !== undefined ? Number(values.warmup) : Math.min(10, Math.floor(DURATION / 5));
/** RSS may grow this much from the end of warm-up to the end of the run. */
const RSS_TOLERANCE = 0.1;
/** RSS is judged only on runs long enough to have a steady state after warm-up. */
const RSS_MIN_DURATION = 30;
/** Descriptors the server may hold after the load beyond what it held before it (a log stream, a timer fd). */
const FD_SLACK = 4;

function positive(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new Error(`--${name} must be a whole number from 1 to 3600 (got ${v})`);
  return n;
}

const BASE = 'http://localhost:8080/';
const PREFIX = `PREFIX bo: <${BASE}ontology#> PREFIX : <${BASE}resource/>`;
const SIEGE_DATE = `${PREFIX} SELECT ?date WHERE { :Siege_of_Busanjin bo:date ?date }`;
const PEOPLE = `${PREFIX} SELECT ?p WHERE { ?p a bo:Person } LIMIT 20`;

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The status this request must get. */
  expect: number;
}

const json = { accept: 'application/sparql-results+json' };
const ROUTES: Route[] = [
  { name: 'landing', method: 'GET', path: '/', headers: { accept: 'text/html' }, expect: 200 },
  { name: 'resource 303', method: 'GET', path: '/resource/Siege_of_Busanjin', headers: { accept: 'text/turtle' }, expect: 303 },
  { name: 'data .ttl', method: 'GET', path: '/data/Siege_of_Busanjin.ttl', expect: 200 },
  { name: 'data JSON-LD', method: 'GET', path: '/data/Jeong_Bal', headers: { accept: 'application/ld+json' }, expect: 200 },
  { name: 'page', method: 'GET', path: '/page/Busan', headers: { accept: 'text/html', 'accept-encoding': 'gzip' }, expect: 200 },
  { name: 'ontology', method: 'GET', path: '/ontology.ttl', expect: 200 },
  { name: 'context', method: 'GET', path: '/context.jsonld', expect: 200 },
  { name: 'void', method: 'GET', path: '/void', headers: { accept: 'text/turtle' }, expect: 200 },
  { name: 'well-known void', method: 'GET', path: '/.well-known/void', expect: 200 },
  { name: 'source', method: 'GET', path: '/source/siege-of-busanjin', expect: 200 },
  { name: 'dumps list', method: 'GET', path: '/dumps/', expect: 200 },
  { name: 'dump', method: 'GET', path: '/dumps/busanjin.nq', headers: { 'accept-encoding': 'gzip' }, expect: 200 },
  { name: 'sparql GET', method: 'GET', path: `/sparql?query=${encodeURIComponent(SIEGE_DATE)}`, headers: json, expect: 200 },
  {
    name: 'sparql POST',
    method: 'POST',
    path: '/sparql',
    headers: { ...json, 'content-type': 'application/x-www-form-urlencoded' },
    body: `query=${encodeURIComponent(PEOPLE)}`,
    expect: 200,
  },
  { name: 'sparql description', method: 'GET', path: '/sparql', headers: { accept: 'text/turtle' }, expect: 200 },
  {
    name: 'fragments',
    method: 'GET',
    path: `/fragments?subject=${encodeURIComponent(`${BASE}resource/Siege_of_Busanjin`)}`,
    headers: { accept: 'text/turtle' },
    expect: 200,
  },
  { name: 'search', method: 'GET', path: '/search?q=Chong%20Pal', expect: 200 },
  { name: 'reconcile manifest', method: 'GET', path: '/reconcile', expect: 200 },
  {
    name: 'reconcile batch',
    method: 'POST',
    path: '/reconcile',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ q0: { query: 'Chong Pal' }, q1: { query: 'Busan', type: 'Place' } }),
    expect: 200,
  },
  { name: 'suggest', method: 'GET', path: '/reconcile/suggest/entity?prefix=Bu', expect: 200 },
  { name: 'healthz', method: 'GET', path: '/healthz', expect: 200 },
  { name: 'metrics', method: 'GET', path: '/metrics', expect: 200 },
  { name: 'unknown entity (404 on purpose)', method: 'GET', path: '/resource/Nobody', expect: 404 },
  { name: 'unknown path (404 on purpose)', method: 'GET', path: '/nothing-here', expect: 404 },
];

/** Open descriptors of a process, and how many of them are sockets. */
function descriptors(pid: number): { fds: number; sockets: number } {
  let fds = 0;
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    fds++;
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      /* closed meanwhile */
    }
  }
  return { fds, sockets };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<number> {
  const publisher = await startPublisher({
    // The rate limits guard a public endpoint against one client; the soak is one client at 64
    // connections, measuring the server, so they are off. The queue holds what 64 connections can send.
    env: { RATE_LIMIT_SPARQL: '0', RATE_LIMIT_RECONCILE: '0', RATE_LIMIT_FRAGMENTS: '0', SPARQL_QUEUE: '128' },
  });
  const failures: string[] = [];
  try {
    const origin = publisher.url.replace(/\/$/, '');
    // Every route answers what it should before the load starts, or there is nothing to soak.
    for (const r of ROUTES) {
      const res = await fetch(origin + r.path, { method: r.method, headers: r.headers ?? {}, body: r.body ?? null, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== r.expect) failures.push(`before the load, ${r.method} ${r.path} answered ${res.status}, not ${r.expect}`);
    }
    if (failures.length) return report(failures);

    const before = descriptors(publisher.pid);
    const counts = new Map<string, Map<number, number>>(ROUTES.map((r) => [r.name, new Map()]));
    const samples: { t: number; rss: number; fds: number; sockets: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      samples.push({ t: (Date.now() - started) / 1000, rss: rssBytes(publisher.pid), ...descriptors(publisher.pid) });
    }, 1000);

    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: origin,
          connections: CONNECTIONS,
          duration: DURATION,
          timeout: 10,
          requests: ROUTES.map((r) => ({
            method: r.method,
            path: r.path,
            ...(r.headers ? { headers: r.headers } : {}),
            ...(r.body !== undefined ? { body: r.body } : {}),
            onResponse: (status: number) => {
              const c = counts.get(r.name)!;
              c.set(status, (c.get(status) ?? 0) + 1);
            },
          })),
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      process.once('SIGINT', () => (instance as unknown as { stop(): void }).stop());
    });
    clearInterval(sampler);
    // Let the server see every connection close, then count again.
    await new Promise((r) => setTimeout(r, 2000));
    const after = descriptors(publisher.pid);

    // Statuses, per route.
    let total = 0;
    const rows: string[] = [];
    for (const r of ROUTES) {
      const c = counts.get(r.name)!;
      const n = [...c.values()].reduce((a, b) => a + b, 0);
      total += n;
      const wrong = [...c].filter(([s]) => s !== r.expect);
      if (n === 0) failures.push(`${r.name}: no answers at all`);
      for (const [s, k] of wrong) failures.push(`${r.name} (${r.method} ${r.path.slice(0, 60)}): ${k} answers ${s}, expected ${r.expect}`);
      rows.push(`| ${r.name} | ${n} | ${[...c].map(([s, k]) => `${s}×${k}`).join(', ')} |`);
    }
    if (result.errors) failures.push(`${result.errors} socket errors`);
    if (result.timeouts) failures.push(`${result.timeouts} timeouts`);

    // RSS and descriptors after warm-up.
    const steady = samples.filter((s) => s.t >= WARMUP);
    const head = steady.slice(0, 3);
    const tail = steady.slice(-3);
    const rssStart = median(head.map((s) => s.rss));
    const rssEnd = median(tail.map((s) => s.rss));
    const rssGrowth = (rssEnd - rssStart) / rssStart;
    const rssMin = Math.min(...steady.map((s) => s.rss));
    const rssMax = Math.max(...steady.map((s) => s.rss));
    if (DURATION >= RSS_MIN_DURATION) {
      if (!(rssGrowth <= RSS_TOLERANCE))
        failures.push(
          `RSS grew ${(rssGrowth * 100).toFixed(1)}% after warm-up (${mb(rssStart).toFixed(0)} → ${mb(rssEnd).toFixed(0)} MB), over ${RSS_TOLERANCE * 100}%`,
        );
    }
    const fdsUnderLoad = steady.map((s) => s.fds);
    if (after.fds > before.fds + FD_SLACK)
      failures.push(`open descriptors grew from ${before.fds} to ${after.fds} (sockets ${before.sockets} → ${after.sockets})`);

    const lat = result.latency as autocannon.Histogram & { p99: number; p50: number };
    const lines = [
      `Soak: ${DURATION} s, ${CONNECTIONS} connections, ${ROUTES.length} requests in rotation, warm-up ${WARMUP} s`,
      `Machine: ${machine()}`,
      `Requests: ${total} (${(total / DURATION).toFixed(0)}/s), socket errors ${result.errors}, timeouts ${result.timeouts}`,
      `Latency (all routes): p50 ${lat.p50} ms, p99 ${lat.p99} ms, max ${lat.max} ms`,
      `RSS after warm-up: ${mb(rssStart).toFixed(0)} MB → end ${mb(rssEnd).toFixed(0)} MB (${rssGrowth >= 0 ? '+' : ''}${(rssGrowth * 100).toFixed(1)}%; min ${mb(rssMin).toFixed(0)}, max ${mb(rssMax).toFixed(0)} MB)` +
        (DURATION >= RSS_MIN_DURATION ? '' : ` [not judged: runs under ${RSS_MIN_DURATION} s]`),
      `Open descriptors: ${before.fds} before (${before.sockets} sockets), ${Math.min(...fdsUnderLoad)}–${Math.max(...fdsUnderLoad)} under load, ${after.fds} after (${after.sockets} sockets)`,
      '',
      '| request | answers | statuses |',
      '|---|---:|---|',
      ...rows,
    ];
    console.log(lines.join('\n'));
    return report(failures);
  } finally {
    await publisher.stop();
  }
}

function report(failures: string[]): number {
  if (!failures.length) {
    console.log('\nsoak: PASS');
    return 0;
  }
  console.error(`\nsoak: FAIL\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
