// The elastic query pool, on the real app over HTTP: one worker while idle, another started when a
// query finds every worker busy (so a runaway query does not hold up the next), never more than
// SPARQL_WORKERS, and the extra one let go after SPARQL_WORKER_IDLE_MS without work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { iri, literal, quad } from '../../src/rdf/terms.js';
import type { RunningServer } from '../../src/server.js';
import type { WorkerPool } from '../../src/store/worker-pool.js';
import { ONE_CLIENT, RUNAWAY, SIEGE_DATE, until } from '../helpers/queries.js';
import { startTestServer } from '../helpers/server.js';

describe('an elastic query pool (SPARQL_WORKERS=2, SPARQL_WORKERS_MIN=1)', () => {
  let server: RunningServer;
  // No answers kept: every request must reach the pool. A long time limit: nothing may time out.
  beforeAll(async () => {
    server = await startTestServer({
      SPARQL_WORKERS: '2',
      SPARQL_WORKERS_MIN: '1',
      SPARQL_WORKER_IDLE_MS: '400',
      SPARQL_TIMEOUT_MS: '60000',
      SPARQL_QUEUE: '4',
      SPARQL_CACHE_MB: '0',
      ...ONE_CLIENT,
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  const pool = () => server.site.current.store as WorkerPool;
  const query = (q: string) =>
    fetch(`${server.url}sparql?query=${encodeURIComponent(q)}`, { headers: { accept: 'application/sparql-results+json' } });
  const dateOf = async (res: Response) => {
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: { bindings: { date: { value: string } }[] } }).results.bindings.map((b) => b.date.value);
  };

  const workersMetric = async () => /^sparql_workers (\d+)$/m.exec(await (await fetch(`${server.url}metrics`)).text())?.[1];

  it('runs one worker while idle, and says so in /metrics', async () => {
    expect(await dateOf(await query(SIEGE_DATE))).toEqual(['1592-05-24']);
    expect(pool().stats.workers).toBe(1);
    expect(await workersMetric()).toBe('1');
  });

  it('starts a second worker when the first is busy, so the next query is answered meanwhile', async () => {
    const runaway = query(RUNAWAY);
    await until(() => pool().stats.busy === 1, 'the runaway query to start');
    expect(await dateOf(await query(SIEGE_DATE))).toEqual(['1592-05-24']);
    expect(pool().stats.workers).toBe(2);
    expect(await workersMetric()).toBe('2');
    expect(await pool().killBusyWorker()).toBe(true);
    expect((await runaway).status).toBe(503);
  });

  it('never runs more than SPARQL_WORKERS: a third query waits in the queue', async () => {
    const runaways = [query(RUNAWAY), query(RUNAWAY)];
    await until(() => pool().stats.busy === 2, 'both workers to be busy');
    const waiting = query(SIEGE_DATE);
    await until(() => pool().stats.queued === 1, 'the third query to queue');
    expect(pool().stats.workers).toBe(2);
    expect(await pool().killBusyWorker()).toBe(true);
    expect(await dateOf(await waiting)).toEqual(['1592-05-24']);
    expect(await pool().killBusyWorker()).toBe(true);
    for (const res of await Promise.all(runaways)) expect(res.status).toBe(503);
  });

  it('lets the extra worker go once it has been idle, and still answers afterwards', async () => {
    await until(() => pool().stats.workers === 1, 'the idle worker to be let go', 10_000);
    // Its exit is not taken for a crash: the exit was handled when the count fell to one, and a
    // crash would have started a replacement in that same handler.
    expect(pool().stats.workers).toBe(1);
    const { restarts } = pool().stats;
    expect(await dateOf(await query(SIEGE_DATE))).toEqual(['1592-05-24']);
    expect(pool().stats).toMatchObject({ restarts });
    expect(await dateOf(await query(SIEGE_DATE))).toEqual(['1592-05-24']);
    // Two at once: both answered, by one worker or two.
    for (const res of await Promise.all([query(SIEGE_DATE), query(SIEGE_DATE)])) expect(await dateOf(res)).toEqual(['1592-05-24']);
  });

  it('gives a worker started after a reload the new data', async () => {
    const { graph, store } = server.site.current;
    await until(() => pool().stats.workers === 1, 'the pool to shrink to one worker', 10_000);
    await store.replace([...graph.quads, quad(iri('urn:x:reloaded'), iri('urn:x:p'), literal('yes'))]);
    try {
      const runaway = query(RUNAWAY);
      await until(() => pool().stats.busy === 1, 'the runaway query to start');
      // Answered by the worker started now, from the data as replaced.
      const res = await query('ASK { <urn:x:reloaded> ?p ?o }');
      expect(await res.json()).toMatchObject({ boolean: true });
      expect(pool().stats.workers).toBe(2);
      await pool().killBusyWorker();
      expect((await runaway).status).toBe(503);
    } finally {
      await store.replace(graph.quads);
    }
  });
});

describe('the pool size settings', () => {
  it('default to two workers at most and one kept while idle', () => {
    expect(loadConfig({}).sparql).toMatchObject({ workers: 2, minWorkers: 1, workerIdleMs: 30_000 });
  });

  it('keep the minimum within the maximum', () => {
    expect(loadConfig({ SPARQL_WORKERS: '3', SPARQL_WORKERS_MIN: '8' }).sparql).toMatchObject({ workers: 3, minWorkers: 3 });
  });

  it('refuse a value that is not a number in range', () => {
    expect(() => loadConfig({ SPARQL_WORKERS_MIN: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ SPARQL_WORKER_IDLE_MS: 'soon' })).toThrow(ConfigError);
    // A worker let go the moment it is idle would be started again by the next query.
    expect(() => loadConfig({ SPARQL_WORKER_IDLE_MS: '0' })).toThrow(ConfigError);
  });
});
