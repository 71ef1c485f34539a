// Statements derived from the curated ones at build time, kept in their own graph so a reader
// can tell what the article says from what the build concluded.
import type { Minter } from '../rdf/namespaces.js';
import { ProvenanceError } from './provenance.js';
import { iri, quad, type Quad } from '../rdf/terms.js';

/**
 * bo:follows, the inverse of each bo:followedBy the data states: the order the article gives, and
 * nothing more. Events it leaves unordered stay unordered; nothing is derived from bo:sequence,
 * which is the order of the telling. An order that goes round in a circle is refused: it cannot be
 * what the article says, and a timeline could not draw it.
 */
export function orderLinks(quads: Quad[], m: Minter, graph: string): Quad[] {
  const followedBy = m.term('followedBy');
  const edges = quads.filter((q) => q.predicate.value === followedBy && q.object.termType === 'NamedNode');
  const cycle = findCycle(edges.map((q) => [q.subject.value, q.object.value]));
  if (cycle) throw new ProvenanceError([`bo:followedBy goes round in a circle: ${cycle.join(' → ')}`]);
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of edges) {
    const key = `${q.subject.value} ${q.object.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(quad(iri(q.object.value), iri(m.term('follows')), iri(q.subject.value), iri(graph)));
  }
  return out;
}

/** A cycle of the directed graph, as the nodes along it (first repeated last), or undefined. */
export function findCycle(edges: [string, string][]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) next.set(a, [...(next.get(a) ?? []), b]);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    path.push(n);
    for (const b of next.get(n) ?? []) {
      const found = visit(b);
      if (found) return found;
    }
    path.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of next.keys()) {
    const found = visit(n);
    if (found) return found;
  }
  return undefined;
}
