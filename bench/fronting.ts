// The publisher fronting a store (SPARQL_ENDPOINT) against that store asked directly: a private
// Virtuoso filled by its own bulk loader with a generated dataset, the compiled publisher serving the
// same file with SPARQL_ENDPOINT set to it, and the harness's queries sent to both, every one
// evaluated anew (Cache-Control: no-cache), the sides taking turns (A B A B, or A B C with
// --versus) so every ratio is measured minutes apart at most. Beside throughput: the publisher's own
// CPU time per answered request (from /proc), which the machine's noise moves far less.
//   npx tsx bench/fronting.ts [--triples 100000] [--duration 3] [--rounds 3] [--connections 16]
//     [--versus DIR]   also an earlier build (DIR/dist/cli.js, e.g. from `git archive`), in the same turns
//     [--queries 0,2]  only these of the harness's queries
//     [--profile DIR]  the publisher's CPU profile (node --cpu-prof) into DIR
//   (`npm run compile` first: the publisher runs as production runs it, from dist/)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset } from './datasets.js';
import { startVirtuoso, stopVirtuoso, type VirtuosoInstance } from '../tests/helpers/virtuoso.js';
import { compareMany, warm, type Side, type Stats } from './cannon.js';
import { machine } from './machine.js';
import { NPM_START_NODE_ARGS, startPublisher, type Publisher } from './processes.js';
import { bulkLoad, settle } from './scale-serve.js';
import { answerSize, benchQueries, sparqlTarget } from './sparql-queries.js';

const BASE = 'http://localhost:8080/';
const log = (s: string) => process.stderr.write(`${s}\n`);

/** A publisher to measure: its label, URL and PID. */
export interface Front {
  label: string;
  url: string;
  pid: number;
}
export interface FrontingRow {
  query: string;
  connections: number;
  fronts: { label: string; stats: Stats; cpuMs: number }[];
  virtuoso: Stats;
  virtuosoCpuMs: number;
}

/** CPU time (user + system) in ms (clock ticks of 10 ms) of a process's main thread, where the
 *  publisher answers HTTP and talks to the store (not its query workers or warm-up thread), or of
 *  the whole process (Virtuoso). */
