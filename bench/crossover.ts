// The crossover (issue 19): from what size of graph each of the harness's SPARQL query shapes is
// answered faster by a real store than by the embedded one. At each size, the compiled publisher
// (embedded store, production settings) and a private Virtuoso loaded with the same dataset answer
// the five queries of bench/sparql-queries.ts, each evaluated anew (`Cache-Control: no-cache`),
// publisher and Virtuoso alternating (A B A B) at the same connection count.
//   npx tsx bench/crossover.ts [--sizes article,10000,30000,100000] [--seconds 2] [--rounds 2]
//                              [--connections 16] [--no-compile]
// Prints a Markdown table: req/s of each side and their ratio per query and size, then the first
// measured size at which each query falls below Virtuoso.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset, writeServed } from './datasets.js';
import { PROJECT_ROOT } from '../src/config.js';
import { startVirtuoso, stopVirtuoso, virtuosoInstalled } from '../tests/helpers/virtuoso.js';
import { compare, warm, type Side, type Stats } from './cannon.js';
import { machine } from './machine.js';
import { CLI, run, startPublisher } from './processes.js';
import { answerSize, benchQueries, sparqlTarget } from './sparql-queries.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'article,10000,30000,100000' },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    'no-compile': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes!.split(',').map((s) => (s === 'article' ? 'article' : Number(s)));
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
if (sizes.some((s) => s !== 'article' && !(s > 0)) || !(seconds > 0) || !(rounds > 0) || !(connections > 0)) throw new Error('bad options');

const BASE = 'http://localhost:8080/';
const log = (s: string) => process.stderr.write(`[crossover] ${s}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const fresh = (t: Side['target']): Side['target'] => ({ ...t, headers: { ...t.headers, 'cache-control': 'no-cache' } });

interface Cell {
  ours: Stats;
  virtuoso: Stats;
}
interface Column {
  label: string;
  quads: number;
  cells: Map<string, Cell>;
}

const stops: (() => Promise<void>)[] = [];
async function stopAll(): Promise<void> {
  while (stops.length) await stops.pop()!().catch((e: Error) => log(`cleanup: ${e.message}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void stopAll().finally(() => process.exit(130));
  });

async function measure(size: 'article' | number, dir: string): Promise<Column> {
  let dataFile: string | undefined;
  let published: string | undefined;
  if (size !== 'article') {
    dataFile = join(dir, `synthetic-${size}.nq`);
    await generateDataset(size, BASE, dataFile);
    // Virtuoso gets exactly what the publisher serves from DATA_FILE: the file and the ontology.
    published = join(dir, `published-${size}.nq`);
    await writeServed(dataFile, BASE, published);
  }
  const virtuoso = await startVirtuoso({ buffers: 40_000 });
  stops.push(() => stopVirtuoso(virtuoso));
  // As the harness loads it: the article by the Graph Store Protocol (Virtuoso's SPARQL Update
  // refuses its xsd:time literals), a generated graph by SPARQL Update.
  const via = published ? ['--update', virtuoso.updateEndpoint, '--data', published] : ['--gsp', virtuoso.gspEndpoint];
  await run(process.execPath, [CLI, 'load', '--endpoint', virtuoso.endpoint, ...via], {
    env: { BASE_URL: BASE, SPARQL_USER: virtuoso.user, SPARQL_PASSWORD: virtuoso.password },
    timeoutMs: 900_000,
  });
  const publisher = await startPublisher({
    timeoutMs: 900_000,
    env: { BASE_URL: BASE, RATE_LIMIT_SPARQL: '0', ...(dataFile ? { DATA_FILE: dataFile } : {}) },
  });
  stops.push(publisher.stop);
  const { quads } = (await (await fetch(`${publisher.url}healthz`)).json()) as { quads: number };
  // The publisher renders every entity's documents in a thread after it starts (a few seconds at
  // 100k): measured before that ends, its first query would share the cores with the rendering.
  await settled(publisher.pid);
  const label = size === 'article' ? 'article' : `${(size / 1000).toFixed(0)}k`;
  log(`${label}: ${quads} quads; load average ${load()}`);
  const entity = size === 'article' ? `${BASE}resource/Siege_of_Busanjin` : firstBattle(dataFile!);
  const ours = new URL('/sparql', publisher.url).href;
  const cells = new Map<string, Cell>();
  for (const q of benchQueries(BASE, entity, 'busan')) {
    const [a, b] = [await answerSize(ours, q), await answerSize(virtuoso.endpoint, q)];
    if (a !== b) log(`${label} ${q.name}: ${a} rows here, ${b} on Virtuoso`);
    const sideA: Side = { label: 'publisher', target: fresh(sparqlTarget(ours, q)), pid: publisher.pid };
    const sideB: Side = { label: 'Virtuoso', target: fresh(sparqlTarget(virtuoso.endpoint, q)), pid: virtuoso.pid };
    // The first warm-up also lets the pool start its second worker, which loads the data.
    await warm(sideA, cells.size ? 1 : 4);
    await warm(sideB, cells.size ? 1 : 4);
    const r = await compare(sideA, sideB, connections, seconds, rounds);
    cells.set(q.name, { ours: r.a, virtuoso: r.b! });
    log(
      `${label} | ${q.name} | ${r.a.reqPerSec.toFixed(0)} against ${r.b!.reqPerSec.toFixed(0)} req/s${r.a.errors + r.a.non2xx ? ` | publisher errors ${r.a.errors}+${r.a.non2xx}` : ''}`,
    );
  }
  await stopAll();
  return { label, quads, cells };
}

