// The JSON-LD a page embeds for search engines: the entity's own statements in our terms, plus
// the schema.org terms the ontology aligns them with (rdfs:subClassOf / rdfs:subPropertyOf
// schema:…), name, alternateName, description, sameAs and url, compacted with the published context.
import { owl, rdf, rdfs, schema, skos } from '../rdf/namespaces.js';
import { iri, quad, type Quad } from '../rdf/terms.js';
import { toJsonLd } from '../rdf/serialize.js';

/** For each ontology term, the schema.org terms above it (transitively). */
export function schemaAlignment(ontology: Quad[]): Map<string, Set<string>> {
  const parents = new Map<string, string[]>();
  for (const q of ontology) {
    if (q.predicate.value !== rdfs('subClassOf') && q.predicate.value !== rdfs('subPropertyOf')) continue;
    if (q.object.termType !== 'NamedNode') continue;
    parents.set(q.subject.value, [...(parents.get(q.subject.value) ?? []), q.object.value]);
  }
  const up = (term: string, seen = new Set<string>()): Set<string> => {
    for (const p of parents.get(term) ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      up(p, seen);
    }
    return seen;
  };
  const out = new Map<string, Set<string>>();
  for (const term of parents.keys()) out.set(term, new Set([...up(term)].filter((t) => t.startsWith(schema('')))));
  return out;
}

export async function structuredData(
  entity: string,
  description: Quad[],
  alignment: Map<string, Set<string>>,
  pageUrl: string,
  context: { '@context': object },
): Promise<object> {
  const own = description.filter((q) => q.subject.value === entity);
  const extra: Quad[] = [];
  const add = (p: string, o: Quad['object']) => extra.push(quad(iri(entity), iri(p), o));
  for (const q of own) {
    const p = q.predicate.value;
    if (p === rdf('type')) for (const t of alignment.get(q.object.value) ?? []) add(rdf('type'), iri(t));
    else if (p === rdfs('label')) add(schema('name'), q.object);
    else if (p === skos('altLabel')) add(schema('alternateName'), q.object);
    else if (p === rdfs('comment')) add(schema('description'), q.object);
    else if (p === owl('sameAs')) add(schema('sameAs'), q.object);
    else for (const sp of alignment.get(p) ?? []) add(sp, q.object);
  }
  add(schema('url'), iri(pageUrl));
  const triples = [...own, ...extra].map((q) => quad(q.subject, q.predicate, q.object));
  const doc = (await toJsonLd(triples, { context })) as Record<string, unknown>;
  // Search engines do not fetch remote contexts: the context stays inline, and the entity is the
  // top-level node when it is the only one.
  return doc;
}
