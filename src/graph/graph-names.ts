// Names the whole code base shares, kept apart from the build (build.ts) so that reading them
// does not load the build's parsers and SHACL validator: the named graphs the build writes, and
// how names are folded for matching.
import type { Minter } from '../rdf/namespaces.js';

/** The named graphs the build writes, besides the claims and links of data/. */
export function graphNames(m: Minter) {
  return {
    ontology: m.ontology,
    shapes: `${m.base}shapes`,
    provenance: m.graph('provenance'),
    source: m.graph('source'),
    derived: m.graph('derived'),
    wikidata: m.graph('wikidata'),
  };
}
