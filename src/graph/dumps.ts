// The whole dataset as downloadable files (N-Quads, TriG, JSON-LD), each with its SHA-256,
// computed once per build: the server serves these bytes, the CLI writes them to disk.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatByExt } from '../rdf/formats.js';
import { serialize } from '../rdf/serialize.js';
import type { Quad } from './rdf-terms.js';
import type { Minter } from './namespaces.js';

export interface Dump {
  name: string;
  mediaType: string;
  body: Buffer;
  sha256: string;
}

export const DUMP_BASENAME = 'busanjin';

export async function makeDumps(quads: Quad[], m: Minter, context: object): Promise<Dump[]> {
  const prefixes = { '': m.resource(''), bo: m.term(''), claim: m.claim(''), link: `${m.base}link/` };
  const files: [string, string][] = [['nq', 'nq'], ['trig', 'trig'], ['jsonld', 'jsonld']];
  const dumps: Dump[] = [];
  for (const [ext, fmt] of files) {
    const format = formatByExt(fmt)!;
    // The JSON-LD dump keeps the named graphs: serialize it from the quads, not the triples.
    const text = await serialize(quads, { ...format, quads: true }, { prefixes, context });
    const body = Buffer.from(text, 'utf8');
    dumps.push({ name: `${DUMP_BASENAME}.${ext}`, mediaType: format.mediaType, body, sha256: sha256(body) });
  }
  const sums = dumps.map((d) => `${d.sha256}  ${d.name}\n`).join('');
  dumps.push({ name: 'SHA256SUMS', mediaType: 'text/plain', body: Buffer.from(sums), sha256: sha256(Buffer.from(sums)) });
  return dumps;
}

export function writeDumps(dumps: Dump[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return dumps.map((d) => {
    const path = join(dir, d.name);
    writeFileSync(path, d.body);
    return path;
  });
}

export function sha256(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}
