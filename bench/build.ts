// Build time of the article graph: load, infobox, provenance check, SHACL, in one process,
// after one warm-up build (the first also pays for compiling oxigraph's WASM and the modules).
// Usage: npx tsx bench/build.ts [--runs N]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.js';
import { buildGraph } from '../src/graph/build.js';
import { machine, percentile } from './machine.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const options = { base: 'http://localhost:8080/', dataDir: join(PROJECT_ROOT, 'data'), ontologyDir: join(PROJECT_ROOT, 'ontology') };

const firstStart = performance.now();
const first = await buildGraph(options);
const firstMs = performance.now() - firstStart;
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push((await buildGraph(options)).buildMs);
times.sort((a, b) => a - b);

console.log(`machine: ${machine()}`);
console.log(`article graph: ${first.quads.length} quads`);
console.log(`first build in the process: ${firstMs.toFixed(0)} ms`);
console.log(
  `warm builds (${runs}): median ${percentile(times, 50).toFixed(0)} ms, p90 ${percentile(times, 90).toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms`,
);
