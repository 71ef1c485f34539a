// What `serve` says about a graph past the embedded store's crossover.
import { describe, expect, it } from 'vitest';
import { CROSSOVERS, crossoverWarning } from '../../src/store/crossover.js';

const first = Math.min(...CROSSOVERS.map((c) => c.quads));

describe('crossover warning', () => {
  it('says nothing below the first crossover, or on a remote store', () => {
    expect(crossoverWarning(first - 1, 'embedded')).toBeUndefined();
    expect(crossoverWarning(10 * first, 'remote')).toBeUndefined();
  });

  it('names the size, the shapes past their crossover and what to set', () => {
    const shapes = [
      { shape: 'COUNT', quads: 1000 },
      { shape: 'ORDER BY', quads: 10_000 },
    ];
    expect(crossoverWarning(5000, 'embedded', shapes)).toBe(
      "the graph has 5,000 quads, past the embedded store's crossover for COUNT (from 1,000): a SPARQL store answers those queries faster; set SPARQL_ENDPOINT (README, Deployment)",
    );
    expect(crossoverWarning(10_000, 'embedded', shapes)).toMatch(/COUNT \(from 1,000\), ORDER BY \(from 10,000\)/);
    const all = crossoverWarning(Math.max(...CROSSOVERS.map((c) => c.quads)), 'embedded')!;
    for (const c of CROSSOVERS) expect(all).toContain(c.shape);
  });
});