function cpuMs(pid: number, mainThread = true): number {
  const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Every query of the harness to each publisher and to Virtuoso, anew each time, in turns. */
export async function measureFronting(o: {
  fronts: Front[];
  virtuoso: VirtuosoInstance;
  entity: string;
  only?: number[];
  connections: number[];
  seconds: number;
  rounds: number;
}): Promise<FrontingRow[]> {
  const rows: FrontingRow[] = [];
  const fresh = (t: Side['target']): Side['target'] => ({ ...t, headers: { ...t.headers, 'cache-control': 'no-cache' } });
  for (const q of benchQueries(BASE, o.entity, 'busan').filter((_q, i) => !o.only || o.only.includes(i))) {
    const direct = await answerSize(o.virtuoso.endpoint, q);
    const sides: Side[] = [];
    for (const f of o.fronts) {
      const endpoint = new URL('/sparql', f.url).href;
      const size = await answerSize(endpoint, q);
      if (size !== direct) throw new Error(`"${q.name}": ${f.label} answered ${size}, Virtuoso ${direct}`);
      sides.push({ label: f.label, target: fresh(sparqlTarget(endpoint, q)), pid: f.pid });
    }
    sides.push({ label: 'Virtuoso', target: fresh(sparqlTarget(o.virtuoso.endpoint, q)), pid: o.virtuoso.pid });
    for (const s of sides) await warm(s, 1);
    for (const c of o.connections) {
      // Each publisher is idle while the others are loaded: its CPU over the whole comparison is its own rounds'.
      const before = o.fronts.map((f) => cpuMs(f.pid));
      const virtuosoBefore = cpuMs(o.virtuoso.pid, false);
      const stats = await compareMany(sides, c, o.seconds, o.rounds);
      const used = o.fronts.map((f, i) => cpuMs(f.pid) - before[i]!);
      // Virtuoso works in every round, the publishers' too: its CPU per request over all of them.
      const virtuosoUsed = cpuMs(o.virtuoso.pid, false) - virtuosoBefore;
      const row: FrontingRow = {
        query: `${q.name} (${direct} ${q.accept === 'text/turtle' ? 'triples' : 'rows'})`,
        connections: c,
        fronts: o.fronts.map((f, i) => ({ label: f.label, stats: stats[i]!, cpuMs: used[i]! / Math.max(1, stats[i]!.requests) })),
        virtuoso: stats.at(-1)!,
        virtuosoCpuMs:
          virtuosoUsed /
          Math.max(
            1,
            stats.reduce((n, s) => n + s.requests, 0),
          ),
      };
      rows.push(row);
      log(line(row));
    }
  }
  return rows;
}

const rate = (s: Stats) =>
  `${Math.round(s.reqPerSec).toLocaleString('en-US')}${s.errors + s.non2xx ? ` **${s.errors} errors, ${s.non2xx} non-2xx**` : ''}`;
const line = (r: FrontingRow) =>
  `| ${r.query} | ${r.connections} | ${r.fronts.map((f) => `${rate(f.stats)} (${(f.stats.reqPerSec / r.virtuoso.reqPerSec).toFixed(2)}×; p50 ${f.stats.p50.toFixed(1)} ms; CPU ${f.cpuMs.toFixed(2)} ms/req)`).join(' | ')} | ${rate(r.virtuoso)} (p50 ${r.virtuoso.p50.toFixed(1)} ms; CPU ${r.virtuosoCpuMs.toFixed(2)} ms/req) |`;
export const frontingTable = (rows: FrontingRow[]) => {
  const labels = rows[0]?.fronts.map((f) => f.label) ?? ['publisher'];
  return [
    `| query, evaluated anew | connections | ${labels.map((l) => `${l} fronting Virtuoso: req/s (ratio to Virtuoso; p50; the publisher's main-thread CPU per request)`).join(' | ')} | Virtuoso directly: req/s (p50; Virtuoso's CPU per request, all sides) |`,
    `|---|---|${labels.map(() => '---|').join('')}---|`,
    ...rows.map(line),
  ].join('\n');
};

/** The first battle of a generated file (as the harness describes it): a CONSTRUCT of some twenty triples. */
export function firstBattle(file: string): string {
  const m = /^<([^>]+\/resource\/Battle_of_[^>]+)> /m.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error('no battle in the generated file');
  return m[1]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      triples: { type: 'string', default: '100000' },
      duration: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '16' },
      versus: { type: 'string' },
      profile: { type: 'string' },
      queries: { type: 'string' },
    },
  });
  const triples = Number(values.triples);
  const dir = mkdtempSync(join(tmpdir(), 'fronting-'));
  let virtuoso: VirtuosoInstance | undefined;
  const publishers: Publisher[] = [];
  try {
    const header = `machine: ${machine()}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
    log(header);
    const file = join(dir, 'dataset.nq');
    await generateDataset(triples, BASE, file);
    virtuoso = await startVirtuoso({ buffers: 40_000 });
    log(`Virtuoso: ${await bulkLoad(virtuoso, file, BASE)} quads bulk-loaded`);
    const env = { BASE_URL: BASE, DATA_FILE: file, SPARQL_ENDPOINT: virtuoso.endpoint, RATE_LIMIT_SPARQL: '0', LOG_LEVEL: 'warn' };
    const nodeArgs = values.profile ? { nodeArgs: [...NPM_START_NODE_ARGS, '--cpu-prof', '--cpu-prof-dir', values.profile] } : {};
    const fronts: Front[] = [];
    for (const [label, cli] of [
      ['publisher', undefined],
      ...(values.versus ? [['earlier build', join(values.versus, 'dist', 'cli.js')]] : []),
    ] as [string, string | undefined][]) {
      const p = await startPublisher({ ...nodeArgs, ...(cli ? { cli } : {}), timeoutMs: 600_000, env });
      publishers.push(p);
      fronts.push({ label, url: p.url, pid: p.pid });
    }
    // The publisher renders its documents in the background after it starts: measured once that is done.
    for (const p of publishers) log(`${p.url}: CPU idle after ${((await settle(p.pid, 300_000)) / 1000).toFixed(1)} s`);
    const rows = await measureFronting({
      ...(values.queries ? { only: values.queries.split(',').map(Number) } : {}),
      fronts,
      virtuoso,
      entity: firstBattle(file),
      connections: values.connections!.split(',').map(Number),
      seconds: Number(values.duration),
      rounds: Number(values.rounds),
    });
    console.log(
      `\n${header}; after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
    console.log(
      `${triples.toLocaleString('en-US')} generated triples; ${values.rounds} rounds of ${values.duration} s per side, in turns; every request Cache-Control: no-cache\n`,
    );
    console.log(frontingTable(rows));
  } finally {
    for (const p of publishers) await p.stop();
    if (virtuoso) await stopVirtuoso(virtuoso);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
