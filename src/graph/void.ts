// The dataset's description in VoID and DCAT, derived from the built graph and its dumps:
// counts, class and property partitions, the linksets to Wikidata, the SPARQL endpoint, the
// dumps with their sizes and checksums, the licence and the source article.
import type { Dump } from './dumps.js';
import { type Minter, PREFIXES, dct, foaf, owl, rdf, rdfs, skos, xsd } from '../rdf/namespaces.js';
import { ARTICLE } from './provenance.js';
import { blankNode, en, iri, literal, namedNode, quad, str, type ObjectTerm, type Quad } from '../rdf/terms.js';
import { slugOf } from './slugs.js';

const v = (local: string) => PREFIXES.void + local;
const dcat = (local: string) => PREFIXES.dcat + local;
export const SPDX = 'http://spdx.org/rdf/terms#';
const spdx = (local: string) => SPDX + local;

export const ARTICLE_LICENSE = 'https://creativecommons.org/licenses/by-sa/4.0/';
export const ARTICLE_URL = 'https://en.wikipedia.org/wiki/Siege_of_Busanjin';

export interface VoidInput {
  minter: Minter;
  quads: Quad[];
  dumps: Dump[];
  builtAt: Date;
  primaryTopic: string;
}

/** The IRIs the description uses, so routes and pages link to the same things. */
export function voidIris(m: Minter) {
  return {
    document: `${m.base}void`,
    dataset: `${m.base}void#dataset`,
    wikidata: `${m.base}void#wikidata`,
    sparql: `${m.base}sparql`,
    sparqlService: `${m.base}void#sparql-service`,
    linkset: (predicate: string) => `${m.base}void#linkset-${predicate}`,
  };
}

