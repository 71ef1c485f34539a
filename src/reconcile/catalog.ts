// What the reconciliation service knows, read once per publication: the entities (by slug, the
// service's identifiers), the ontology's classes (types) and properties, and each entity's values.
// Identifiers are short and readable: an entity is its slug (Jeong_Bal), a type or a property its
// ontology term's local name (Person, place), as the manifest's identifierSpace/schemaSpace say.
// What the ontology entails is read here too, so that a client asking as a person would gets what
// it means: an entity is of every superclass of its types (rdfs:subClassOf: Dadaejin, a
// fortification, is a place), and a property has the values its inverse states from the other side
// (owl:inverseOf: the forces that name Konishi as commander are what he is commander of).
import type { Publication } from '../publication/publication.js';
import { graphNames } from '../graph/graph-names.js';
import { owl, rdf, rdfs, skos } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
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
  /** slug → type ids, as stated (the most specific: what a candidate shows) */
  typesOf: Map<string, string[]>;
  /** slug → its types and all their superclasses (what a type filter matches) */
  kindsOf: Map<string, Set<string>>;
  /** type id → itself and every subclass of it, transitively */
  subtypes: Map<string, Set<string>>;
}

/** Pseudo-properties beside the ontology's own: spellings and the Wikidata item. */
export const EXTRA_PROPERTIES: Term[] = [
  { id: 'altLabel', name: 'other spellings', description: 'Other spellings of the name (skos:altLabel).' },
  {
    id: 'wikidata',
    name: 'Wikidata item',
    description: 'The Wikidata item this entity is the same as (owl:sameAs), where the evidence list has one.',
  },
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
  const parents = new Map<string, string[]>();
  const inverse = new Map<string, string>();
  for (const q of ontology) {
    const a = termOf(q.subject.value);
    const b = termOf(q.object.value);
    if (!a || !b) continue;
    if (q.predicate.value === rdfs('subClassOf')) parents.set(a, [...(parents.get(a) ?? []), b]);
    // owl:inverseOf is symmetric: declared on one of the pair, it holds for both.
    if (q.predicate.value === owl('inverseOf')) {
      inverse.set(a, b);
      inverse.set(b, a);
    }
  }
  for (const [iri, k] of kinds) {
    const id = termOf(iri);
    if (!id) continue;
    const term = { id, name: labelOf.get(iri) ?? id, ...(commentOf.has(iri) ? { description: commentOf.get(iri)! } : {}) };
    if (k.includes(owl('Class'))) types.set(id, term);
    if (k.includes(owl('ObjectProperty')) || k.includes(owl('DatatypeProperty'))) properties.set(id, term);
  }
  for (const extra of EXTRA_PROPERTIES) properties.set(extra.id, extra);
  const ancestors = superclasses(parents);
  const subtypes = new Map<string, Set<string>>();
  for (const [t, above] of ancestors) for (const a of above) subtypes.set(a, (subtypes.get(a) ?? new Set()).add(t));

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
      if (target && labels.has(target)) {
        add(slug, pid, { entity: target, text: labels.get(target)! });
        const back = inverse.get(pid);
        if (back && properties.has(back)) add(target, back, { entity: slug, text: labels.get(slug) ?? slug });
      } else add(slug, pid, { text: rawText ?? q.object.value });
    }
  }
  const kindsOf = new Map<string, Set<string>>();
  for (const [slug, stated] of typesOf) kindsOf.set(slug, new Set(stated.flatMap((t) => [...(ancestors.get(t) ?? [t])])));
  return { base, resourceBase, termBase, types, properties, descriptions, labels, values, typesOf, kindsOf, subtypes };
}

/** Each class with itself and all its superclasses (rdfs:subClassOf, transitively; a cycle ends
 *  where it meets a class already seen). */
export function superclasses(parents: Map<string, string[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const classes = new Set([...parents.keys(), ...[...parents.values()].flat()]);
  for (const start of classes) {
    const seen = new Set<string>([start]);
    const todo = [start];
    while (todo.length)
      for (const p of parents.get(todo.pop()!) ?? [])
        if (!seen.has(p)) {
          seen.add(p);
          todo.push(p);
        }
    out.set(start, seen);
  }
  return out;
}

/** Whether an entity is of a type: stated, or through a subclass of it. */
export function isOfType(c: Catalog, slug: string, type: string): boolean {
  return c.kindsOf.get(slug)?.has(type) ?? false;
}
