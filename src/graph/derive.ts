// Statements derived from the curated ones at build time, kept in their own graph so a reader
// can tell what the article says from what the build concluded.
import type { Minter } from './namespaces.js';
import { iri, quad, type Quad } from './rdf-terms.js';

/** bo:follows / bo:followedBy between consecutive events of the day, from their bo:sequence. */
export function sequenceLinks(quads: Quad[], m: Minter, graph: string): Quad[] {
  const sequence = m.term('sequence');
  const events = quads
    .filter((q) => q.predicate.value === sequence)
    .map((q) => ({ event: q.subject.value, n: Number(q.object.value) }))
    .sort((a, b) => a.n - b.n);
  const out: Quad[] = [];
  for (let i = 1; i < events.length; i++) {
    const before = iri(events[i - 1]!.event);
    const after = iri(events[i]!.event);
    out.push(quad(after, iri(m.term('follows')), before, iri(graph)));
    out.push(quad(before, iri(m.term('followedBy')), after, iri(graph)));
  }
  return out;
}
