// Loading a dataset into a remote store, graph by graph, idempotently: each graph of the dataset
// is replaced (SPARQL Update: DROP SILENT GRAPH then INSERT DATA in chunks; or Graph Store
// Protocol: PUT then POST in chunks), then the triple count of every graph is checked.
// Graphs are replaced one at a time, so a failure says exactly which were replaced, which one was
// cut half-way and which were left as they were.
import { Writer } from 'n3';
import type { Quad } from '../rdf/terms.js';
import { authFetch, type Credentials } from './http-auth.js';

export interface LoadTarget {
  queryEndpoint: string;
  updateEndpoint?: string;
  gspEndpoint?: string;
  credentials?: Credentials;
}

export interface LoadProgress {
  graphsDone: number;
  graphs: number;
  triplesDone: number;
  triples: number;
}

export interface LoadReport {
  graphs: number;
  triples: number;
  ms: number;
}

export class LoadError extends Error {
  override name = 'LoadError';
  constructor(
    readonly replaced: string[],
    readonly failed: string[],
    readonly untouched: string[],
    cause: Error,
  ) {
    super(
      `load failed on ${failed.map((g) => `<${g}>`).join(' ')} (${failed.length > 1 ? 'these graphs' : 'it'} may be partly written): ${cause.message}\n` +
        `replaced before the failure (${replaced.length}): ${replaced.map((g) => `<${g}>`).join(' ') || 'none'}\n` +
        `not touched (${untouched.length} graphs)`,
    );
  }
}

export class VerificationError extends Error {
  override name = 'VerificationError';
}

// Virtuoso's SPARQL compiler gives up on large updates (SP030 "memory exhausted" near 5000 triples,
// SP031 "generated SQL text has exceeded 10000 lines" at 2000): 500 per request is safe.
const CHUNK_TRIPLES = 500;
const CHUNK_BYTES = 1_000_000;
const COUNT_BATCH = 200;

