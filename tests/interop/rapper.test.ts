// Raptor's rapper (raptor2-utils), a C parser nobody here wrote, reads what we serve: every
// document format it knows, fetched by rapper itself from the URL (it follows the 303 of a
// /resource IRI too), and the dumps. What it reads is compared with the app's own graph.
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRdf, sameGraph } from '../helpers/rdf.js';
import { commandRuns, inDefaultGraph, mintedIris, missing, run, runWithInput, startPublicServer } from './helpers.js';

const RAPPER = commandRuns('rapper');

let server: Awaited<ReturnType<typeof startPublicServer>>;
let base: string;
beforeAll(async () => {
  server = await startPublicServer();
  base = server.base;
});
afterAll(async () => {
  await server?.close();
});

const text = async (path: string) => (await fetch(new URL(path, base))).text();

/** rapper reads the URL in the syntax given and writes N-Quads (the graph names of a quad format). */
async function rapper(url: string, syntax: string): Promise<Quad[]> {
  const result = await run('rapper', ['-q', '-i', syntax, '-o', 'nquads', url]);
  expect(result.code, `rapper -i ${syntax} ${url}:\n${result.stderr}`).toBe(0);
  return parseRdf(result.stdout, 'N-Quads');
}

describe(`rapper${missing(RAPPER, 'rapper (raptor2-utils)')}`, { timeout: 120_000 }, () => {
  it.skipIf(!RAPPER)('reads Turtle, RDF/XML and N-Triples documents as the same graph', async () => {
    for (const slug of ['Siege_of_Busanjin', 'Jeong_Bal']) {
      const reference = parseRdf(await text(`data/${slug}.ttl`), 'Turtle', base);
      for (const [ext, syntax] of [
        ['ttl', 'turtle'],
        ['rdf', 'rdfxml'],
        ['nt', 'ntriples'],
      ] as const) {
        expect(sameGraph(await rapper(`${base}data/${slug}.${ext}`, syntax), reference), `${slug}.${ext}`).toBe(true);
      }
    }
  });

  it.skipIf(!RAPPER)('follows /resource/{Slug} to its Turtle by the 303', async () => {
    const reference = parseRdf(await text('data/Busan.ttl'), 'Turtle', base);
    expect(sameGraph(await rapper(`${base}resource/Busan`, 'turtle'), reference)).toBe(true);
  });

  it.skipIf(!RAPPER)('follows a /claim/, a /link/ and a /graph/ IRI to its Turtle, by URL and from stdin', async () => {
    for (const iri of await mintedIris(base)) {
      const reference = parseRdf(await text(`data/${new URL(iri).pathname.slice(1)}.ttl`), 'Turtle', base);
      const quads = await rapper(iri, 'turtle');
      expect(quads.length, iri).toBeGreaterThan(0);
      expect(sameGraph(quads, reference), iri).toBe(true);
      // As a shell user pipes it in: curl -L -H 'Accept: text/turtle' IRI | rapper -i turtle - IRI.
      const res = await fetch(iri, { headers: { accept: 'text/turtle' } });
      expect(res.headers.get('content-type'), iri).toMatch(/^text\/turtle/);
      const piped = await runWithInput('rapper', ['-q', '-i', 'turtle', '-o', 'nquads', '-', res.url], await res.text());
      expect(piped.code, `rapper - ${iri}:\n${piped.stderr}`).toBe(0);
      expect(sameGraph(parseRdf(piped.stdout, 'N-Quads'), reference), `${iri} from stdin`).toBe(true);
    }
  });

  it.skipIf(!RAPPER)('reads the N-Quads and TriG documents: their default graph is the Turtle', async () => {
    const reference = parseRdf(await text('data/Jeong_Bal.ttl'), 'Turtle', base);
    for (const [ext, syntax] of [
      ['nq', 'nquads'],
      ['trig', 'trig'],
    ] as const) {
      const quads = await rapper(`${base}data/Jeong_Bal.${ext}`, syntax);
      expect(sameGraph(quads, parseRdf(await text(`data/Jeong_Bal.${ext}`), ext === 'nq' ? 'N-Quads' : 'TriG')), ext).toBe(true);
      expect(sameGraph(inDefaultGraph(quads), reference), `${ext}: default graph vs .ttl`).toBe(true);
    }
  });

  it.skipIf(!RAPPER)('reads the dumps and the ontology', async () => {
    const nq = parseRdf(await text('dumps/busanjin.nq'), 'N-Quads');
    expect(sameGraph(await rapper(`${base}dumps/busanjin.nq`, 'nquads'), nq)).toBe(true);
    expect(sameGraph(await rapper(`${base}dumps/busanjin.trig`, 'trig'), nq)).toBe(true);
    const ontology = parseRdf(await text('ontology.ttl'), 'Turtle', base);
    expect(sameGraph(await rapper(`${base}ontology.rdf`, 'rdfxml'), ontology)).toBe(true);
  });
});
