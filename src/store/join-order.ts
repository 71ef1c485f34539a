// The order of a basic graph pattern's triples, from the data's own counts. oxigraph 0.5 joins a
// BGP's triple patterns nearly in the order they are written: its estimates know which positions
// are bound, not how many triples each predicate has. So `?s a ?type . ?s rdfs:label ?l` starts
// from every typed resource even where labels are fewer. A BGP is a set: any order gives the same
// solutions, so the query worker writes each BGP smallest-first (by the predicate counts it takes
// when it loads) and oxigraph evaluates that text. Nothing else in the query is touched.
import sparqljs from 'sparqljs';

export interface PredicateStats {
  /** Triples with this predicate, and their distinct subjects and objects. */
  triples: number;
  subjects: number;
  objects: number;
}

export interface GraphStats {
  /** Triples in the default graph. */
  triples: number;
  predicates: Map<string, PredicateStats>;
}

/** The query that gives the counts, over the default graph; `statsFrom` reads its JSON results. */
export const STATS_QUERY =
  'SELECT ?p (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?ns) (COUNT(DISTINCT ?o) AS ?no) WHERE { ?s ?p ?o } GROUP BY ?p';

export function statsFrom(json: string): GraphStats {
  const rows = (JSON.parse(json) as { results: { bindings: Record<string, { value: string }>[] } }).results.bindings;
  const predicates = new Map<string, PredicateStats>();
  let triples = 0;
  for (const r of rows) {
    const n = Number(r.n!.value);
    triples += n;
    predicates.set(r.p!.value, { triples: n, subjects: Number(r.ns!.value), objects: Number(r.no!.value) });
  }
  return { triples, predicates };
}

type Term = { termType: string; value: string };
type Triple = { subject: Term; predicate: Term | { type: 'path' }; object: Term };

const isVariable = (t: Term) => t.termType === 'Variable' || t.termType === 'BlankNode';

/** Solutions a triple pattern is expected to give, with the variables in `bound` already bound. */
export function estimate(t: Triple, bound: Set<string>, stats: GraphStats): number {
  const fixed = (term: Term) => !isVariable(term) || bound.has(term.value);
  const s = fixed(t.subject);
  const o = fixed(t.object);
  const p = 'termType' in t.predicate && !isVariable(t.predicate) ? stats.predicates.get(t.predicate.value) : undefined;
  const known = 'termType' in t.predicate && fixed(t.predicate);
  // A predicate that is an IRI with no triples matches nothing: the cheapest place to start.
  if (known && !p && 'termType' in t.predicate && !isVariable(t.predicate)) return 0;
  const all = p ? p.triples : stats.triples;
  if (s && o) return Math.min(1, all);
  if (s) return all / Math.max(1, p ? p.subjects : stats.predicates.size);
  if (o) return all / Math.max(1, p ? p.objects : stats.predicates.size);
  return all;
}

/** The triples smallest-first, each next one joined to those before it where one can be. */
export function order(triples: Triple[], stats: GraphStats): Triple[] {
  const left = [...triples];
  const out: Triple[] = [];
  const bound = new Set<string>();
  const varsOf = (t: Triple) =>
    [t.subject, t.predicate, t.object].filter((x): x is Term => 'termType' in x && isVariable(x)).map((x) => x.value);
  while (left.length) {
    const joined = out.length ? left.filter((t) => varsOf(t).some((v) => bound.has(v))) : left;
    const candidates = joined.length ? joined : left;
    let best = candidates[0]!;
    let bestCost = estimate(best, bound, stats);
    for (const t of candidates.slice(1)) {
      const cost = estimate(t, bound, stats);
      if (cost < bestCost) {
        best = t;
        bestCost = cost;
      }
    }
    left.splice(left.indexOf(best), 1);
    out.push(best);
    for (const v of varsOf(best)) bound.add(v);
  }
  return out;
}

/** Reorders every BGP of the parsed query in place; true when one changed. */
function reorderAll(node: unknown, stats: GraphStats): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.map((n) => reorderAll(n, stats)).some(Boolean);
  const n = node as { type?: string; triples?: Triple[] };
  let changed = false;
  if (n.type === 'bgp' && n.triples && n.triples.length > 1) {
    const next = order(n.triples, stats);
    if (next.some((t, i) => t !== n.triples![i])) {
      n.triples = next;
      changed = true;
    }
  }
  for (const [key, value] of Object.entries(n)) {
    // Terms and expressions hold no BGP but EXISTS, whose group is walked like any other.
    if (key !== 'triples' && value && typeof value === 'object' && reorderAll(value, stats)) changed = true;
  }
  return changed;
}

/** The query with its BGPs in the order of `stats`, or undefined when nothing would change (or
 *  the text cannot be parsed and written back: oxigraph then gets it as it came). */
export function reorderQuery(query: string, stats: GraphStats, baseIri?: string): string | undefined {
  try {
    const parsed = new sparqljs.Parser(baseIri ? { baseIRI: baseIri } : {}).parse(query);
    if (parsed.type !== 'query' || !reorderAll(parsed.where, stats)) return undefined;
    return new sparqljs.Generator().stringify(parsed);
  } catch {
    return undefined;
  }
}

/** Rewrites kept per text: a query asked again is not parsed again. */
export class JoinOrder {
  private readonly kept = new Map<string, string | undefined>();

  constructor(
    private readonly stats: GraphStats,
    private readonly max = 512,
  ) {}

  text(query: string, baseIri?: string): string {
    const key = `${baseIri ?? ''}\u0000${query}`;
    if (this.kept.has(key)) return this.kept.get(key) ?? query;
    const rewritten = query.length > 64 * 1024 ? undefined : reorderQuery(query, this.stats, baseIri);
    if (this.kept.size >= this.max) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, rewritten);
    return rewritten ?? query;
  }
}
