// `busanjin load`: pushes a dataset (the article build, or a --data file) into a remote store
// graph by graph, with a progress bar on stderr, and checks the counts afterwards.
import type { Config } from '../config.js';
import type { Quad } from '../rdf/terms.js';
import type { Credentials } from '../store/http-auth.js';
import { loadDataset, LoadError, type LoadProgress } from '../store/remote-load.js';

export interface LoadCommandOptions {
  endpoint?: string | undefined;
  update?: string | undefined;
  gsp?: string | undefined;
}

export async function loadCommand(config: Config, options: LoadCommandOptions, dataset: () => Promise<Quad[]>): Promise<number> {
  const endpoint = options.endpoint ?? config.remote?.endpoint;
  if (!endpoint) {
    console.error('load needs a store: --endpoint URL (or SPARQL_ENDPOINT)');
    return 2;
  }
  const gspEndpoint = options.gsp ?? config.remote?.gspEndpoint;
  // Without an update or GSP URL, updates go to the endpoint itself (Virtuoso's /sparql-auth takes both).
  const updateEndpoint = options.update ?? config.remote?.updateEndpoint ?? endpoint;
  for (const url of [endpoint, updateEndpoint, gspEndpoint]) {
    if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url)) {
      console.error(`not an http(s) URL: ${JSON.stringify(url)}`);
      return 2;
    }
  }
  const remote = config.remote;
  const credentials: Credentials | undefined =
    remote?.user !== undefined ? { user: remote.user, password: remote.password ?? '', scheme: remote.authScheme } : undefined;
  const quads = await dataset();
  const bar = progressBar();
  try {
    const report = await loadDataset(
      quads,
      { queryEndpoint: endpoint, ...(gspEndpoint ? { gspEndpoint } : { updateEndpoint }), ...(credentials ? { credentials } : {}) },
      bar,
    );
    bar.done();
    console.log(
      `loaded ${report.triples} triples in ${report.graphs} graphs into ${gspEndpoint ?? updateEndpoint} in ${(report.ms / 1000).toFixed(1)} s; counts verified`,
    );
    return 0;
  } catch (e) {
    bar.done();
    if (e instanceof LoadError) console.error(e.message);
    else console.error(`load failed: ${(e as Error).message}`);
    return 1;
  }
}

/** A one-line progress bar, redrawn at most every 100 ms (plain lines when stderr is not a TTY). */
function progressBar() {
  let last = 0;
  const tty = process.stderr.isTTY;
  const draw = (p: LoadProgress, force = false) => {
    const now = Date.now();
    if (!force && now - last < (tty ? 100 : 2000)) return;
    last = now;
    const share = p.triples ? p.triplesDone / p.triples : 1;
    const width = 30;
    const line = `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.triplesDone}/${p.triples} triples  ${p.graphsDone}/${p.graphs} graphs`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
  let latest: LoadProgress | undefined;
  const update = (p: LoadProgress) => {
    latest = p;
    draw(p);
  };
  return Object.assign(update, {
    done: () => {
      if (latest) draw(latest, true);
      if (tty) process.stderr.write('\n');
    },
  });
}
