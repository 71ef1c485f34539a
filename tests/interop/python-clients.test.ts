// Debian's Python clients against the real app: python3-rdflib dereferences and parses every
// format, python3-sparqlwrapper queries /sparql as its documentation does, python3-pyld (with
// python3-requests) reads our JSON-LD. Each answer is compared with the app's own by isomorphism.
// The scripts in clients/ are what a user would write; vitest starts them with /usr/bin/python3.
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRdf, sameGraph } from '../helpers/rdf.js';
import { headerAndQuads, inDefaultGraph, mintedIris, missing, python, pythonHas, startPublicServer } from './helpers.js';

const RDFLIB = pythonHas('rdflib');
const SPARQLWRAPPER = pythonHas('SPARQLWrapper') && RDFLIB;
const PYLD = pythonHas('pyld') && pythonHas('requests');

let server: Awaited<ReturnType<typeof startPublicServer>>;
let base: string;
beforeAll(async () => {
  server = await startPublicServer();
  base = server.base;
});
afterAll(async () => {
  await server?.close();
});

const text = async (path: string, accept?: string) => {
  const res = await fetch(new URL(path, base), accept ? { headers: { accept } } : {});
  expect(res.status, path).toBe(200);
  return res.text();
};
const turtle = async (slug: string) => parseRdf(await text(`data/${slug}.ttl`), 'Turtle', base);
const triplesOnly = (quads: Quad[]) => quads.filter((q) => q.graph.termType === 'DefaultGraph');

describe(`python3-rdflib${missing(RDFLIB, '/usr/bin/python3 with python3-rdflib')}`, { timeout: 120_000 }, () => {
  it.skipIf(!RDFLIB)('follows /resource/{Slug} with its own Accept and the 303, and reads what the Turtle holds', async () => {
    const { quads } = headerAndQuads(await python('rdflib_client.py', ['deref', `${base}resource/Jeong_Bal`]));
    expect(quads.length).toBeGreaterThan(100);
    expect(sameGraph(quads, await turtle('Jeong_Bal'))).toBe(true);
  });

  it.skipIf(!RDFLIB)("dereferences a /claim/, a /link/ and a /graph/ IRI found in the siege's document", async () => {
    for (const iri of await mintedIris(base)) {
      const { quads } = headerAndQuads(await python('rdflib_client.py', ['deref', iri]));
      const path = new URL(iri).pathname.slice(1);
      expect(quads.length, iri).toBeGreaterThan(0);
      expect(sameGraph(quads, parseRdf(await text(`data/${path}.ttl`), 'Turtle', base)), iri).toBe(true);
    }
  });

  it.skipIf(!RDFLIB)('reads Turtle, RDF/XML, N-Triples and JSON-LD documents as the same graph', async () => {
    const reference = await turtle('Siege_of_Busanjin');
    for (const [ext, format] of [
      ['ttl', 'turtle'],
      ['rdf', 'xml'],
      ['nt', 'nt'],
      ['jsonld', 'json-ld'],
    ] as const) {
      const { quads } = headerAndQuads(await python('rdflib_client.py', ['parse', `${base}data/Siege_of_Busanjin.${ext}`, format]));
      expect(sameGraph(quads, reference), ext).toBe(true);
    }
  });

  it.skipIf(!RDFLIB)('reads the N-Quads and TriG documents: the default graph holds the Turtle, the claims their graphs', async () => {
    const reference = await turtle('Jeong_Bal');
    for (const [ext, format] of [
      ['nq', 'nquads'],
      ['trig', 'trig'],
    ] as const) {
      const { header, quads } = headerAndQuads(await python('rdflib_client.py', ['parse', `${base}data/Jeong_Bal.${ext}`, format]));
      expect(sameGraph(inDefaultGraph(quads), reference), `${ext}: default graph vs .ttl`).toBe(true);
      expect(header.named_graphs as number, ext).toBeGreaterThan(3);
      expect(
        quads.some((q) => q.graph.value.startsWith(`${base}claim/`)),
        ext,
      ).toBe(true);
    }
  });

  it.skipIf(!RDFLIB)('reads the N-Quads and TriG dumps, every quad', async () => {
    const nq = parseRdf(await text('dumps/busanjin.nq'), 'N-Quads');
    for (const [name, format] of [
      ['busanjin.nq', 'nquads'],
      ['busanjin.trig', 'trig'],
    ] as const) {
      const { quads } = headerAndQuads(await python('rdflib_client.py', ['parse', `${base}dumps/${name}`, format]));
      expect(quads.length, name).toBe(nq.length);
      expect(sameGraph(quads, nq), name).toBe(true);
    }
  });
});

const COMMANDERS = (b: string) =>
  `PREFIX bo: <${b}ontology#> SELECT ?c WHERE { <${b}resource/Siege_of_Busanjin> bo:commander ?c } ORDER BY ?c`;
const BUSAN = (b: string) => `CONSTRUCT { <${b}resource/Busan> ?p ?o } WHERE { <${b}resource/Busan> ?p ?o }`;

