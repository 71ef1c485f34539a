// Every document the linked-data routes serve, computed once when a graph is published: each
// entity's description in every RDF format and as an HTML page, the ontology, the VoID
// description, the landing page, the JSON-LD context and the source text. Routes only pick one.
import zlib, { brotliCompressSync, gzipSync } from 'node:zlib';
import type { BuiltGraph } from '../graph/build.js';
import { graphNames } from '../graph/build.js';
import { describeEntities, isStatementGraph, rdfRepresentations, type RdfKey, type SerializeContext } from '../graph/documents.js';
import type { Dump } from '../graph/dumps.js';
import { spellingVariants } from '../graph/slugs.js';
import { SPDX, voidDescription } from '../graph/void.js';
import { RDF_FORMATS } from '../rdf/formats.js';
import { representation, type Representation } from '../rdf/representation.js';
import { entityPage } from './views/entity-page.js';
import type { Alternate } from './views/layout.js';
import { landingPage } from './views/landing-page.js';
import { links as makeLinks } from './views/links.js';
import { ontologyPage } from './views/ontology-page.js';
import { schemaAlignment, structuredData } from './views/structured-data.js';
import { timelineEvents } from './views/timeline.js';

export type DocumentKey = RdfKey | 'html';
export type Representations = Map<DocumentKey, Representation>;

export interface EntityDocuments {
  slug: string;
  iri: string;
  representations: Representations;
  /** The same bytes compressed ahead of time ("gzip", "br"), each with its own strong ETag. */
  encoded: Map<DocumentKey, Map<string, Representation>>;
}

/** Content codings documents are stored in besides identity, best first. */
export const ENCODINGS = ['br', 'gzip'] as const;
/** Below this many bytes, compressing costs more than it saves. */
const COMPRESS_FROM = 1024;

function encodeAll(reps: Representations): Map<DocumentKey, Map<string, Representation>> {
  const out = new Map<DocumentKey, Map<string, Representation>>();
  for (const [key, rep] of reps) {
    if (rep.body.length < COMPRESS_FROM) continue;
    out.set(key, new Map([
      ['br', representation(rep.contentType, brotliCompressSync(rep.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }))],
      ['gzip', representation(rep.contentType, gzipSync(rep.body, { level: 6 }))],
    ]));
  }
  return out;
}

export interface LinkedDataDocuments {
  entities: Map<string, EntityDocuments>;
  /** Spelling variant key (see slugs.variantKey) → canonical slug. */
  variants: Map<string, string>;
  ontology: Representations;
  void: Representations;
  landing: Representation;
  context: Representation;
  source: Representation;
  stylesheet: Representation;
}

export const HTML_TYPE = 'text/html; charset=utf-8';

const FORMAT_LABELS: Record<RdfKey, string> = {
  ttl: 'Turtle', jsonld: 'JSON-LD', 'jsonld-expanded': 'JSON-LD (expanded)', nt: 'N-Triples', nq: 'N-Quads (with provenance graphs)',
  trig: 'TriG (with provenance graphs)', rdf: 'RDF/XML',
};

/** The links to a document's RDF formats: `{prefix}.ext` for each format of the table. */
export function rdfAlternates(prefix: string): Alternate[] {
  return RDF_FORMATS.map((f) => ({ href: `${prefix}.${f.ext}`, type: f.mediaType, label: FORMAT_LABELS[f.ext as RdfKey] ?? f.ext }));
}

export async function linkedDataDocuments(graph: BuiltGraph, context: { '@context': Record<string, unknown> }, dumps: Dump[], stylesheet: Buffer): Promise<LinkedDataDocuments> {
  const m = graph.minter;
  const g = graphNames(m);
  const contextUrl = `${m.base}context.jsonld`;
  // JSON-LD processors ignore @base in a remote context (JSON-LD 1.1 context processing, 5.7), so
  // documents that refer to /context.jsonld are compacted without it: IRIs come out absolute or as
  // res:Slug, never relative to a base the reader would not apply.
  const { '@base': _base, ...remotable } = context['@context'];
  const ctx: SerializeContext = { minter: m, context: { '@context': remotable }, contextUrl };
  const links = makeLinks(m, graph.quads);
  const ontologyQuads = graph.quads.filter((q) => q.graph.value === g.ontology);
  const alignment = schemaAlignment(ontologyQuads);
  const relative = (iri: string) => links.path(iri.slice(m.base.length));

  const entities = new Map<string, EntityDocuments>();
  for (const [slug, description] of describeEntities(graph.quads, m)) {
    const representations: Representations = await rdfRepresentations(description.quads, ctx);
    const pageUrl = `${m.base}page/${slug}`;
    const alternates = rdfAlternates(relative(`${m.base}data/${slug}`));
    const page = entityPage({
      description, minter: m, links, alternates, canonical: pageUrl,
      structuredData: await structuredData(description.iri, description.quads, alignment, pageUrl, context),
      timeline: timelineEvents(graph.quads, description.iri, m),
    });
    representations.set('html', representation(HTML_TYPE, page.toString()));
    entities.set(slug, { slug, iri: description.iri, representations, encoded: encodeAll(representations) });
  }

  const ontology: Representations = await rdfRepresentations(ontologyQuads, ctx);
  ontology.set('html', representation(HTML_TYPE, ontologyPage(ontologyQuads, m, links, rdfAlternates(links.path('ontology'))).toString()));

  const voidQuads = voidDescription({ minter: m, quads: graph.quads, dumps, builtAt: graph.builtAt, primaryTopic: graph.primaryTopic });
  const voidCtx = { ...ctx, context: { '@context': { ...context['@context'], spdx: SPDX } } };
  const voidDocs: Representations = await rdfRepresentations(voidQuads, voidCtx);
  // The VoID JSON-LD inlines its context: it adds spdx: to the published one.
  voidDocs.set('jsonld', (await rdfRepresentations(voidQuads, { ...voidCtx, contextUrl: '' })).get('jsonld')!);

  const statementQuads = graph.quads.filter((q) => isStatementGraph(q.graph.value, m));
  const slugs = [...entities.keys()];
  const landing = representation(HTML_TYPE, landingPage({
    minter: m, links, quads: statementQuads, slugs, primaryTopic: graph.primaryTopic, dumps, triples: graph.quads.length,
  }).toString());

  return {
    entities,
    variants: spellingVariants(statementQuads, slugs, m),
    ontology,
    void: voidDocs,
    landing,
    context: representation('application/ld+json', JSON.stringify(context, null, 2)),
    source: representation('text/plain; charset=utf-8', graph.source.text),
    stylesheet: representation('text/css; charset=utf-8', stylesheet),
  };
}
