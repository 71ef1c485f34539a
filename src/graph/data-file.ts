// A dataset file (N-Quads, TriG, N-Triples, Turtle: by extension), such as the synthetic datasets of
// scripts/generate.ts. Parsed with n3's streaming parser, so a large file is never one string.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { DataFactory, StreamParser } from 'n3';
import { join } from 'node:path';
import type { BuiltGraph } from './build.js';
import { graphNames } from './graph-names.js';
import { loadFile } from './parse-files.js';
import { foaf, minter } from '../rdf/namespaces.js';
import { iri, quad, type Quad } from '../rdf/terms.js';
import { readSource } from './source.js';

const FORMATS: Record<string, string> = { '.nq': 'N-Quads', '.trig': 'TriG', '.nt': 'N-Triples', '.ttl': 'Turtle' };

/**
 * n3's factory, except that an IRI met again is the same NamedNode object: a dataset names its
 * entities, predicates and graphs over and over, and one object per IRI keeps a million quads in
 * far less memory.
 */
function sharedTermFactory(): typeof DataFactory {
  const iris = new Map<string, ReturnType<typeof DataFactory.namedNode>>();
  return {
    ...DataFactory,
    namedNode(iri: string) {
      let node = iris.get(iri);
      if (!node) iris.set(iri, (node = DataFactory.namedNode(iri)));
      return node;
    },
  } as typeof DataFactory;
}

export async function readDataFile(path: string, onProgress: (quads: number) => void = () => {}): Promise<Quad[]> {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) throw new Error(`${path}: unknown RDF file extension (use ${Object.keys(FORMATS).join(', ')})`);
  const quads: Quad[] = [];
  await new Promise<void>((resolve, reject) => {
    const input = createReadStream(path);
    input.once('error', (e) => reject(new Error(`cannot read ${path}: ${e.message}`)));
    const parser = new StreamParser({ format, factory: sharedTermFactory() });
    parser.on('data', (q: Quad) => {
      quads.push(q);
      if (quads.length % 100_000 === 0) onProgress(quads.length);
    });
    parser.once('error', (e: Error) => reject(new Error(`${path}: ${e.message}`)));
    parser.once('end', () => resolve());
    input.pipe(parser);
  });
  onProgress(quads.length);
  return quads;
}

/** A dataset file published as it is (DATA_FILE), with the ontology beside it so its terms
 *  dereference. It is parsed, not validated against the article's SHACL shapes, which describe the
 *  article's curation; the file is the generator's or the curator's responsibility. */
export async function graphFromDataFile(options: {
  path: string;
  base: string;
  dataDir: string;
  ontologyDir: string;
}): Promise<BuiltGraph> {
  const started = performance.now();
  const m = minter(options.base);
  const names = graphNames(m);
  const ontology = loadFile(join(options.ontologyDir, 'busanjin.ttl'), m.base).quads.map((q) =>
    quad(q.subject, q.predicate, q.object, iri(names.ontology)),
  );
  const data = await readDataFile(options.path);
  const quads = [...ontology, ...data];
  const primaryTopic =
    data.find((q) => q.predicate.value === foaf('primaryTopic'))?.object.value ??
    data.find((q) => q.subject.value.startsWith(m.resource('')))?.subject.value;
  if (!primaryTopic)
    throw new Error(`${options.path}: no resource under ${m.resource('')} in the file (is BASE_URL the base it was made with?)`);
  return {
    minter: m,
    quads,
    source: readSource(join(options.dataDir, 'source', 'siege-of-busanjin.txt')),
    primaryTopic,
    builtAt: new Date(),
    buildMs: performance.now() - started,
  };
}
