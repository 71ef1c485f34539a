// Per-query time of the search index at the article's size: `npx tsx bench/search.ts`.
// Builds the graph once, indexes it as publish() does, then times each query many times.
import { loadConfig } from '../src/config.js';
import { buildGraph } from '../src/graph/build.js';
import { SearchIndex } from '../src/graph/search-index.js';

const QUERIES = [
  'Chong Pal',
  'Jeong Bal',
  'chŏng pal',
  'Busan',
  'busan castle',
  'Kon',
  'siege busanjin',
  'Wŏn Kyun',
  'Park Hong',
  'zzz',
  'the',
  'Kato Kiyomasa',
];
const ROUNDS = 2000;

const config = loadConfig();
const graph = await buildGraph({ base: config.baseUrl, dataDir: config.dataDir, ontologyDir: config.ontologyDir });
let started = performance.now();
const index = SearchIndex.fromQuads(graph.quads, graph.minter.resource(''));
const indexMs = performance.now() - started;

for (let i = 0; i < 200; i++) for (const q of QUERIES) index.search(q); // warm up the JIT

const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const q of QUERIES) {
    started = performance.now();
    index.search(q, { limit: 10 });
    times.push(performance.now() - started);
  }
}
times.sort((a, b) => a - b);
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.log(`search index: ${index.size} entities, built in ${indexMs.toFixed(1)} ms`);
console.log(
  `${times.length} queries: mean ${us(times.reduce((a, b) => a + b, 0) / times.length)}, p50 ${us(at(0.5))}, p99 ${us(at(0.99))}, max ${us(times.at(-1)!)}`,
);