/** Waits (at most 3 minutes) until the process has used under 5 % of a core for a whole second. */
async function settled(pid: number): Promise<void> {
  const cpu = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / USER_HZ;
  };
  const deadline = Date.now() + 180_000;
  let last = cpu();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpu();
    if (now - last < 0.05) return;
    last = now;
  }
  log(`the publisher (pid ${pid}) was still busy after 3 minutes`);
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

function firstBattle(file: string): string {
  const m = /^<([^>]+\/resource\/Battle_of_[^>]+)> /m.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error('no battle in the generated file');
  return m[1]!;
}

function report(columns: Column[], header: string): string {
  const names = [...columns[0]!.cells.keys()];
  // Virtuoso may answer none in a round at the larger sizes: then it is the slower one.
  const ratio = (c: Cell) => (c.virtuoso.reqPerSec > 0 ? c.ours.reqPerSec / c.virtuoso.reqPerSec : Infinity);
  const shown = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'Virtuoso answered none');
  const lines = [
    header,
    '',
    `| query, evaluated anew, ${connections} connections | ${columns.map((c) => `${c.label} (${c.quads.toLocaleString('en')} quads): publisher / Virtuoso req/s, ratio`).join(' | ')} |`,
    `|---|${columns.map(() => '--:').join('|')}|`,
    ...names.map(
      (n) =>
        `| ${n} | ${columns
          .map((c) => {
            const x = c.cells.get(n)!;
            return `${x.ours.reqPerSec.toFixed(0)} / ${x.virtuoso.reqPerSec.toFixed(0)}, **${shown(ratio(x))}**`;
          })
          .join(' | ')} |`,
    ),
    '',
    'Crossover: the smallest measured size from which the embedded store answers fewer queries a second than Virtuoso at every larger size measured:',
    '',
    ...names.map((n) => {
      const from = columns.findIndex((_, i) => columns.slice(i).every((c) => ratio(c.cells.get(n)!) < 1));
      const at = columns[from];
      return `- ${n}: ${at ? `${at.label} (${at.quads.toLocaleString('en')} quads, ${shown(ratio(at.cells.get(n)!))})` : `none up to ${columns.at(-1)!.label}`}`;
    }),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (!virtuosoInstalled()) throw new Error('virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)');
  if (!values['no-compile']) {
    await run(
      process.execPath,
      [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(PROJECT_ROOT, 'tsconfig.build.json')],
      { timeoutMs: 300_000 },
    );
  }
  const header = `Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}; load average before: ${load()}.`;
  const dir = mkdtempSync(join(tmpdir(), 'crossover-'));
  try {
    const columns: Column[] = [];
    for (const size of sizes) columns.push(await measure(size, dir));
    console.log(report(columns, `${header} After: ${load()}. Each figure: ${rounds} rounds of ${seconds} s per side, alternating.`));
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(async (e: Error) => {
  log(`failed: ${e.stack ?? e.message}`);
  await stopAll();
  process.exit(1);
});
