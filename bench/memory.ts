// The publisher's memory serving the article (the linked-data issue: "RSS under 150 MB"), and what
// node's options do to it: each configuration is a fresh publisher (compiled, production settings,
// the build read from its cache), its RSS read from /proc 5 s after its first 200, then the article's
// Turtle and HTML dereferenced at 32 connections, then a small SPARQL query evaluated anew (the query
// pool grows to its maximum), with the highest RSS seen meanwhile and the throughput beside it (an
// option that saves memory must not cost requests). Configurations alternate, round after round,
// since the machine's speed moves between minutes. `--versus` gives the other side's node options
// (default: none), `--versus-env` its environment in place of the start script's (malloc's settings).
// Usage: npm run compile && npx tsx bench/memory.ts [--rounds 3] [--seconds 5] [--versus="--max-semi-space-size=16"] [--versus-env="MALLOC_ARENA_MAX=2"]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compare, warm, type Side } from './cannon.js';
import { machine } from './machine.js';
import { mb, NPM_START_ENV, NPM_START_NODE_ARGS, parseEnvAssignments, rssBytes, startPublisher } from './processes.js';
import { benchQueries, sparqlTarget } from './sparql-queries.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    versus: { type: 'string', default: '' },
    'versus-env': { type: 'string', default: '' },
  },
});
const ROUNDS = Number(values.rounds);
const SECONDS = Number(values.seconds);
// The other side keeps the start script's environment unless --versus-env replaces it.
const versusEnv = values['versus-env'] ? parseEnvAssignments(values['versus-env']) : NPM_START_ENV;
const startEnv = Object.entries(NPM_START_ENV)
  .map(([k, v]) => `${k}=${v}`)
  .join(' ');
const CONFIGS = [
  {
    label: `npm start (${[startEnv, ...NPM_START_NODE_ARGS].join(' ') || 'no options'})`,
    nodeArgs: NPM_START_NODE_ARGS,
    env: NPM_START_ENV,
  },
  values['versus-env'] && !values.versus
    ? { label: `npm start's node options, ${values['versus-env']}`, nodeArgs: NPM_START_NODE_ARGS, env: versusEnv }
    : {
        label: `${values.versus || "node's defaults"}${values['versus-env'] ? `, ${values['versus-env']}` : ''}`,
        nodeArgs: values.versus.split(/\s+/).filter(Boolean),
        env: versusEnv,
      },
];
const SPARQL = benchQueries('http://localhost:8080/', 'http://localhost:8080/resource/Siege_of_Busanjin', 'busan').find(
  (q) => q.name === 'join + FILTER',
)!;
const WORKLOADS = (url: string) => [
  { label: 'Turtle', target: { url: url + 'data/Siege_of_Busanjin.ttl', headers: { accept: 'text/turtle', 'accept-encoding': 'br' } } },
  { label: 'HTML', target: { url: url + 'page/Siege_of_Busanjin', headers: { accept: 'text/html', 'accept-encoding': 'br' } } },
  // Evaluated anew each time (no-cache), so the query workers answer, not the kept answers.
  {
    label: 'SPARQL',
    target: (() => {
      const t = sparqlTarget(url + 'sparql', SPARQL);
      return { ...t, headers: { ...t.headers, 'cache-control': 'no-cache' } };
    })(),
  },
];

// One build cache for every publisher: each starts as a restarted server does.
const outDir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
const rows: string[] = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const config of CONFIGS) {
      // The load generator is one client: no per-client limit on /sparql.
      const publisher = await startPublisher({
        nodeArgs: config.nodeArgs,
        outDir,
        startEnv: config.env,
        env: { LOG_LEVEL: 'info', RATE_LIMIT_SPARQL: '0' },
      });
      try {
        await new Promise((r) => setTimeout(r, 5000));
        const afterStart = rssBytes(publisher.pid);
        const cells: string[] = [];
        let loadedMax = 0;
        for (const doc of WORKLOADS(publisher.url)) {
          const side: Side = { label: doc.label, target: doc.target, pid: publisher.pid };
          await warm(side, 1);
          const { a } = await compare(side, undefined, 32, SECONDS, 1);
          if (a.errors || a.non2xx) throw new Error(`${doc.label}: ${a.errors} errors, ${a.non2xx} non-2xx answers`);
          loadedMax = Math.max(loadedMax, a.rssMax);
          cells.push(`${Math.round(a.reqPerSec).toLocaleString('en')} req/s, p99 ${a.p99.toFixed(1)} ms`);
        }
        rows.push(`| ${config.label} | ${round} | ${mb(afterStart).toFixed(0)} | ${mb(loadedMax).toFixed(0)} | ${cells.join(' | ')} |`);
        console.error(rows.at(-1));
      } finally {
        await publisher.stop();
      }
    }
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

console.log(
  `Machine: ${machine()}; ${new Date().toISOString().slice(0, 16)} UTC; ${ROUNDS} round(s), ${SECONDS} s a document at 32 connections.\n`,
);
console.log(
  '| configuration | round | RSS 5 s after start, MB | RSS at most under load, MB | Turtle | HTML | SPARQL join + FILTER, evaluated anew |',
);
console.log('|---|--:|--:|--:|---|---|---|');
for (const row of rows) console.log(row);
