// The benchmarks' datasets: a synthetic graph made by scripts/generate.ts (seed 1, so every script
// measures the same one), and what the publisher serves from it as DATA_FILE (the file and the
// ontology beside it), written out so that a store can be loaded with exactly that.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writer } from 'n3';
import { PROJECT_ROOT } from '../src/config.js';
import { graphFromDataFile } from '../src/graph/data-file.js';
import type { Quad } from '../src/rdf/terms.js';
import { run } from './processes.js';

/** Writes `triples` generated triples under `base` to `out` (N-Quads); resolves with the time it took. */
export async function generateDataset(triples: number, base: string, out: string): Promise<number> {
  const generate = join(PROJECT_ROOT, 'scripts', 'generate.ts');
  const args = ['--import', 'tsx', generate, '--triples', String(triples), '--seed', '1', '--base', base, '--out', out];
  return (await run(process.execPath, args, { timeoutMs: 300_000 })).ms;
}

/** What the publisher serves from this DATA_FILE (graphFromDataFile, as the server calls it). */
export async function servedQuads(dataFile: string, base: string): Promise<Quad[]> {
  const ontology = { dataDir: join(PROJECT_ROOT, 'data'), ontologyDir: join(PROJECT_ROOT, 'ontology') };
  return (await graphFromDataFile({ path: dataFile, base, ...ontology })).quads;
}

/** The quads the publisher serves from this DATA_FILE, written to `out` as N-Quads. */
export async function writeServed(dataFile: string, base: string, out: string): Promise<void> {
  const writer = new Writer({ format: 'N-Quads' });
  const quads = await servedQuads(dataFile, base);
  writeFileSync(out, quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object, q.graph)).join(''));
}
