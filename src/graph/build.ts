// The build: load ontology and data at the public base, read the infobox, check every quote,
// derive what can be derived, validate with SHACL. What comes out is the graph the server serves;
// a graph that fails any step is never returned.
import { join } from 'node:path';
import { loadDirectory, loadFile } from './parse-files.js';
import { type Minter, dct, foaf, minter, prov, rdf, rdfs, skos } from '../rdf/namespaces.js';
import { checkAndDerive, selectors, ProvenanceError, sourceQuads } from './provenance.js';
import { en, iri, quad, type Quad } from '../rdf/terms.js';
import { readSource, type SourceText } from './source.js';
import { infoboxStatements } from './infobox-statements.js';
import { orderLinks } from './derive.js';
import { validateShapes, ValidationError } from './validate.js';
import { wikidataView, wikidataViewDescription } from '../wikidata/view.js';
import { graphNames } from './graph-names.js';
import { normalizeName } from '../rdf/names.js';

// Re-exported: they were first defined here, and the build is where most readers look for them.
export { graphNames, normalizeName };

export interface BuildOptions {
  base: string;
  dataDir: string;
  ontologyDir: string;
  /** The article; defaults to data/source/siege-of-busanjin.txt. */
  sourcePath?: string;
  /** Paths in error messages are relative to this. */
  root?: string;
}

export interface BuiltGraph {
  minter: Minter;
  quads: Quad[];
  source: SourceText;
  /** The entity the article is about (foaf:primaryTopic of the source). */
  primaryTopic: string;
  builtAt: Date;
  buildMs: number;
}

export async function buildGraph(options: BuildOptions): Promise<BuiltGraph> {
  const started = performance.now();
  const m = minter(options.base);
  const g = graphNames(m);
  const root = options.root ?? process.cwd();
  const source = readSource(options.sourcePath ?? join(options.dataDir, 'source', 'siege-of-busanjin.txt'));

  const inGraph = (quads: Quad[], graph: string) => quads.map((q) => quad(q.subject, q.predicate, q.object, iri(graph)));
  const ontology = inGraph(loadFile(join(options.ontologyDir, 'busanjin.ttl'), m.base, root).quads, g.ontology);
  const shapes = inGraph(loadFile(join(options.ontologyDir, 'shapes.ttl'), m.base, root).quads, g.shapes);

  // In data files, named graphs hold the statements and the default graph describes them
  // (selector, evidence): that description becomes the provenance graph.
  const curated: Quad[] = [];
  const problems: string[] = [];
  for (const { file, quads } of loadDirectory(options.dataDir, m.base, root)) {
    const described = new Set(quads.filter((q) => q.graph.termType === 'DefaultGraph').map((q) => q.subject.value));
    for (const q of quads) {
      if (q.graph.termType === 'DefaultGraph') {
        if (q.subject.value.startsWith(m.resource(''))) {
          problems.push(`${file}: ${q.subject.value} ${q.predicate.value} … is outside any claim graph, so it has no provenance`);
        }
        curated.push(quad(q.subject, q.predicate, q.object, iri(g.provenance)));
      } else {
        if (!described.has(q.graph.value))
          problems.push(`${file}: graph ${q.graph.value} has no description (selector or evidence) in its file`);
        curated.push(q);
      }
    }
  }
  if (problems.length) throw new ProvenanceError([...new Set(problems)]);

  const primaryTopic = curated.find((q) => q.predicate.value === foaf('primaryTopic'))?.object.value;
  if (!primaryTopic) throw new ProvenanceError(['data/: no foaf:primaryTopic for the source article']);

  const infobox = infoboxStatements(source, primaryTopic, labelResolver(curated), m, g.provenance);
  const provenanceQuads = [...curated, ...infobox].filter((q) => q.graph.value === g.provenance);
  const found = selectors(provenanceQuads);
  if (found.problems.length) throw new ProvenanceError(found.problems);
  const derivedProvenance = checkAndDerive(found.found, source, m, g.provenance);

  const facts = [...curated, ...infobox];
  const derived = orderLinks(facts, m, g.derived);
  const derivedDescription = [
    quad(iri(g.derived), iri(rdf('type')), iri(prov('Entity')), iri(g.provenance)),
    quad(
      iri(g.derived),
      iri(rdfs('comment')),
      en('Derived by the build: bo:follows, the inverse of each bo:followedBy the data states (the order the article gives, no more).'),
      iri(g.provenance),
    ),
  ];
  const articleUrl = curated.find((q) => q.subject.value === m.source('siege-of-busanjin') && q.predicate.value === dct('source'))?.object
    .value;
  // The view says in Wikidata's words what the article says: the curators' inferences stay out,
  // and so does what the build derives from them.
  const inferred = inferenceGraphs(provenanceQuads, m);
  const said = facts.filter((q) => !inferred.has(q.graph.value));
  const wikidata = wikidataView(
    { facts: [...said, ...orderLinks(said, m, g.derived)], ontology, ...(articleUrl ? { articleUrl } : {}) },
    m,
    g.wikidata,
  );
  const quads = [
    ...ontology,
    ...shapes,
    ...facts,
    ...derivedProvenance,
    ...derived,
    ...derivedDescription,
    ...wikidata,
    ...wikidataViewDescription(g.wikidata, g.provenance),
    ...sourceQuads(source, m, g.source),
  ];

  const violations = await validateShapes(
    shapes,
    quads.filter((q) => q.graph.value !== g.shapes),
  );
  if (violations.length) throw new ValidationError(violations);

  return { minter: m, quads: dedupe(quads), source, primaryTopic, builtAt: new Date(), buildMs: performance.now() - started };
}

/** The named graphs the data describes as the curators' inferences (a bo:Inference), not quotes. */
export function inferenceGraphs(provenance: Quad[], m: Minter): Set<string> {
  return new Set(
    provenance.filter((q) => q.predicate.value === rdf('type') && q.object.value === m.term('Inference')).map((q) => q.subject.value),
  );
}

/** Resolves a name to the one entity that has it as a label or spelling, ignoring case and diacritics. */
export function labelResolver(quads: Quad[]): (name: string) => string | undefined {
  const byName = new Map<string, Set<string>>();
  for (const q of quads) {
    if (q.predicate.value !== rdfs('label') && q.predicate.value !== skos('altLabel')) continue;
    const key = normalizeName(q.object.value);
    byName.set(key, (byName.get(key) ?? new Set()).add(q.subject.value));
  }
  return (name) => {
    const hits = byName.get(normalizeName(name));
    return hits && hits.size === 1 ? [...hits][0] : undefined;
  };
}

function dedupe(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const key = `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function termKey(t: Quad['object'] | Quad['graph']): string {
  if (t.termType === 'Literal') return `"${t.value}"@${t.language}^^${t.datatype.value}`;
  return `${t.termType[0]}:${t.value}`;
}
