#!/usr/bin/env node
// busanjin: the command line. build | validate | serve | reload | quotes | load | links check | export
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT, type Config } from './config.js';
import type { BuiltGraph } from './graph/build.js';
// Each command loads what it needs when it runs: `serve` starts sooner without the build's
// parsers and SHACL validator, which its build thread loads instead.

const USAGE = `usage: busanjin <command> [options]

commands:
  build              load ontology and data, check quotes, validate (SHACL), write the dumps to build/
  validate           the same checks, writing nothing
  serve              build, then serve the linked data, SPARQL endpoint and dumps on PORT
                     (SIGHUP reloads the graph; SIGTERM finishes in-flight requests, then exits)
  reload             ask the running server to rebuild and swap in the graph (kept only if it validates)
  quotes [--fix]     check each claim's quote offsets in data/; --fix rewrites them in place
  load --endpoint URL [--update URL | --gsp URL] [--data FILE]
                     push the built dataset (or FILE: .nq/.trig) into a remote SPARQL store, replacing
                     each of its graphs, then verify the triple counts; credentials: SPARQL_USER/SPARQL_PASSWORD
  links check [--online] [--evidence FILE]
                     every Wikidata IRI well formed and in the evidence list (default ../shared/wikidata/ids.md);
                     --online also compares each linked item's label on Wikidata (skipped when offline)
  export --quickstatements
                     our facts about items that have a QID, as QuickStatements commands

configuration: environment variables, each with a default (BASE_URL, PORT, OUT_DIR, SPARQL_*, …);
  the README's Configuration table lists every one`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      fix: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      online: { type: 'boolean', default: false },
      evidence: { type: 'string' },
      quickstatements: { type: 'boolean', default: false },
      endpoint: { type: 'string' },
      update: { type: 'string' },
      gsp: { type: 'string' },
      data: { type: 'string' },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case 'build':
      return build(config, true);
    case 'validate':
      return build(config, false);
    case 'serve':
      return serve(config);
    case 'reload':
      return reload(config);
    case 'quotes':
      return quotes(config, values.fix);
    case 'load': {
      const data = values.data ?? config.dataFile;
      // --endpoint stands for SPARQL_ENDPOINT, so the credentials and URLs are read and checked alike.
      const target = values.endpoint ? loadConfig({ ...process.env, SPARQL_ENDPOINT: values.endpoint }) : config;
      const { loadCommand } = await import('./commands/load.js');
      const { readDataFile } = await import('./graph/data-file.js');
      return loadCommand(target, { endpoint: values.endpoint, update: values.update, gsp: values.gsp }, async () =>
        data ? readDataFile(data) : (await load(config)).quads,
      );
    }
    case 'links':
      if (positionals[1] !== 'check') break;
      return (await import('./commands/wikidata.js')).linksCheck(await load(config), {
        online: values.online,
        ...(values.evidence ? { evidencePath: values.evidence } : {}),
      });
    case 'export':
      if (!values.quickstatements) break;
      return (await import('./commands/wikidata.js')).exportQuickStatements(await load(config));
  }
  console.error(`unknown command ${JSON.stringify(positionals.join(' '))}\n\n${USAGE}`);
  return 2;
}

async function load(config: Config): Promise<BuiltGraph> {
  const { buildGraph } = await import('./graph/build.js');
  return buildGraph({ base: config.baseUrl, dataDir: config.dataDir, ontologyDir: config.ontologyDir, root: PROJECT_ROOT });
}

async function build(config: Config, write: boolean): Promise<number> {
  const graph = await load(config);
  const { inferenceGraphs } = await import('./graph/build.js');
  // The curators' inferences are named graphs under /claim/ too, but they quote nothing: counted apart.
  const inferences = inferenceGraphs(graph.quads, graph.minter);
  const named = new Set(graph.quads.filter((q) => q.graph.value.startsWith(graph.minter.claim(''))).map((q) => q.graph.value));
  const claims = [...named].filter((g) => !inferences.has(g)).length;
  console.log(
    `valid: ${graph.quads.length} quads, ${claims} claims, ${inferences.size} inferences, built in ${graph.buildMs.toFixed(0)} ms at ${config.baseUrl}`,
  );
  if (write) {
    const { graphNames } = await import('./graph/graph-names.js');
    const { jsonLdContext } = await import('./graph/context.js');
    const { makeDumps, writeDumps } = await import('./graph/dumps.js');
    const ontology = graph.quads.filter((q) => q.graph.value === graphNames(graph.minter).ontology);
    const dumps = await makeDumps(graph.quads, graph.minter, jsonLdContext(ontology, graph.minter));
    for (const path of writeDumps(dumps, config.outDir)) console.log(`wrote ${relative(process.cwd(), path)}`);
  }
  return 0;
}

