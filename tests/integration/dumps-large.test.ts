// The dumps of a large dataset (over LARGE_DATASET quads), written in slices with a streaming
// JSON-LD writer: each parses back to the very dataset, in every format, and the checksums match.
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { LARGE_DATASET, makeDumps, sha256 } from '../../src/graph/dumps.js';
import { minter } from '../../src/rdf/namespaces.js';
import type { Quad } from '../../src/rdf/terms.js';
import { generate } from '../../scripts/generate.js';
import { sameGraph } from '../helpers/rdf.js';

const BASE = 'http://localhost:8080/';

describe('dumps of a large dataset', () => {
  it('N-Quads, TriG and JSON-LD each hold the whole dataset, named graphs included', async () => {
    const quads: Quad[] = [];
    generate({ triples: LARGE_DATASET + 5000, seed: 7, base: BASE }, (q) => quads.push(q));
    expect(quads.length).toBeGreaterThan(LARGE_DATASET);
    const dumps = new Map((await makeDumps(quads, minter(BASE), {})).map((d) => [d.name, d]));

    const nq = new Parser({ format: 'N-Quads' }).parse(dumps.get('busanjin.nq')!.body.toString());
    expect(sameGraph(nq, quads)).toBe(true);
    const trig = new Parser({ format: 'TriG' }).parse(dumps.get('busanjin.trig')!.body.toString());
    expect(sameGraph(trig, quads)).toBe(true);
    const fromJsonLd = (await jsonld.toRDF(JSON.parse(dumps.get('busanjin.jsonld')!.body.toString()), {
      format: 'application/n-quads',
    })) as unknown as string;
    expect(sameGraph(new Parser({ format: 'N-Quads' }).parse(fromJsonLd), quads)).toBe(true);

    for (const d of dumps.values()) expect(d.sha256).toBe(sha256(d.body));
    expect(dumps.get('SHA256SUMS')!.body.toString()).toContain(`${dumps.get('busanjin.jsonld')!.sha256}  busanjin.jsonld`);
  }, 120_000);
});
