// Reading the W3C SPARQL test manifests in place (../shared/w3c-rdf-tests), following mf:include.
// Manifests and test files are named by their canonical W3C IRIs, so results that mention a
// file's IRI (FROM <data.ttl>, graph names) compare as the suite expects.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Parser, Store, type Term } from 'n3';
import { PROJECT_ROOT } from '../../src/config.js';

/** Where the suites are: beside the project, as CI checks them out. */
export const SUITES_DIR = resolve(process.env.W3C_TESTS_DIR ?? resolve(PROJECT_ROOT, '..', 'shared', 'w3c-rdf-tests'));
const LOCAL = resolve(SUITES_DIR, 'sparql', 'sparql11') + '/';
export const CANONICAL = 'http://www.w3.org/2009/sparql/docs/tests/data-sparql11/';

export const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
export const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const DAWGT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#';

/** The local file of a canonical IRI. */
export function localPath(iri: string): string {
  if (!iri.startsWith(CANONICAL)) throw new Error(`not a test-suite IRI: ${iri}`);
  return LOCAL + decodeURIComponent(iri.slice(CANONICAL.length));
}

export function readText(iri: string): string {
  return readFileSync(localPath(iri), 'utf8');
}

export interface Manifest {
  iri: string;
  store: Store;
  entries: Term[];
}

export function loadManifest(relative: string): Manifest {
  const iri = CANONICAL + relative;
  const store = new Store(new Parser({ baseIRI: iri }).parse(readText(iri)));
  const manifest = store.getSubjects(`${RDF}type`, `${MF}Manifest`, null)[0] ?? { value: iri };
  const entries = store.getObjects(manifest as Term, `${MF}entries`, null).flatMap((list) => rdfList(store, list));
  return { iri, store, entries };
}

/** The sub-manifests a manifest includes, as paths relative to sparql11/. */
export function includes(m: Manifest): string[] {
  const subject = m.store.getSubjects(`${RDF}type`, `${MF}Manifest`, null)[0]!;
  return m.store
    .getObjects(subject, `${MF}include`, null)
    .flatMap((l) => rdfList(m.store, l))
    .map((t) => t.value.slice(CANONICAL.length));
}

export function rdfList(store: Store, head: Term): Term[] {
  const out: Term[] = [];
  for (let node = head; node.value !== `${RDF}nil`;) {
    const first = store.getObjects(node, `${RDF}first`, null)[0];
    if (!first) break;
    out.push(first);
    node = store.getObjects(node, `${RDF}rest`, null)[0]!;
  }
  return out;
}

export interface EvaluationTest {
  iri: string;
  name: string;
  type: string;
  query: string;
  data: string[];
  graphData: string[];
  result?: string;
  approved: boolean;
}

/** The query tests of one manifest: evaluation, CSV/TSV result format, and syntax tests. */
export function queryTests(m: Manifest): EvaluationTest[] {
  const one = (s: Term, p: string) => m.store.getObjects(s, p, null)[0];
  return m.entries.map((entry) => {
    const type = one(entry, `${RDF}type`)!.value.replace(MF, '');
    const action = one(entry, `${MF}action`)!;
    const isSyntax = action.termType === 'NamedNode';
    const approval = one(entry, `${DAWGT}approval`)?.value;
    return {
      iri: entry.value,
      name: one(entry, `${MF}name`)?.value ?? entry.value,
      type,
      query: isSyntax ? action.value : one(action, `${QT}query`)!.value,
      data: isSyntax ? [] : m.store.getObjects(action, `${QT}data`, null).map((t) => t.value),
      graphData: isSyntax ? [] : m.store.getObjects(action, `${QT}graphData`, null).map((t) => t.value),
      result: one(entry, `${MF}result`)?.value,
      approved: approval === undefined || approval === `${DAWGT}Approved`,
    };
  });
}

export { RDFS };
