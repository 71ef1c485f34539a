// The fast part of the W3C conformance run, in `npm test`: the suites the endpoint passes in full,
// and every protocol test, through the same HTTP endpoint code as `npm run conformance`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySuites, runProtocolTests, runQueryTest, startEndpoint, type Endpoint } from './runner.js';

const FAST_SUITES = ['bind', 'cast', 'construct', 'exists', 'grouping', 'project-expression', 'subquery', 'json-res'];

let endpoint: Endpoint;
beforeAll(async () => {
  endpoint = await startEndpoint();
});
afterAll(async () => {
  await endpoint?.close();
});

describe('W3C SPARQL 1.1 query evaluation (fast subset)', () => {
  const suites = querySuites(FAST_SUITES);
  it('finds the suites beside the project', () => {
    expect(suites.map((s) => s.suite).sort()).toEqual([...FAST_SUITES].sort());
  });
  for (const { suite, tests } of suites) {
    it(`${suite}: every test passes`, async () => {
      const failures = [];
      for (const test of tests) {
        const outcome = await runQueryTest(endpoint, suite, test);
        if (!outcome.pass) failures.push(`${outcome.name}: ${outcome.reason}`);
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('W3C SPARQL 1.1 protocol', () => {
  it('passes every query test, and refuses every update', async () => {
    const outcomes = await runProtocolTests(endpoint);
    expect(outcomes.length).toBeGreaterThan(30);
    expect(outcomes.filter((o) => !o.pass).map((o) => `${o.name}: ${o.reason}`)).toEqual([]);
  });
});
