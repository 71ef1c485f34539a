// Every document the linked-data routes serve: each entity's description in every RDF format and
// as an HTML page, the ontology, the VoID description, the landing page, the dumps, the JSON-LD
// context and the source text. Routes only pick one.
//
// Entity documents are rendered when first asked for and kept in memory, in a cache bounded by
// bytes (DOCUMENT_CACHE_MB), with their compressed forms. A graph whose documents fit in it (the
// article's do, every format and coding) has every one of them rendered once, right after
// it is published (`warm`), so requests are served from memory; a larger graph (a million triples)
// keeps the documents people ask for, and publishing it does not wait for documents nobody reads.
// The warm-up of a graph up to LARGE_DATASET quads runs in a thread that exits (warm-off-thread.ts).
import { LRUCache } from 'lru-cache';
import type { BuiltGraph } from '../graph/build.js';
import { graphNames } from '../graph/graph-names.js';
import {
  describe,
  isStatementGraph,
  rdfRepresentation,
  rdfRepresentations,
  StatementIndex,
  type EntityDescription,
  type RdfKey,
  type SerializeContext,
} from '../graph/descriptions.js';
import { serializeBuild } from '../graph/build-off-thread.js';
import { LARGE_DATASET, makeDumps, type Dump } from '../graph/dumps.js';
import { MintedIndex } from '../graph/minted.js';
import { ARTICLE } from '../graph/provenance.js';
import { quad } from '../rdf/terms.js';
import { selfDescription } from '../graph/self-description.js';
import { spellingVariants } from '../graph/slugs.js';
import { SPDX, voidDescription } from '../graph/void.js';
import { RDF_FORMATS } from '../rdf/formats.js';
import { compress, representation, type Encoding, type Representation } from '../rdf/representation.js';
export type { Encoding };
import { claimPage } from '../views/claim-page.js';
import { entityPage } from '../views/entity-page.js';
import { graphPage } from '../views/graph-page.js';
import type { Alternate } from '../views/layout.js';
import { landingPage } from '../views/landing-page.js';
import { links as makeLinks, type Links } from '../views/links.js';
import { ontologyPage } from '../views/ontology-page.js';
import { schemaAlignment, structuredData } from '../views/structured-data.js';
import { Timeline } from '../views/timeline.js';
import { voidPage } from '../views/void-page.js';
import { warmOffThread, type HeldDocuments, type WarmThread } from './warm-off-thread.js';
import { DOCUMENT_KEYS, type DocumentKey, type Representations } from './document-keys.js';
export { DOCUMENT_KEYS, type DocumentKey, type Representations };

/** Content codings documents are kept in besides identity, best first. */
export const ENCODINGS = ['br', 'gzip'] as const satisfies readonly Encoding[];
/** Below this many bytes, compressing costs more than it saves: the identity bytes are sent. */
const COMPRESS_FROM = 1024;

/** Entities rendered before the warm-up judges whether all of them fit in the cache. */
const WARM_SAMPLE = 20;

/** A document as it is sent: its representation, and the content coding of its bytes if any. */
export interface Stored {
  rep: Representation;
  encoding?: Encoding;
}

type Renderer = (slug: string, key: DocumentKey) => Promise<Representation>;

/** The entity documents: rendered on first request, kept in an LRU cache bounded by bytes. */
export class EntityDocuments {
  /** Every entity's slug, sorted. */
  readonly slugs: string[];
  private readonly known: Set<string>;
  private readonly cache: LRUCache<string, Representation>;
  /** Renderings under way: concurrent requests for one document wait for the same one. */
  private readonly pending = new Map<string, Promise<Representation>>();

  constructor(
    slugs: string[],
    private readonly render: Renderer,
    readonly maxBytes: number,
  ) {
    this.slugs = slugs;
    this.known = new Set(slugs);
    this.cache = new LRUCache({ maxSize: maxBytes, sizeCalculation: (rep) => Math.max(1, rep.body.length) });
  }

  get size(): number {
    return this.slugs.length;
  }

  has(slug: string): boolean {
    return this.known.has(slug);
  }

  /** Bytes of documents held now. */
  get heldBytes(): number {
    return this.cache.calculatedSize;
  }

  /** The document if it is in memory now (the hot path answers without waiting). */
  peek(slug: string, key: DocumentKey, encoding?: Encoding): Stored | undefined {
    const identity = this.cache.get(cacheKey(slug, key));
    if (!identity) return undefined;
    if (!encoding || identity.body.length < COMPRESS_FROM) return { rep: identity };
    const encoded = this.cache.get(cacheKey(slug, key, encoding));
    return encoded ? { rep: encoded, encoding } : undefined;
  }

