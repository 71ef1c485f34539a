// The harness's account of what fronting a store costs on a saturated machine (bench/report.ts).
import { describe, expect, it } from 'vitest';
import type { Stats } from '../../bench/cannon.js';
import { frontingCost } from '../../bench/report.js';

const stats = (cpuUsPerRequest: number, loadUsPerRequest: number): Stats => ({
  requests: 1000,
  seconds: 1,
  reqPerSec: 1000,
  p50: 1,
  p99: 2,
  errors: 0,
  non2xx: 0,
  statuses: { 200: 1000 },
  rssMax: 0,
  cpuUsPerRequest,
  loadUsPerRequest,
});

describe('frontingCost', () => {
  // Asked directly, a request costs the machine 1,000 µs: 900 in the store, 100 in the load generator.
  const cost = frontingCost(stats(900, 100));

  it('leaves a proxy a quarter of what a direct request costs, for 0.8×', () => {
    expect(cost.budget).toBeCloseTo(250, 10);
    expect(cost.predicted(stats(250, 100))).toBeCloseTo(0.8, 10);
  });

  it('predicts less than 0.8× for a proxy over the budget, and counts its own load generator CPU', () => {
    expect(cost.predicted(stats(500, 100))).toBeCloseTo(1000 / 1500, 10);
    // The same proxy CPU, but its requests cost the load generator more than the direct ones did.
    expect(cost.predicted(stats(250, 350))).toBeCloseTo(1000 / 1500, 10);
  });
});
