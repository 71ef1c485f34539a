// Where a page links an IRI to, and what it calls it. Links to our own IRIs are root-relative
// paths under the base's path, so pages work wherever the app is reached; other IRIs stay as they are.
import { type Minter, PREFIXES, rdf, rdfs } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import { slugOf } from '../graph/slugs.js';

export interface Links {
  /** The href for an IRI: our entities go to their page. */
  href(iri: string): string;
  /** A path on this site, e.g. path('data/Busan.ttl'). */
  path(relative: string): string;
  /** An IRI as people read it: its label, or its prefixed name. */
  name(iri: string): string;
  /** A compact IRI (bo:partOf, wd:Q16520), or the IRI itself. */
  curie(iri: string): string;
}

export function links(m: Minter, quads: Quad[]): Links {
  const basePath = new URL(m.base).pathname;
  const labels = new Map<string, string>();
  for (const q of quads) {
    // The first English (or untagged) label wins; the data has one rdfs:label per thing.
    if (q.predicate.value === rdfs('label') && q.object.termType === 'Literal' && !labels.has(q.subject.value)) {
      if (!q.object.language || q.object.language === 'en') labels.set(q.subject.value, q.object.value);
    }
  }
  const prefixes: [string, string][] = [
    ['bo', m.term('')],
    ['res', m.resource('')],
    ...Object.entries(PREFIXES).sort(([, a], [, b]) => b.length - a.length),
  ];
  const curie = (iri: string) => {
    for (const [p, ns] of prefixes) if (iri.startsWith(ns) && iri.length > ns.length) return `${p}:${iri.slice(ns.length)}`;
    return iri;
  };
  const path = (relative: string) => basePath + relative;
  return {
    path,
    curie,
    href(iri) {
      const slug = slugOf(iri, m);
      if (slug) return path(`page/${slug}`);
      if (iri.startsWith(m.resource(''))) {
        // A hash IRI is described in its parent's page, at the anchor of its fragment.
        const [parent, fragment] = iri.slice(m.resource('').length).split('#');
        return path(`page/${parent}#${fragment ?? ''}`);
      }
      if (iri.startsWith(m.base)) return path(iri.slice(m.base.length));
      return iri;
    },
    name(iri) {
      return labels.get(iri) ?? (iri === rdf('type') ? 'type' : curie(iri));
    },
  };
}
