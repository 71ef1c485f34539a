// The engine alone, in this process (issue 19): oxigraph evaluating the five harness queries over
// the article and a generated graph, as the query worker had it (the union default graph, the
// query as written) and as it has it now (the merged default graph written at load, each BGP in
// the data's join order: src/store/join-order.ts), the two alternating query by query. No HTTP,
// no pool: what the engine itself takes for a query evaluated anew.
//   npx tsx bench/engine.ts [--triples 100000] [--iterations 200] [--large-iterations 20]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Writer } from 'n3';
import oxigraph from 'oxigraph';
import { generateDataset, servedQuads } from './datasets.js';
import { PROJECT_ROOT } from '../src/config.js';
import { buildGraph } from '../src/graph/build.js';
import { JoinOrder, STATS_QUERY, statsFrom } from '../src/store/join-order.js';
import { machine, percentile } from './machine.js';
import { benchQueries } from './sparql-queries.js';

const { values } = parseArgs({
  options: {
    triples: { type: 'string', default: '100000' },
    iterations: { type: 'string', default: '200' },
    'large-iterations': { type: 'string', default: '20' },
  },
});
const BASE = 'http://localhost:8080/';
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'engine-'));
  try {
    console.log(
      `Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}; load average before: ${load()}. Median of ${values.iterations} evaluations each over the article, ${values['large-iterations']} over the generated graph, before and after alternating.\n`,
    );
    console.log(
      '| graph | query | before: union default graph, as written (ms) | after: merged default graph, join order (ms) | after / before |',
    );
    console.log('|---|---|--:|--:|--:|');
    const article = await buildGraph({ base: BASE, dataDir: join(PROJECT_ROOT, 'data'), ontologyDir: join(PROJECT_ROOT, 'ontology') });
    await measure('article', article.quads, `${BASE}resource/Siege_of_Busanjin`, Number(values.iterations));
    const file = join(dir, 'synthetic.nq');
    await generateDataset(Number(values.triples), BASE, file);
    const synthetic = await servedQuads(file, BASE);
    const battle = /^<([^>]+\/resource\/Battle_of_[^>]+)> /m.exec(readFileSync(file, 'utf8'))![1]!;
    await measure(`synthetic ${(Number(values.triples) / 1000).toFixed(0)}k`, synthetic, battle, Number(values['large-iterations']));
    console.log(`\nLoad average after: ${load()}.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(graph: string, quads: Parameters<Writer['quadsToString']>[0], entity: string, iterations: number): Promise<void> {
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
  const before = new oxigraph.Store();
  before.load(nquads, { format: 'application/n-quads' });
  const after = new oxigraph.Store();
  after.load(nquads, { format: 'application/n-quads' });
  // WebAssembly memory only grows: what the merge adds to the process is what it holds.
  const rss = process.memoryUsage().rss;
  let t = performance.now();
  after.update('INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }');
  const mergeMs = performance.now() - t;
  const mergeMb = (process.memoryUsage().rss - rss) / 2 ** 20;
  t = performance.now();
  const order = new JoinOrder(statsFrom(after.query(STATS_QUERY, { results_format: 'application/sparql-results+json' }) as string));
  const statsMs = performance.now() - t;
  for (const q of benchQueries(BASE, entity, 'busan')) {
    const a: number[] = [];
    const b: number[] = [];
    const runBefore = () => {
      const t0 = performance.now();
      before.query(q.query, { use_default_graph_as_union: true, results_format: q.accept });
      a.push(performance.now() - t0);
    };
    const runAfter = () => {
      const t0 = performance.now();
      after.query(order.text(q.query), { results_format: q.accept });
      b.push(performance.now() - t0);
    };
    for (let i = 0; i < iterations; i++) {
      if (i % 2) {
        runBefore();
        runAfter();
      } else {
        runAfter();
        runBefore();
      }
    }
    const [x, y] = [
      percentile(
        a.sort((m, n) => m - n),
        50,
      ),
      percentile(
        b.sort((m, n) => m - n),
        50,
      ),
    ];
    console.log(`| ${graph} | ${q.name} | ${x.toFixed(3)} | ${y.toFixed(3)} | ${(y / x).toFixed(2)} |`);
  }
  console.log(
    `| ${graph} | (at load: the merge ${mergeMs.toFixed(0)} ms and ${mergeMb.toFixed(0)} MB, the counts ${statsMs.toFixed(0)} ms; ${before.size.toLocaleString('en')} quads, ${after.size.toLocaleString('en')} with the merge) | | | |`,
  );
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
