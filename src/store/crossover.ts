// Past what size the embedded store stops being the faster place for a query shape: measured by
// bench/crossover.ts (README, Deployment; docs/BENCHMARKS.md, "Crossover"), the publisher against a
// private Virtuoso, each query evaluated anew. oxigraph evaluates aggregates and sorts in
// WebAssembly, one query per worker thread; past these sizes a real store answers those shapes
// faster. `serve` says so when it loads such a graph on the embedded store.

export interface Crossover {
  /** The query shape, as the harness names it. */
  shape: string;
  /** The smallest graph measured from which that shape was answered more slowly than by Virtuoso. */
  quads: number;
}

export const CROSSOVERS: readonly Crossover[] = [
  { shape: 'COUNT … GROUP BY', quads: 30_000 },
  // At 100k it was below Virtuoso in two runs of three, at its level in the third.
  { shape: 'OPTIONAL + ORDER BY + LIMIT', quads: 100_000 },
];

/** What `serve` prints for a graph of `quads` quads, or nothing below every crossover. */
export function crossoverWarning(
  quads: number,
  store: 'embedded' | 'remote',
  crossovers: readonly Crossover[] = CROSSOVERS,
): string | undefined {
  const past = crossovers.filter((c) => quads >= c.quads);
  if (store !== 'embedded' || !past.length) return undefined;
  return (
    `the graph has ${quads.toLocaleString('en')} quads, past the embedded store's crossover for ` +
    `${past.map((c) => `${c.shape} (from ${c.quads.toLocaleString('en')})`).join(', ')}: a SPARQL store answers ` +
    'those queries faster; set SPARQL_ENDPOINT (README, Deployment)'
  );
}