  /** The document, rendered (and compressed) if it is not in memory. */
  async get(slug: string, key: DocumentKey, encoding?: Encoding): Promise<Stored> {
    const identity = await this.once(cacheKey(slug, key), () => this.render(slug, key));
    if (!encoding || identity.body.length < COMPRESS_FROM) return { rep: identity };
    const rep = await this.once(cacheKey(slug, key, encoding), async () =>
      representation(identity.contentType, await compress(identity.body, encoding)),
    );
    return { rep, encoding };
  }

  /** Every document held, by cache key: what a warm-up thread sends back (see `adopt`). */
  entries(): [string, Representation][] {
    return [...this.cache.entries()];
  }

  /** Keeps documents rendered elsewhere (by a warm-up thread), under the keys they were held by there. */
  adopt(entries: [string, Representation][]): void {
    for (const [key, rep] of entries) this.cache.set(key, rep);
  }

  /**
   * Renders every document of every entity, one entity at a time, yielding to requests between
   * them; stops once the cache is nearly full, since rendering more would only evict what was rendered.
   */
  async warm(proceed: () => boolean = () => true): Promise<void> {
    let rendered = 0;
    for (const slug of this.slugs) {
      if (this.cache.calculatedSize > this.maxBytes * 0.8 || !proceed()) return;
      // Once a sample says all of them cannot fit, the cache is left to the requests.
      if (rendered === WARM_SAMPLE && (this.cache.calculatedSize / rendered) * this.slugs.length > this.maxBytes) return;
      for (const key of DOCUMENT_KEYS) {
        for (const encoding of [undefined, ...ENCODINGS]) await this.get(slug, key, encoding);
      }
      rendered++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private once(key: string, make: () => Promise<Representation>): Promise<Representation> {
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    let running = this.pending.get(key);
    if (!running) {
      running = make()
        .then((rep) => {
          this.cache.set(key, rep);
          return rep;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }
}

function cacheKey(slug: string, key: DocumentKey, encoding?: Encoding): string {
  return `${slug}\u0000${key}\u0000${encoding ?? ''}`;
}

/** Made once, when first asked for; a failure is not kept, so the next request tries again.
 *  `seed` gives it a value made elsewhere (by a warm-up thread). */
function lazy<T>(make: () => Promise<T>): (() => Promise<T>) & { seed(value: T): void } {
  let made: Promise<T> | undefined;
  const get = () =>
    (made ??= make().catch((e: unknown) => {
      made = undefined;
      throw e;
    }));
  return Object.assign(get, { seed: (value: T) => void (made = Promise.resolve(value)) });
}

export interface LinkedDataDocuments {
  entities: EntityDocuments;
  /** The documents of the other minted IRIs (claim/…, link/…, graph/…, shapes), by that path:
   *  rendered on request and kept in memory. Indexed when first asked for: a large dataset does
   *  not pay for an index of its claims until someone dereferences one. */
  minted: () => EntityDocuments;
  /** How pages link IRIs and name them (for pages made per request: search results). */
  links: Links;
  /** The source article described in RDF (its title, licence, topic, sections and sentences). */
  sourceRdf: () => Promise<Map<RdfKey, Representation>>;
  /** Spelling variant key (see slugs.variantKey) → canonical slug. */
  variants: Map<string, string>;
  ontology: () => Promise<Representations>;
  void: () => Promise<Representations>;
  landing: () => Promise<Representation>;
  /** The dataset as files (N-Quads, TriG, JSON-LD, SHA256SUMS), by name. */
  dumps: () => Promise<Map<string, Dump>>;
  context: Representation;
  source: Representation;
  stylesheet: Representation;
  /** Renders, in the background, every document that fits in memory (for the article: all),
   *  while `proceed` says so (a publication replaced by a reload stops): in a thread that exits
   *  for a graph up to LARGE_DATASET quads, in this one for a larger graph. */
  warm(proceed?: () => boolean): Promise<void>;
  /** The warm-up itself, in this thread (the warm-up thread runs it). */
  renderAll(proceed?: () => boolean): Promise<void>;
  /** Everything rendered: what the warm-up thread sends back. */
  held(): Promise<HeldDocuments>;
}

export const HTML_TYPE = 'text/html; charset=utf-8';

const FORMAT_LABELS: Record<RdfKey, string> = {
  ttl: 'Turtle',
  jsonld: 'JSON-LD',
  'jsonld-expanded': 'JSON-LD (expanded)',
  nt: 'N-Triples',
  nq: 'N-Quads (with provenance graphs)',
  trig: 'TriG (with provenance graphs)',
  rdf: 'RDF/XML',
};

/** The links to a document's RDF formats: `{prefix}.ext` for each format of the table. */
export function rdfAlternates(prefix: string): Alternate[] {
  return RDF_FORMATS.map((f) => ({ href: `${prefix}.${f.ext}`, type: f.mediaType, label: FORMAT_LABELS[f.ext as RdfKey] ?? f.ext }));
}

export interface DocumentOptions {
  /** Bytes of entity documents (all formats and codings) kept in memory. */
  cacheBytes: number;
}

export function linkedDataDocuments(
  graph: BuiltGraph,
  context: { '@context': Record<string, unknown> },
  stylesheet: Buffer,
  options: DocumentOptions,
): LinkedDataDocuments {
  const m = graph.minter;
  const g = graphNames(m);
  const contextUrl = `${m.base}context.jsonld`;
  // The context sets no @base (graph/context.ts): documents compacted with it write IRIs absolute
  // or as res:Slug, never relative to a base a reader would not apply.
  const ctx: SerializeContext = { minter: m, context, contextUrl };
  // What every page reads, indexed once: statements by subject and object, labels, the sequence.
  const index = new StatementIndex(graph.quads, m);
  const links = makeLinks(m, graph.quads);
  const timeline = new Timeline(graph.quads, m);
  const ontologyQuads = graph.quads.filter((q) => q.graph.value === g.ontology);
  const alignment = schemaAlignment(ontologyQuads);
  const relative = (iri: string) => links.path(iri.slice(m.base.length));
  const slugs = index.slugs(m);
  const voidDataset = `${m.base}void#dataset`;
  const statementQuads = () => graph.quads.filter((q) => isStatementGraph(q.graph.value, m));

  // The formats of one entity are usually asked for together: its description is kept a while.
  const descriptions = new LRUCache<string, EntityDescription>({ max: 256 });
  const descriptionOf = (slug: string) => {
    let d = descriptions.get(slug);
    if (!d) descriptions.set(slug, (d = describe(m.resource(slug), index)));
    return d;
  };

  // While a warm-up thread runs, it renders what is asked for too (see warm-off-thread.ts).
  let warmThread: WarmThread | undefined;
  const render: Renderer = (slug, key) => warmThread?.render(slug, key)?.catch(() => renderHere(slug, key)) ?? renderHere(slug, key);
  const renderHere: Renderer = async (slug, key) => {
    const description = descriptionOf(slug);
    // The document says what it is about, under which licence, in which dataset.
    if (key !== 'html')
      return rdfRepresentation(
        [...description.quads, ...selfDescription({ document: `${m.base}data/${slug}`, topic: description.iri }, m)],
        key,
        ctx,
      );
    const pageUrl = `${m.base}page/${slug}`;
    const page = entityPage({
      description,
      minter: m,
      links,
      canonical: pageUrl,
      alternates: rdfAlternates(relative(`${m.base}data/${slug}`)),
      structuredData: await structuredData(description.iri, description.quads, alignment, pageUrl, context),
      timeline: timeline.of(description.iri),
    });
    return representation(HTML_TYPE, page.toString());
  };
  const entities = new EntityDocuments(slugs, render, options.cacheBytes);

  // The other minted IRIs' documents are small and seldom asked for: rendered on request (by the
  // warm-up thread while it runs, as entities are), never warmed, so publishing does not wait for them.
  const shapesQuads = () => graph.quads.filter((q) => q.graph.value === g.shapes);
  const mintedRender: Renderer = (name, key) => warmThread?.render(name, key)?.catch(() => mintedHere(name, key)) ?? mintedHere(name, key);
  let mintedIndex: MintedIndex | undefined;
  const mintedHere: Renderer = async (name, key) => {
    const d = (mintedIndex ??= new MintedIndex(graph.quads, m)).describe(name);
    // The shapes graph is a document of its own (as the ontology is): served at its IRI, with its shapes.
    const own = name === 'shapes';
    const documentIri = own ? d.iri : `${m.base}data/${name}`;
    const canonical = own ? d.iri : `${m.base}page/${name}`;
    const alternates = rdfAlternates(relative(own ? d.iri : `${m.base}data/${name}`));
    if (key !== 'html') {
      const content = own ? shapesQuads().map((q) => quad(q.subject, q.predicate, q.object)) : [];
      return rdfRepresentation(
        [...d.quads, ...content, ...selfDescription({ document: documentIri, ...(own ? {} : { topic: d.iri }) }, m)],
        key,
        ctx,
      );
    }
    const page =
      d.kind === 'graph'
        ? graphPage({ description: d, links, alternates, canonical })
        : claimPage({ description: d, minter: m, links, source: graph.source, alternates, canonical });
    return representation(HTML_TYPE, page.toString());
  };
  let mintedDocs: EntityDocuments | undefined;
  const minted = () =>
    (mintedDocs ??= new EntityDocuments(
      (mintedIndex ??= new MintedIndex(graph.quads, m)).names,
      mintedRender,
      Math.max(1024 * 1024, Math.floor(options.cacheBytes / 4)),
    ));

  // Asked for while the warm-up thread runs, a document waits for that thread's copy rather than
  // being rendered here too (a failed warm-up gives none: it is rendered here then).
  const fromWarmUp = async (): Promise<HeldDocuments | undefined> => warmThread?.done.catch(() => undefined);
  const dumpsByName = (list: Dump[]) => new Map(list.map((d) => [d.name, d]));
  const dumps = lazy(async () => {
    const held = await fromWarmUp();
    return dumpsByName(held?.dumps ?? (await makeDumps(graph.quads, m, context)));
  });

  const ontology = lazy(async () => {
    const held = await fromWarmUp();
    if (held) return held.ontology;
    const docs: Representations = await rdfRepresentations([...ontologyQuads, ...selfDescription({ document: m.ontology }, m)], ctx);
    docs.set('html', representation(HTML_TYPE, ontologyPage(ontologyQuads, m, links, rdfAlternates(links.path('ontology'))).toString()));
    return docs;
  });

  const voidDocs = lazy(async () => {
    const held = await fromWarmUp();
    if (held) return held.void;
    const voidQuads = voidDescription({
      minter: m,
      quads: graph.quads,
      dumps: [...(await dumps()).values()],
      builtAt: graph.builtAt,
      primaryTopic: graph.primaryTopic,
    });
    const described = [...voidQuads, ...selfDescription({ document: `${m.base}void`, topic: voidDataset }, m)];
    const voidCtx = { ...ctx, context: { '@context': { ...context['@context'], spdx: SPDX } } };
    const docs: Representations = await rdfRepresentations(described, voidCtx);
    // The VoID JSON-LD inlines its context: it adds spdx: to the published one.
    docs.set('jsonld', await rdfRepresentation(described, 'jsonld', { ...voidCtx, contextUrl: '' }));
    // For browsers (the pages' navigation links here): the same description, readable.
    docs.set(
      'html',
      representation(HTML_TYPE, voidPage({ quads: voidQuads, minter: m, links, alternates: rdfAlternates(links.path('void')) }).toString()),
    );
    return docs;
  });

  const landing = lazy(
    async () =>
      (await fromWarmUp())?.landing ??
      representation(
        HTML_TYPE,
        landingPage({
          minter: m,
          links,
          quads: statementQuads(),
          slugs,
          primaryTopic: graph.primaryTopic,
          dumps: [...(await dumps()).values()],
          triples: graph.quads.length,
        }).toString(),
      ),
  );

  // The article's description (data/source.ttl, in the provenance graph) and its structure (the
  // source graph), for a client that asks the source text's IRI for RDF.
  const sourceRdf = lazy(async () => {
    const article = m.source(ARTICLE);
    const about = graph.quads
      .filter((q) => (q.graph.value === g.provenance && q.subject.value === article) || q.graph.value === g.source)
      .map((q) => quad(q.subject, q.predicate, q.object));
    return rdfRepresentations(about, ctx);
  });

  return {
    entities,
    minted,
    links,
    sourceRdf,
    variants: spellingVariants(statementQuads(), slugs, m),
    ontology,
    void: voidDocs,
    landing,
    dumps,
    context: representation('application/ld+json', JSON.stringify(context, null, 2)),
    source: representation('text/plain; charset=utf-8', graph.source.text),
    stylesheet: representation('text/css; charset=utf-8', stylesheet),
    async warm(proceed = () => true) {
      if (graph.quads.length > LARGE_DATASET) return this.renderAll(proceed);
      warmThread = warmOffThread(
        { build: serializeBuild(graph), base: m.base, context, stylesheet, cacheBytes: options.cacheBytes },
        proceed,
      );
      try {
        const held = await warmThread.done;
        if (!held || !proceed()) return;
        entities.adopt(held.entities);
        ontology.seed(held.ontology);
        voidDocs.seed(held.void);
        landing.seed(held.landing);
        dumps.seed(dumpsByName(held.dumps));
      } finally {
        warmThread = undefined;
      }
    },
    async renderAll(proceed = () => true) {
      // Entities first, one at a time: each step is short, so requests are answered in between.
      await entities.warm(proceed);
      // A large dataset's dumps (and the pages that list them) are made when first asked for.
      if (!proceed() || graph.quads.length > LARGE_DATASET) return;
      await landing();
      await ontology();
      await voidDocs();
    },
    async held() {
      return {
        entities: entities.entries(),
        ontology: await ontology(),
        void: await voidDocs(),
        landing: await landing(),
        dumps: [...(await dumps()).values()],
      };
    },
  };
}
