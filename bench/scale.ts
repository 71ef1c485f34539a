// Scale: a synthetic dataset (scripts/generate.ts) loaded into the embedded store and into a
// private Virtuoso (through `load`'s code: SPARQL Update, small graphs batched), then one-entity CONSTRUCTs (what a
// dereference asks) and a SELECT aggregate on each. With --serve: the publisher serving the dataset
// end to end on each store instead (bench/scale-serve.ts; `npm run compile` first).
// Usage: npx tsx bench/scale.ts --triples 1000000 --seed 1 [--store embedded|virtuoso|both] [--serve [--seconds 4]]
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import oxigraph from 'oxigraph';
import { PROJECT_ROOT } from '../src/config.js';
import { readDataFile } from '../src/graph/data-file.js';
import { bulkLoadFile } from '../src/store/bulk-load.js';
import { loadDataset } from '../src/store/remote-load.js';
import { RemoteStore } from '../src/store/remote.js';
import { startVirtuoso, stopVirtuoso } from '../tests/helpers/virtuoso.js';
import { machine, percentile } from './machine.js';
import { sampleEntities, serveScale, type StoreName } from './scale-serve.js';

const { values } = parseArgs({
  options: {
    triples: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    store: { type: 'string', default: 'both' },
    serve: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '4' },
  },
});
const BASE = 'http://localhost:8080/';
const dir = mkdtempSync(join(tmpdir(), 'scale-'));
const file = join(dir, 'dataset.nq');
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

try {
  console.log(`machine: ${machine()}`);
  let t = performance.now();
  const gen = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(PROJECT_ROOT, 'scripts/generate.ts'),
      '--triples',
      values.triples!,
      '--seed',
      values.seed!,
      '--base',
      BASE,
      '--out',
      file,
    ],
    { stdio: ['ignore', 'inherit', 'ignore'] },
  );
  if (gen.status !== 0) throw new Error('generate failed');
  console.log(`generate ${values.triples} quads (seed ${values.seed}): ${((performance.now() - t) / 1000).toFixed(1)} s`);
  if (values.serve) {
    const stores = (['embedded', 'virtuoso'] as StoreName[]).filter((s) => values.store === 'both' || values.store === s);
    await serveScale({ file, triples: Number(values.triples), base: BASE, stores, seconds: Number(values.seconds), connections: 16 });
  }
  const subjects = values.serve ? [] : sampleEntities(file, BASE, 200).map((e) => e.iri);
  const count = `SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type`;
  const describe = (s: string) =>
    `CONSTRUCT { <${s}> ?p ?o . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { <${s}> ?p ?o OPTIONAL { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l } }`;

  if (!values.serve && values.store !== 'virtuoso') {
    const store = new oxigraph.Store();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    t = performance.now();
    let last = 0;
    bulkLoadFile(store, file, (p) => {
      peak = Math.max(peak, process.memoryUsage().rss);
      const pct = Math.floor((p.bytesDone / p.bytes) * 100);
      if (pct >= last + 10 || p.bytesDone === p.bytes) {
        process.stderr.write(`\rembedded: ${pct}%`);
        last = pct;
      }
    });
    const loadMs = performance.now() - t;
    process.stderr.write('\n');
    console.log(
      `embedded: loaded ${store.size} quads in ${(loadMs / 1000).toFixed(1)} s; RSS ${mb(peak)} (process), ${mb(peak - rss0)} over the start`,
    );
    const times = subjects
      .map((s) => {
        const a = performance.now();
        store.query(describe(s), { use_default_graph_as_union: true });
        return performance.now() - a;
      })
      .sort((a, b) => a - b);
    console.log(
      `embedded: one-entity CONSTRUCT x${times.length}: median ${percentile(times, 50).toFixed(2)} ms, p90 ${percentile(times, 90).toFixed(2)} ms`,
    );
    t = performance.now();
    store.query(count, { use_default_graph_as_union: true });
    console.log(`embedded: COUNT by type over everything: ${(performance.now() - t).toFixed(0)} ms`);
  }

  if (!values.serve && values.store !== 'embedded') {
    const virtuoso = await startVirtuoso({ buffers: 170_000, maxRows: 100_000 });
    try {
      const quads = await readDataFile(file);
      t = performance.now();
      let last = 0;
      let writtenAt = 0;
      const report = await loadDataset(
        quads,
        {
          queryEndpoint: virtuoso.endpoint,
          updateEndpoint: virtuoso.updateEndpoint,
          credentials: { user: virtuoso.user, password: virtuoso.password, scheme: 'auto' },
        },
        (p) => {
          const pct = Math.floor((p.triplesDone / p.triples) * 100);
          if (p.triplesDone === p.triples && !writtenAt) writtenAt = performance.now();
          if (pct >= last + 10) {
            process.stderr.write(`\rvirtuoso: ${pct}%`);
            last = pct;
          }
        },
      );
      process.stderr.write('\n');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${virtuoso.pid}/status`, 'utf8'))?.[1];
      console.log(
        `virtuoso (SPARQL Update, batched; ${report.graphs} graphs): loaded and verified ${report.triples} triples in ${((performance.now() - t) / 1000).toFixed(1)} s (writing ${((writtenAt - t) / 1000).toFixed(1)} s, count check ${((performance.now() - writtenAt) / 1000).toFixed(1)} s); server peak RSS ${hwm ? mb(Number(hwm) * 1024) : '?'}`,
      );
      const store = new RemoteStore({ endpoint: virtuoso.endpoint, timeoutMs: 60_000, maxRows: 100_000 });
      const times: number[] = [];
      for (const s of subjects) {
        const a = performance.now();
        await store.construct(describe(s));
        times.push(performance.now() - a);
      }
      times.sort((a, b) => a - b);
      console.log(
        `virtuoso: one-entity CONSTRUCT over HTTP x${times.length}: median ${percentile(times, 50).toFixed(2)} ms, p90 ${percentile(times, 90).toFixed(2)} ms`,
      );
      t = performance.now();
      await store.query(count, { resultsFormat: 'application/sparql-results+json' });
      console.log(`virtuoso: COUNT by type over everything: ${(performance.now() - t).toFixed(0)} ms`);
    } finally {
      await stopVirtuoso(virtuoso);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