/** Dataset → graph IRI → N-Triples lines, distinct (a store keeps a triple once per graph). */
export function groupByGraph(quads: Quad[]): Map<string, { lines: string[]; blank: boolean }> {
  const graphs = new Map<string, { set: Set<string>; blank: boolean }>();
  const writer = new Writer({ format: 'N-Triples' });
  for (const q of quads) {
    if (q.graph.termType !== 'NamedNode')
      throw new Error(
        `a triple outside a named graph cannot be loaded graph by graph: ${writer.quadToString(q.subject, q.predicate, q.object).trim()}`,
      );
    let g = graphs.get(q.graph.value);
    if (!g) graphs.set(q.graph.value, (g = { set: new Set(), blank: false }));
    g.set.add(writer.quadToString(q.subject, q.predicate, q.object).trimEnd());
    if (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode') g.blank = true;
  }
  return new Map([...graphs].map(([name, g]) => [name, { lines: [...g.set], blank: g.blank }]));
}

/** One request: parts of one or more graphs. A part with `first` replaces its graph. */
interface Part {
  graph: string;
  lines: string[];
  first: boolean;
  last: boolean;
}
interface Request {
  parts: Part[];
  blank: boolean;
}

/** Small graphs go several to a request (SPARQL Update only: GSP is one graph per request), large
 *  ones in several requests, a graph with blank nodes in one (blank node labels are per request). */
function plan(graphs: Map<string, { lines: string[]; blank: boolean }>, batch: boolean): Request[] {
  const requests: Request[] = [];
  let current: Part[] = [];
  let size = 0;
  const flush = () => {
    if (current.length) requests.push({ parts: current, blank: false });
    current = [];
    size = 0;
  };
  for (const [graph, { lines, blank }] of graphs) {
    if (blank) {
      flush();
      requests.push({ parts: [{ graph, lines, first: true, last: true }], blank: true });
      continue;
    }
    const pieces = chunks(lines);
    if (pieces.length <= 1 && batch) {
      const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
      if (current.length && (size + lines.length > CHUNK_TRIPLES || bytes > CHUNK_BYTES)) flush();
      current.push({ graph, lines, first: true, last: true });
      size += lines.length;
      continue;
    }
    flush();
    if (!pieces.length) pieces.push([]);
    pieces.forEach((piece, i) =>
      requests.push({ parts: [{ graph, lines: piece, first: i === 0, last: i === pieces.length - 1 }], blank: false }),
    );
  }
  flush();
  return requests;
}

export async function loadDataset(
  quads: Quad[],
  target: LoadTarget,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<LoadReport> {
  const started = performance.now();
  const graphs = groupByGraph(quads);
  const names = [...graphs.keys()];
  const total = [...graphs.values()].reduce((n, g) => n + g.lines.length, 0);
  const progress = { graphsDone: 0, graphs: names.length, triplesDone: 0, triples: total };
  onProgress({ ...progress });
  const replaced: string[] = [];
  const started_ = new Set<string>();
  for (const request of plan(graphs, !target.gspEndpoint)) {
    try {
      await send(target, request);
    } catch (e) {
      const failed = [...new Set([...request.parts.map((p) => p.graph), ...[...started_].filter((g) => !replaced.includes(g))])];
      const touched = new Set([...replaced, ...failed]);
      throw new LoadError(
        replaced,
        failed,
        names.filter((g) => !touched.has(g)),
        e as Error,
      );
    }
    for (const part of request.parts) {
      started_.add(part.graph);
      progress.triplesDone += part.lines.length;
      if (part.last) {
        replaced.push(part.graph);
        progress.graphsDone++;
      }
    }
    onProgress({ ...progress });
  }
  await verifyCounts(target, new Map(names.map((n) => [n, graphs.get(n)!.lines.length])));
  return { graphs: names.length, triples: total, ms: performance.now() - started };
}

function chunks(lines: string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    if (current.length && (current.length >= CHUNK_TRIPLES || bytes + line.length > CHUNK_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(line);
    bytes += line.length + 1;
  }
  if (current.length) out.push(current);
  return out;
}

async function send(target: LoadTarget, { parts, blank }: Request): Promise<void> {
  if (target.gspEndpoint) {
    const [{ graph, lines, first }] = parts as [Part];
    const url = `${target.gspEndpoint}${target.gspEndpoint.includes('?') ? '&' : '?'}graph=${encodeURIComponent(graph)}`;
    // N-Triples is Turtle, and every GSP store takes Turtle.
    await expectOk(
      await authFetch(
        url,
        { method: first ? 'PUT' : 'POST', headers: { 'content-type': 'text/turtle' }, body: lines.join('\n') + '\n' },
        target.credentials,
      ),
      url,
    );
    return;
  }
  // One DELETE for the batch's graphs: on Virtuoso, a DROP per graph costs ~8 ms each, which is most
  // of the load time of a dataset of many small graphs.
  const firsts = parts.filter((p) => p.first).map((p) => `<${p.graph}>`);
  const drops = !firsts.length
    ? []
    : firsts.length === 1
      ? [`DROP SILENT GRAPH ${firsts[0]}`]
      : [`DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { VALUES ?g { ${firsts.join(' ')} } GRAPH ?g { ?s ?p ?o } }`];
  const filled = parts.filter((p) => p.lines.length);
  const body = `{\n${filled.map((p) => `GRAPH <${p.graph}> {\n${p.lines.join('\n')}\n}`).join('\n')}\n}`;
  // Virtuoso refuses blank nodes in INSERT DATA; an INSERT template with an empty WHERE makes the
  // same fresh blank nodes on every SPARQL 1.1 store.
  const insert = !filled.length ? [] : [blank ? `INSERT ${body} WHERE {}` : `INSERT DATA ${body}`];
  const update = [...drops, ...insert].join(' ;\n');
  await expectOk(
    await authFetch(
      target.updateEndpoint!,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ update }) },
      target.credentials,
    ),
    target.updateEndpoint!,
  );
}

async function expectOk(res: Response, url: string): Promise<void> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text.trim().slice(0, 300)}`);
}

/** Counts the triples of each graph in the store, in batches, against what was sent. */
export async function countGraphs(
  target: Pick<LoadTarget, 'queryEndpoint' | 'credentials'>,
  graphs: string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(graphs.map((g) => [g, 0]));
  for (let i = 0; i < graphs.length; i += COUNT_BATCH) {
    const batch = graphs.slice(i, i + COUNT_BATCH);
    const query = `SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { ${batch.map((g) => `<${g}>`).join(' ')} } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g`;
    const res = await authFetch(
      target.queryEndpoint,
      {
        method: 'POST',
        headers: { accept: 'application/sparql-results+json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query }),
      },
      target.credentials,
    );
    const text = await res.text();
    if (!res.ok) throw new Error(`${target.queryEndpoint} answered ${res.status} to the count query: ${text.slice(0, 300)}`);
    const json = JSON.parse(text) as { results: { bindings: { g: { value: string }; n: { value: string } }[] } };
    for (const b of json.results.bindings) counts.set(b.g.value, Number(b.n.value));
  }
  return counts;
}

async function verifyCounts(target: LoadTarget, expected: Map<string, number>): Promise<void> {
  const found = await countGraphs(target, [...expected.keys()]);
  const wrong = [...expected].filter(([g, n]) => found.get(g) !== n).map(([g, n]) => `<${g}>: sent ${n}, store has ${found.get(g)}`);
  if (wrong.length)
    throw new VerificationError(`triple counts differ in ${wrong.length} graph(s) after the load:\n${wrong.slice(0, 20).join('\n')}`);
}