export function voidDescription(input: VoidInput): Quad[] {
  const { minter: m, quads } = input;
  const ids = voidIris(m);
  const out: Quad[] = [];
  const add = (s: string | ReturnType<typeof blankNode>, p: string, o: ObjectTerm | string) =>
    out.push(quad(typeof s === 'string' ? iri(s) : s, iri(p), typeof o === 'string' ? iri(o) : o));
  const count = (n: number) => literal(String(n), namedNode(xsd('integer')));
  // Blank nodes labelled here, not by n3's counter (which counts every blank node the process made):
  // the same dataset always gets the same description, byte for byte.
  let labels = 0;

  const ds = ids.dataset;
  add(ids.document, rdf('type'), v('DatasetDescription'));
  add(ids.document, foaf('primaryTopic'), ds);
  add(ds, rdf('type'), v('Dataset'));
  add(ds, rdf('type'), dcat('Dataset'));
  add(ds, dct('title'), en('The Siege of Busanjin (1592) as linked data'));
  add(
    ds,
    dct('description'),
    en(
      'The entities of the Wikipedia article "Siege of Busanjin" and their relations, each statement traced to the sentence it came from, linked to Wikidata.',
    ),
  );
  add(ds, dct('license'), ARTICLE_LICENSE);
  add(
    ds,
    dct('rights'),
    en('Derived from the text of the English Wikipedia article "Siege of Busanjin" (Wikipedia contributors), licensed CC BY-SA 4.0.'),
  );
  add(ds, dct('source'), ARTICLE_URL);
  add(ds, dct('source'), m.source(ARTICLE));
  add(ds, dct('created'), literal(input.builtAt.toISOString(), namedNode(xsd('dateTime'))));
  add(ds, dct('modified'), literal(input.builtAt.toISOString(), namedNode(xsd('dateTime'))));
  add(ds, foaf('homepage'), m.base);
  add(ds, v('uriSpace'), str(m.resource('')));
  add(ds, v('exampleResource'), input.primaryTopic);
  add(ds, v('rootResource'), input.primaryTopic);
  add(ds, v('vocabulary'), m.ontology);
  add(ds, v('sparqlEndpoint'), ids.sparql);
  add(ds, v('uriLookupEndpoint'), str(`${m.base}search?q=`));

  // Counts of statements are over the merge of the graphs, each statement once, as /sparql's
  // default graph and /fragments count them: a statement held by two graphs is one triple.
  const triples = distinctTriples(quads);
  const entities = new Set(quads.map((q) => slugOf(q.subject.value, m)).filter(Boolean));
  const subjects = new Set(quads.map((q) => q.subject.value));
  const objects = new Set(quads.map((q) => `${q.object.termType}:${q.object.value}`));
  const classes = new Map<string, Set<string>>();
  const properties = new Map<string, number>();
  for (const q of triples) {
    properties.set(q.predicate.value, (properties.get(q.predicate.value) ?? 0) + 1);
    if (q.predicate.value === rdf('type') && q.object.termType === 'NamedNode') {
      classes.set(q.object.value, (classes.get(q.object.value) ?? new Set()).add(q.subject.value));
    }
  }
  add(ds, v('triples'), count(triples.length));
  add(ds, v('entities'), count(entities.size));
  add(ds, v('distinctSubjects'), count(subjects.size));
  add(ds, v('distinctObjects'), count(objects.size));
  add(ds, v('classes'), count(classes.size));
  add(ds, v('properties'), count(properties.size));
  for (const [cls, members] of [...classes].sort(([a], [b]) => a.localeCompare(b))) {
    const part = blankNode(`classPartition${++labels}`);
    add(ds, v('classPartition'), part);
    add(part, v('class'), cls);
    add(part, v('entities'), count(members.size));
  }
  for (const [property, n] of [...properties].sort(([a], [b]) => a.localeCompare(b))) {
    const part = blankNode(`propertyPartition${++labels}`);
    add(ds, v('propertyPartition'), part);
    add(part, v('property'), property);
    add(part, v('triples'), count(n));
  }

  // Linksets: the Wikidata links, one per linking predicate.
  add(ids.wikidata, rdf('type'), v('Dataset'));
  add(ids.wikidata, dct('title'), en('Wikidata'));
  add(ids.wikidata, foaf('homepage'), 'https://www.wikidata.org/');
  add(ids.wikidata, v('uriSpace'), str(PREFIXES.wd));
  add(ids.wikidata, v('sparqlEndpoint'), 'https://query.wikidata.org/sparql');
  for (const [name, predicate] of [
    ['sameAs', owl('sameAs')],
    ['closeMatch', skos('closeMatch')],
  ] as const) {
    const links = distinctTriples(
      quads.filter(
        (q) => q.predicate.value === predicate && q.object.value.startsWith(PREFIXES.wd) && q.graph.value.startsWith(`${m.base}link/`),
      ),
    );
    if (!links.length) continue;
    const ls = ids.linkset(name);
    add(ds, v('subset'), ls);
    add(ls, rdf('type'), v('Linkset'));
    add(ls, v('subjectsTarget'), ds);
    add(ls, v('objectsTarget'), ids.wikidata);
    add(ls, v('linkPredicate'), predicate);
    add(ls, v('triples'), count(links.length));
  }

  // The SPARQL endpoint as a DCAT data service.
  add(ids.sparqlService, rdf('type'), dcat('DataService'));
  add(ids.sparqlService, dcat('endpointURL'), ids.sparql);
  add(ids.sparqlService, dct('conformsTo'), 'https://www.w3.org/TR/sparql11-protocol/');
  add(ids.sparqlService, dcat('servesDataset'), ds);

  // The dumps, each with its size and checksum.
  for (const dump of input.dumps) {
    const url = `${m.base}dumps/${dump.name}`;
    if (dump.name !== 'SHA256SUMS') add(ds, v('dataDump'), url);
    add(ds, dcat('distribution'), url);
    add(url, rdf('type'), dcat('Distribution'));
    add(url, dct('title'), str(dump.name));
    add(url, dcat('downloadURL'), url);
    add(url, dcat('mediaType'), `https://www.iana.org/assignments/media-types/${dump.mediaType}`);
    add(url, dcat('byteSize'), literal(String(dump.body.length), namedNode(xsd('nonNegativeInteger'))));
    add(url, dct('license'), ARTICLE_LICENSE);
    const sum = blankNode(`checksum${++labels}`);
    add(url, spdx('checksum'), sum);
    add(sum, rdf('type'), spdx('Checksum'));
    add(sum, spdx('algorithm'), spdx('checksumAlgorithm_sha256'));
    add(sum, spdx('checksumValue'), literal(dump.sha256, namedNode(xsd('hexBinary'))));
  }
  add(m.source(ARTICLE), rdfs('label'), en('Siege of Busanjin (Wikipedia article, plain text)'));
  return out;
}

/** The quads as triples, each once whatever graphs hold it (the first quad of each is kept). */
export function distinctTriples(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const key = `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function termKey(t: Quad['object']): string {
  if (t.termType === 'Literal') return `${JSON.stringify(t.value)}@${t.language}^^${t.datatype.value}`;
  return `${t.termType === 'BlankNode' ? '_:' : '<'}${t.value}`;
}
