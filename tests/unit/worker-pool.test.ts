// The query pool's own bookkeeping, on a real pool with a real worker: what it reads of the
// process's memory while it is busy. The memory guard compares the RSS with the RSS the process had
// when the pool went busy; reading /proc for it at every query cost a tenth of a short query's time.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { iri, literal, quad } from '../../src/rdf/terms.js';
import { WorkerPool } from '../../src/store/worker-pool.js';

const JSON_RESULTS = 'application/sparql-results+json';
const LABELS = 'SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }';

describe('the query pool, busy', () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = new WorkerPool({ workers: 1, queueSize: 64, clientQueueSize: 64, timeoutMs: 60_000, maxRows: 100 });
    await pool.replace(
      ['Busan', 'Dadaejin', 'Dongnae'].map((name) =>
        quad(iri(`http://example.org/${name}`), iri('http://www.w3.org/2000/01/rdf-schema#label'), literal(name, 'en')),
      ),
    );
    // The worker started and loaded: what follows measures serving, not starting.
    await pool.query(LABELS, { resultsFormat: JSON_RESULTS });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await pool?.close();
  });

  it('reads the RSS once when it goes busy, not once per query, and again after it was idle', async () => {
    // Only the guard's periodic check is held back (it reads the RSS too, on a clock); the
    // queries and their time limits run on real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const rss = vi.spyOn(process.memoryUsage, 'rss');
    try {
      // One worker: the first query runs, nineteen wait, and each is sent as the one before ends.
      const answers = await Promise.all(Array.from({ length: 20 }, () => pool.query(LABELS, { resultsFormat: JSON_RESULTS })));
      for (const a of answers) expect((JSON.parse(a.body) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(3);
      expect(rss).toHaveBeenCalledTimes(1);
      expect(pool.stats.busy).toBe(0);
      await pool.query(LABELS, { resultsFormat: JSON_RESULTS });
      expect(rss).toHaveBeenCalledTimes(2);
    } finally {
      rss.mockRestore();
      vi.useRealTimers();
    }
  });
});
