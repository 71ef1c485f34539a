// The JSON-LD @context, derived from the ontology so it can never drift from it: one short
// name per ontology term, typed so that JSON-LD output reads like plain JSON.
// It sets no @base: JSON-LD 1.1 processors ignore @base in a remote context (context processing,
// step 5.7), so a document compacted against one would carry IRIs relative to a base its reader
// never applies (pyld read none of the dump's quads). Every IRI is written absolute or as a
// compact IRI (res:Busan) instead.
import { PREFIXES, type Minter, owl, rdf, rdfs, xsd } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';

export function jsonLdContext(ontology: Quad[], m: Minter): { '@context': Record<string, unknown> } {
  const ns = m.term('');
  const types = new Map<string, Set<string>>();
  const ranges = new Map<string, string>();
  for (const q of ontology) {
    if (!q.subject.value.startsWith(ns)) continue;
    if (q.predicate.value === rdf('type')) types.set(q.subject.value, (types.get(q.subject.value) ?? new Set()).add(q.object.value));
    if (q.predicate.value === rdfs('range') && q.object.termType === 'NamedNode') ranges.set(q.subject.value, q.object.value);
  }
  const context: Record<string, unknown> = {
    '@version': 1.1,
    id: '@id',
    type: '@type',
    bo: ns,
    res: m.resource(''),
    ...Object.fromEntries(Object.entries(PREFIXES).filter(([p]) => p !== 'bo')),
    label: { '@id': rdfs('label'), '@language': 'en' },
    altLabel: { '@id': 'skos:altLabel', '@language': 'en', '@container': '@set' },
    comment: { '@id': rdfs('comment'), '@language': 'en' },
    sameAs: { '@id': owl('sameAs'), '@type': '@id' },
    closeMatch: { '@id': 'skos:closeMatch', '@type': '@id' },
  };
  for (const [term, kinds] of [...types].sort(([a], [b]) => a.localeCompare(b))) {
    const name = term.slice(ns.length);
    if (kinds.has(owl('Class'))) {
      context[name] = `bo:${name}`;
      continue;
    }
    if (kinds.has(owl('ObjectProperty'))) {
      context[name] = { '@id': `bo:${name}`, '@type': '@id' };
      continue;
    }
    if (kinds.has(owl('DatatypeProperty'))) {
      const range = ranges.get(term);
      context[name] =
        range === rdf('langString')
          ? { '@id': `bo:${name}`, '@language': 'en' }
          : range?.startsWith(xsd(''))
            ? { '@id': `bo:${name}`, '@type': range.replace(xsd(''), 'xsd:') }
            : `bo:${name}`;
    }
  }
  return { '@context': context };
}
