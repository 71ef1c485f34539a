// Dereferencing, on its own: the app serving an entity document vs a bare node:http server sending
// the same bytes, in the same run, with the same load (32 connections), one process per server.
//   npx tsx bench/deref-compare.ts [--slug Siege_of_Busanjin] [--ext ttl] [--duration 5] [--rounds 3] [--connections 32]
// The two servers take turns, round after round (order swapped each round), and the median round
// is reported: on a shared machine, load from elsewhere then hits both alike. (bench/harness.ts
// runs the same comparison among its other workloads, against the compiled publisher.)
// Prints a Markdown table for docs/BENCHMARKS.md. Not a test: the figures depend on the machine.
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    slug: { type: 'string', default: 'Siege_of_Busanjin' },
    ext: { type: 'string', default: 'ttl' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
  },
});
const duration = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const SERVER = fileURLToPath(new URL('./deref-compare-server.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
}

/** Forks one side; `first` is sent before it is ready (the bare server's bytes). */
function start(mode: 'app' | 'bare', first?: unknown): Promise<Running> {
  const child = fork(SERVER, [mode], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  if (first) child.send(first as never);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.on('message', (m: { kind: string; url?: string }) => {
      if (m.kind === 'ready') resolve({ child, url: m.url! });
    });
  });
}

function rss(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: { kind: string; rss?: number }) => {
      if (m.kind !== 'rss') return;
      child.off('message', onMessage);
      resolve(m.rss!);
    };
    child.on('message', onMessage);
    child.send({ kind: 'rss' });
  });
}

function load(url: string, seconds: number, headers: Record<string, string> = {}): Promise<autocannon.Result> {
  return autocannon({ url, connections, duration: seconds, headers });
}

const app = await start('app');
const idleRss = await rss(app.child);
const path = `data/${values.slug}.${values.ext}`;
const res = await fetch(new URL(path, app.url), { headers: { 'accept-encoding': 'identity' } });
if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
const body = Buffer.from(await res.arrayBuffer());
const bare = await start('bare', { kind: 'bytes', body: body.toString('base64'), contentType: res.headers.get('content-type') });

// Warm both (JIT, sockets), then take turns.
await load(new URL(path, app.url).href, 2);
await load(bare.url, 2);
const appRuns: autocannon.Result[] = [];
const bareRuns: autocannon.Result[] = [];
for (let round = 0; round < rounds; round++) {
  for (const side of round % 2 ? ['bare', 'app'] : ['app', 'bare']) {
    if (side === 'app') appRuns.push(await load(new URL(path, app.url).href, duration));
    else bareRuns.push(await load(bare.url, duration));
  }
}
const median = (runs: autocannon.Result[]) =>
  [...runs].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(runs.length / 2)]!;
const appRun = median(appRuns);
const bareRun = median(bareRuns);
const redirectRun = await load(new URL(`resource/${values.slug}`, app.url).href, duration, { accept: 'text/turtle' });
const appRss = await rss(app.child);

const row = (name: string, r: autocannon.Result, expected = '2xx') =>
  `| ${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${expected === '2xx' ? (r.non2xx ? `${r.non2xx} non-2xx` : 'all 2xx') : `${r['3xx'] ?? 0} × ${expected}`} |`;
const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
const each = (runs: autocannon.Result[]) => runs.map((r) => Math.round(r.requests.average)).join(', ');
console.log(`Document: /${path} (${body.length} bytes, ${res.headers.get('content-type')}), ${connections} connections, ${rounds} rounds of ${duration} s per server (median round shown), Node ${process.version}, ${cpus()[0]?.model} × ${cpus().length}
| server | req/s | p50 ms | p99 ms | responses |
|---|---|---|---|---|
${row('app: GET /' + path, appRun)}
${row('bare node:http, same bytes', bareRun)}
${row('app: GET /resource/' + values.slug + ' (303)', redirectRun, '303')}

req/s per round: app ${each(appRuns)}; bare ${each(bareRuns)}
app / bare throughput (medians): ${((100 * appRun.requests.average) / bareRun.requests.average).toFixed(0)} %; app RSS once published: ${mb(idleRss)} MB, after the runs: ${mb(appRss)} MB`);

for (const side of [app, bare]) {
  side.child.removeAllListeners('exit');
  side.child.disconnect();
}
