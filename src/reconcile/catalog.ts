// What the reconciliation service knows, read once per publication: the entities (by slug, the
// service's identifiers), the ontology's classes (types) and properties, and each entity's values.
// Identifiers are short and readable: an entity is its slug (Jeong_Bal), a type or a property its
// ontology term's local name (Person, place), as the manifest's identifierSpace/schemaSpace say.
import type { Publication } from '../publication.js';
import { graphNames } from '../graph/graph-names.js';
import { owl, rdf, rdfs, skos } from '../graph/namespaces.js';
import type { Quad } from '../graph/rdf-terms.js';
import { wikidataId } from '../wikidata/iris.js';

export interface Term {
  id: string;
  name: string;
  description?: string;
}

export interface Value {
  /** An entity of ours (its slug), or a literal/other IRI as text. */
  entity?: string;
  text: string;
  datatype?: string;
}

export interface Catalog {
  base: string;
  resourceBase: string;
  termBase: string;
  types: Map<string, Term>;
  properties: Map<string, Term>;
  /** slug → description (first rdfs:comment) */
  descriptions: Map<string, string>;
  /** slug → labels */
  labels: Map<string, string>;
  /** slug → property id → values */
  values: Map<string, Map<string, Value[]>>;
  /** slug → type ids */
  typesOf: Map<string, string[]>;
}

/** Pseudo-properties beside the ontology's own: spellings and the Wikidata item. */
export const EXTRA_PROPERTIES: Term[] = [
  { id: 'altLabel', name: 'other spellings', description: 'Other spellings of the name (skos:altLabel).' },
  { id: 'wikidata', name: 'Wikidata item', description: 'The Wikidata item this entity is the same as (owl:sameAs), where the evidence list has one.' },
];

const cache = new WeakMap<Publication, Catalog>();

/** The catalog of a publication; made on first use and kept with it, so a reload gets a new one. */
export function catalogOf(pub: Publication): Catalog {
  let c = cache.get(pub);
  if (!c) {
    c = makeCatalog(pub.graph.quads, pub.graph.minter.base, graphNames(pub.graph.minter).ontology);
    cache.set(pub, c);
  }
  return c;
}

export function makeCatalog(quads: Quad[], base: string, ontologyGraph: string): Catalog {
  const resourceBase = `${base}resource/`;
  const termBase = `${base}ontology#`;
  const slugOf = (iri: string) => (iri.startsWith(resourceBase) ? iri.slice(resourceBase.length) : undefined);
  const termOf = (iri: string) => (iri.startsWith(termBase) ? iri.slice(termBase.length) : undefined);

  const ontology = quads.filter((q) => q.graph.value === ontologyGraph);
  const kinds = new Map<string, string[]>();
  const labelOf = new Map<string, string>();
  const commentOf = new Map<string, string>();
  for (const q of ontology) {
    if (q.predicate.value === rdf('type')) kinds.set(q.subject.value, [...(kinds.get(q.subject.value) ?? []), q.object.value]);
    if (q.predicate.value === rdfs('label')) labelOf.set(q.subject.value, q.object.value);
    if (q.predicate.value === rdfs('comment')) commentOf.set(q.subject.value, q.object.value);
  }
  const types = new Map<string, Term>();
  const properties = new Map<string, Term>();
  for (const [iri, k] of kinds) {
    const id = termOf(iri);
    if (!id) continue;
    const term = { id, name: labelOf.get(iri) ?? id, ...(commentOf.has(iri) ? { description: commentOf.get(iri)! } : {}) };
    if (k.includes(owl('Class'))) types.set(id, term);
    if (k.includes(owl('ObjectProperty')) || k.includes(owl('DatatypeProperty'))) properties.set(id, term);
  }
  for (const extra of EXTRA_PROPERTIES) properties.set(extra.id, extra);

  const labels = new Map<string, string>();
  const descriptions = new Map<string, string>();
  const values = new Map<string, Map<string, Value[]>>();
  const typesOf = new Map<string, string[]>();
  const facts = quads.filter((q) => q.graph.value !== ontologyGraph);
  for (const q of facts) {
    const slug = slugOf(q.subject.value);
    if (!slug) continue;
    if (q.predicate.value === rdfs('label') && !labels.has(slug)) labels.set(slug, q.object.value);
    if (q.predicate.value === rdfs('comment') && !descriptions.has(slug)) descriptions.set(slug, q.object.value);
  }
  const add = (slug: string, pid: string, v: Value) => {
    const byProp = values.get(slug) ?? new Map<string, Value[]>();
    const list = byProp.get(pid) ?? [];
    if (!list.some((x) => x.text === v.text && x.entity === v.entity)) list.push(v);
    byProp.set(pid, list);
    values.set(slug, byProp);
  };
  const raw = new Map<string, string>();
  for (const q of facts) if (q.predicate.value === `${termBase}rawValue`) raw.set(q.subject.value, q.object.value);
  for (const q of facts) {
    const slug = slugOf(q.subject.value);
    if (!slug) continue;
    const p = q.predicate.value;
    if (p === rdf('type')) {
      const t = termOf(q.object.value);
      if (t && !typesOf.get(slug)?.includes(t)) typesOf.set(slug, [...(typesOf.get(slug) ?? []), t]);
      continue;
    }
    const pid = p === skos('altLabel') ? 'altLabel' : p === owl('sameAs') && wikidataId(q.object.value) ? 'wikidata' : termOf(p);
    if (!pid || !properties.has(pid)) continue;
    if (q.object.termType === 'Literal') {
      add(slug, pid, { text: q.object.value, datatype: q.object.datatype.value });
    } else {
      const target = slugOf(q.object.value);
      // A quantity has no label of its own: its raw text is what a table wants.
      const rawText = raw.get(q.object.value);
      if (target && labels.has(target)) add(slug, pid, { entity: target, text: labels.get(target)! });
      else add(slug, pid, { text: rawText ?? q.object.value });
    }
  }
  return { base, resourceBase, termBase, types, properties, descriptions, labels, values, typesOf };
}