describe(`python3-sparqlwrapper${missing(SPARQLWRAPPER, '/usr/bin/python3 with python3-sparqlwrapper')}`, { timeout: 120_000 }, () => {
  it.skipIf(!SPARQLWRAPPER)('SELECT as JSON, by GET and by POST', async () => {
    for (const method of [[], ['--post']]) {
      const out = JSON.parse(await python('sparqlwrapper_client.py', ['select', `${base}sparql`, COMMANDERS(base), ...method])) as {
        vars: string[];
        bindings: { c: { value: string } }[];
      };
      expect(out.vars).toEqual(['c']);
      expect(out.bindings.map((b) => b.c.value)).toEqual([`${base}resource/Jeong_Bal`, `${base}resource/So_Yoshitoshi`]);
    }
  });

  it.skipIf(!SPARQLWRAPPER)('ASK as JSON', async () => {
    const out = JSON.parse(await python('sparqlwrapper_client.py', ['ask', `${base}sparql`, `ASK { <${base}resource/Busan> ?p ?o }`])) as {
      boolean: boolean;
    };
    expect(out.boolean).toBe(true);
  });

  it.skipIf(!SPARQLWRAPPER)(
    "CONSTRUCT and DESCRIBE with its default format, xml, n3 and turtle: the endpoint's N-Triples graph",
    async () => {
      // No format set, SPARQLWrapper asks for format=xml and parses RDF/XML; n3 and turtle come back
      // as text, which the client reads with rdflib.
      for (const [command, query] of [
        ['construct', BUSAN(base)],
        ['describe', `DESCRIBE <${base}resource/Busan>`],
      ] as const) {
        const expected = parseRdf(await text(`sparql?query=${encodeURIComponent(query)}`, 'application/n-triples'), 'N-Triples');
        expect(expected.length, command).toBeGreaterThan(3);
        for (const format of [[], ['xml'], ['n3'], ['turtle']]) {
          const out = JSON.parse(await python('sparqlwrapper_client.py', [command, `${base}sparql`, query, ...format])) as {
            ntriples: string;
          };
          expect(sameGraph(parseRdf(out.ntriples, 'N-Triples'), expected), `${command} ${format[0] ?? '(default)'}`).toBe(true);
        }
      }
    },
  );

  it.skipIf(!SPARQLWRAPPER)('CONSTRUCT as Turtle and as RDF/XML: the graph the endpoint gives in N-Triples', async () => {
    const expected = parseRdf(await text(`sparql?query=${encodeURIComponent(BUSAN(base))}`, 'application/n-triples'), 'N-Triples');
    expect(expected.length).toBeGreaterThan(3);
    for (const format of ['turtle', 'rdfxml']) {
      const out = JSON.parse(await python('sparqlwrapper_client.py', ['construct', `${base}sparql`, BUSAN(base), format])) as {
        ntriples: string;
      };
      expect(sameGraph(parseRdf(out.ntriples, 'N-Triples'), expected), format).toBe(true);
    }
  });
});

describe(`python3-pyld${missing(PYLD, '/usr/bin/python3 with python3-pyld and python3-requests')}`, { timeout: 120_000 }, () => {
  it.skipIf(!PYLD)('reads every quad of the JSON-LD dump', async () => {
    const nq = parseRdf(await text('dumps/busanjin.nq'), 'N-Quads');
    const { header, quads } = headerAndQuads(await python('pyld_client.py', ['to-rdf', `${base}dumps/busanjin.jsonld`]));
    expect(header.quads).toBe(nq.length);
    expect(sameGraph(quads, nq)).toBe(true);
  });

  it.skipIf(!PYLD)('reads compacted entity documents, fetching /context.jsonld, as the Turtle graph', async () => {
    for (const slug of ['Jeong_Bal', 'Siege_of_Busanjin', 'Busan']) {
      const { quads } = headerAndQuads(await python('pyld_client.py', ['to-rdf', `${base}data/${slug}.jsonld`]));
      expect(sameGraph(quads, await turtle(slug)), slug).toBe(true);
    }
  });

  it.skipIf(!PYLD)('loads a document with its own loader (Link header read), as the Turtle graph', async () => {
    const { quads } = headerAndQuads(await python('pyld_client.py', ['load', `${base}data/Jeong_Bal.jsonld`]));
    expect(sameGraph(quads, await turtle('Jeong_Bal'))).toBe(true);
  });

  it.skipIf(!PYLD)('keeps every triple of a document compacted with /context.jsonld', async () => {
    const reference = parseRdf(await text('data/Siege_of_Busanjin.nt'), 'N-Triples');
    const { header, quads } = headerAndQuads(
      await python('pyld_client.py', ['compact-to-rdf', `${base}data/Siege_of_Busanjin.jsonld`, `${base}context.jsonld`]),
    );
    expect(header.quads).toBe(reference.length);
    expect(sameGraph(triplesOnly(quads), reference)).toBe(true);
  });
});
