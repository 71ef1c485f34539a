// Parses the curated files (Turtle, TriG) at the public base. oxigraph's parser is used because
// its errors carry line and column, which a curator needs to find a typo.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import oxigraph from 'oxigraph';
import { toN3Quad, type Quad } from '../rdf/terms.js';
import { formatByExt } from '../rdf/formats.js';

// The curated files may be Turtle, TriG, N-Triples or N-Quads; their media types come from the one table.
const FORMATS: Record<string, string> = Object.fromEntries(
  ['ttl', 'trig', 'nt', 'nq'].map((ext) => [`.${ext}`, formatByExt(ext)!.mediaType]),
);

export class SyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ${detail}`);
    this.name = 'RdfSyntaxError';
  }
}

export interface LoadedFile {
  file: string;
  quads: Quad[];
}

/** Parses one file; relative IRIs resolve against `base`. */
export function parseRdf(text: string, file: string, base: string): Quad[] {
  const format = FORMATS[extname(file)];
  if (!format) throw new SyntaxError(file, undefined, undefined, `unknown RDF file type ${extname(file)}`);
  // oxigraph labels each blank node at random: relabelled in the order the file gives them, the same
  // file always gives the same graph, labels and all (so the same documents, with the same ETags).
  // The label names the file by its folder and name (ontology/ and data/ may hold the same name),
  // not by its path, which depends on where the build runs.
  const stem = file
    .split(/[\\/]/)
    .slice(-2)
    .join('_')
    .replace(/[^A-Za-z0-9]/g, '_');
  const labels = new Map<string, string>();
  const label = (random: string) => labels.get(random) ?? labels.set(random, `${stem}_b${labels.size}`).get(random)!;
  try {
    return oxigraph.parse(text, { format, base_iri: base }).map((q) => toN3Quad(q, label));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const where = /line (\d+)(?: between columns (\d+)| at column (\d+))?/.exec(message);
    const line = where ? Number(where[1]) : undefined;
    const column = where?.[2] ?? where?.[3];
    throw new SyntaxError(file, line, column === undefined ? undefined : Number(column), message);
  }
}

export function loadFile(path: string, base: string, root = process.cwd()): LoadedFile {
  const file = relative(root, path) || basename(path);
  return { file, quads: parseRdf(readFileSync(path, 'utf8'), file, base) };
}

/** Every RDF file directly in `dir`, in name order so builds are deterministic. */
export function loadDirectory(dir: string, base: string, root = process.cwd()): LoadedFile[] {
  return readdirSync(dir)
    .filter((name) => FORMATS[extname(name)])
    .sort()
    .map((name) => loadFile(join(dir, name), base, root));
}