async function serve(config: Config): Promise<number> {
  // Handlers first: a signal that arrives while the server starts is kept for when it is up (the
  // default action of SIGHUP, SIGINT and SIGTERM would end the process half-started).
  let reloadRequested = false;
  let stopRequested: string | undefined;
  let onHup = () => {
    reloadRequested = true;
  };
  let onStop = (signal: string) => {
    stopRequested = signal;
  };
  process.on('SIGHUP', () => onHup());
  process.once('SIGINT', () => onStop('SIGINT'));
  process.once('SIGTERM', () => onStop('SIGTERM'));
  process.on('unhandledRejection', (error) => {
    console.error(JSON.stringify({ level: 60, msg: 'unhandled rejection', error: String((error as Error)?.stack ?? error) }));
    process.exit(1);
  });
  // Where the PID file and the build cache go must be usable before anything starts: a server
  // that cannot write them is a clear message and exit 1, never a half-started process.
  const { ensureDirectory } = await import('./directories.js');
  ensureDirectory(config.outDir, 'OUT_DIR');
  // The build first: its thread runs while the server's modules load (startServer awaits it, and
  // reports its failure; the catch here only keeps it from counting as unhandled meanwhile).
  // Said as it happens: a first start builds and validates for a second or so before it listens.
  const started = performance.now();
  const where = (dir: string) => {
    const rel = relative(process.cwd(), dir);
    return rel === '' ? '.' : rel.startsWith('..') ? dir : rel;
  };
  const firstBuild = (await import('./graph/build-off-thread.js')).buildForServer(config, (step) =>
    console.log(
      step === 'cached'
        ? `busanjin: using the validated graph kept in ${where(join(config.outDir, 'build-cache'))} (data, ontology and code unchanged)`
        : step === 'data-file'
          ? `busanjin: loading ${where(config.dataFile!)}`
          : `busanjin: building the graph from ${where(config.dataDir)} and ${where(config.ontologyDir)}, checking every quote and validating it (SHACL)`,
    ),
  );
  firstBuild.catch(() => {});
  const { startServer } = await import('./server.js');
  const running = await startServer(config, { firstBuild });
  const pidFile = join(config.outDir, 'busanjin.pid');
  try {
    writeFileSync(pidFile, `${process.pid}\n`);
  } catch (e) {
    await running.close();
    throw e;
  }
  running.logger.info({ base: config.baseUrl, url: running.url, store: running.site.current.store.kind, pid: process.pid }, 'serving');
  console.log(
    `serving ${config.baseUrl} on ${running.url} (store: ${running.site.current.store.kind}; ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (config.dataFile) {
    const warning = (await import('./store/crossover.js')).crossoverWarning(
      running.site.current.graph.quads.length,
      running.site.current.store.kind,
    );
    if (warning) {
      running.logger.warn({ quads: running.site.current.graph.quads.length }, warning);
      console.warn(`warning: ${warning}`);
    }
  }
  // SIGHUP (or `busanjin reload`): rebuild off to the side and swap in only a graph that passes.
  onHup = () => void running.reload('SIGHUP');
  if (reloadRequested) onHup();
  onStop = (signal) =>
    void (async () => {
      running.logger.info({ signal }, 'shutting down: finishing in-flight requests');
      await running.close();
      // Another server started since with the same OUT_DIR owns the file now: leave it.
      if (readPid(pidFile) === process.pid) rmSync(pidFile, { force: true });
      process.exit(0);
    })();
  if (stopRequested) onStop(stopRequested);
  return new Promise(() => {});
}

function readPid(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** Asks the running server (its PID in OUT_DIR/busanjin.pid) to reload its graph. */
function reload(config: Config): number {
  const pidFile = join(config.outDir, 'busanjin.pid');
  const pid = readPid(pidFile);
  if (pid === undefined) {
    console.error(`no running server: ${relative(process.cwd(), pidFile)} does not exist (start one with \`busanjin serve\`)`);
    return 1;
  }
  try {
    process.kill(pid, 'SIGHUP');
  } catch (e) {
    console.error(`could not signal the server (pid ${pid}): ${(e as Error).message}`);
    return 1;
  }
  console.log(`asked the server (pid ${pid}) to reload; it keeps the previous graph if the new one fails validation (see its log)`);
  return 0;
}

async function quotes(config: Config, fix: boolean): Promise<number> {
  const { readSource } = await import('./graph/source.js');
  const { fixQuoteOffsets } = await import('./graph/quote-offsets.js');
  const source = readSource(join(config.dataDir, 'source', 'siege-of-busanjin.txt'));
  let problems = 0;
  for (const name of readdirSync(config.dataDir)
    .filter((n) => /\.(trig|ttl)$/.test(n))
    .sort()) {
    const path = join(config.dataDir, name);
    const result = fixQuoteOffsets(readFileSync(path, 'utf8'), source);
    for (const p of result.problems) console.error(`${name}: ${p}`);
    problems += result.problems.length;
    if (result.changed) {
      if (fix) writeFileSync(path, result.text);
      console.log(`${name}: ${result.changed} quote offset(s) ${fix ? 'fixed' : 'wrong (run with --fix)'}`);
      if (!fix) problems += result.changed;
    }
  }
  if (!problems) console.log('every quote is at its offsets');
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    // Build failures are reports for a curator: print the message, not a stack trace. Exit now:
    // a server that failed while starting may hold threads that would keep the process alive.
    console.error(error.message);
    process.exit(1);
  },
);
