// The whole dataset as downloadable files (N-Quads, TriG, JSON-LD), each with its SHA-256,
// computed once per build: the server serves these bytes, the CLI writes them to disk.
// A large dataset (a generated million triples) is written in slices, yielding to the event loop
// between them so the server keeps answering, and its JSON-LD is expanded, a few graphs at a
// time: compacting the whole dataset at once blocks the server for seconds (2.1 s at 100k quads).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { ensureDirectory } from '../directories.js';
import { join } from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { Writer } from 'n3';
import { formatByExt } from '../rdf/formats.js';
import { serialize, toJsonLd } from '../rdf/serialize.js';
import type { Quad } from '../rdf/terms.js';
import { PREFIXES, type Minter } from '../rdf/namespaces.js';

export interface Dump {
  name: string;
  mediaType: string;
  body: Buffer;
  sha256: string;
}

export const DUMP_BASENAME = 'busanjin';

/** Above this many quads a dataset is large: written in slices (see above). */
export const LARGE_DATASET = 50_000;
const SLICE = 20_000;

export async function makeDumps(quads: Quad[], m: Minter, context: object): Promise<Dump[]> {
  const prefixes = { '': m.resource(''), bo: m.term(''), claim: m.claim(''), link: `${m.base}link/` };
  const dumps: Dump[] = [];
  const add = (ext: string, body: Buffer) =>
    dumps.push({ name: `${DUMP_BASENAME}.${ext}`, mediaType: formatByExt(ext)!.mediaType, body, sha256: sha256(body) });
  if (quads.length > LARGE_DATASET) {
    const grouped = byGraph(quads);
    add('nq', await nquadsInSlices(quads));
    add('trig', await trigInSlices(grouped, { ...PREFIXES, ...prefixes }));
    add('jsonld', await expandedJsonLdInSlices(grouped));
  } else {
    for (const ext of ['nq', 'trig', 'jsonld']) {
      // The JSON-LD dump keeps the named graphs: serialize it from the quads, not the triples.
      const text = await serialize(quads, { ...formatByExt(ext)!, quads: true }, { prefixes, context });
      add(ext, Buffer.from(text, 'utf8'));
    }
  }
  const sums = dumps.map((d) => `${d.sha256}  ${d.name}\n`).join('');
  dumps.push({ name: 'SHA256SUMS', mediaType: 'text/plain', body: Buffer.from(sums), sha256: sha256(Buffer.from(sums)) });
  return dumps;
}

/** The quads graph by graph (the default graph first), each graph's quads by subject. */
function byGraph(quads: Quad[]): Quad[][] {
  const graphs = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = q.graph.termType === 'DefaultGraph' ? '' : q.graph.value;
    const list = graphs.get(key);
    if (list) list.push(q);
    else graphs.set(key, [q]);
  }
  const bySubject = (a: Quad, b: Quad) => (a.subject.value < b.subject.value ? -1 : a.subject.value > b.subject.value ? 1 : 0);
  return [...graphs.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : 0)).map(([, qs]) => qs.sort(bySubject));
}

/** Runs `each` over the quads, yielding to the event loop after every slice. */
async function inSlices(groups: Quad[][], each: (q: Quad) => void): Promise<void> {
  let n = 0;
  for (const group of groups) {
    for (const q of group) {
      each(q);
      if (++n % SLICE === 0) await yieldToEvents();
    }
  }
}

async function nquadsInSlices(quads: Quad[]): Promise<Buffer> {
  const writer = new Writer({ format: 'N-Quads' });
  const parts: Buffer[] = [];
  for (let i = 0; i < quads.length; i += SLICE) {
    parts.push(
      Buffer.from(
        quads
          .slice(i, i + SLICE)
          .map((q) => writer.quadToString(q.subject, q.predicate, q.object, q.graph))
          .join(''),
        'utf8',
      ),
    );
    await yieldToEvents();
  }
  return Buffer.concat(parts);
}

async function trigInSlices(groups: Quad[][], prefixes: Record<string, string>): Promise<Buffer> {
  const writer = new Writer({ format: 'TriG', prefixes });
  await inSlices(groups, (q) => writer.addQuad(q));
  return new Promise((resolve, reject) =>
    writer.end((error, text: string) => (error ? reject(error) : resolve(Buffer.from(text, 'utf8')))),
  );
}

/** Expanded JSON-LD (an array of node objects, each named graph one of them), made from a
 *  slice of graphs at a time: the same document jsonld.js would expand, never all of it at once. */
async function expandedJsonLdInSlices(groups: Quad[][]): Promise<Buffer> {
  const parts: string[] = [];
  for (let i = 0; i < groups.length;) {
    const slice: Quad[] = [];
    while (i < groups.length && slice.length < SLICE) for (const q of groups[i++]!) slice.push(q);
    const nodes = (await toJsonLd(slice)) as object[];
    for (const node of nodes) parts.push(JSON.stringify(node));
    await yieldToEvents();
  }
  return Buffer.from(`[\n${parts.join(',\n')}\n]\n`, 'utf8');
}

export function writeDumps(dumps: Dump[], dir: string): string[] {
  ensureDirectory(dir, 'OUT_DIR');
  return dumps.map((d) => {
    const path = join(dir, d.name);
    writeFileSync(path, d.body);
    return path;
  });
}

export function sha256(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}
