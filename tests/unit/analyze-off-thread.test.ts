// Parsing off the main thread (src/sparql/analyze-off-thread.ts): short queries inline, long ones
// in the parsing thread with a time limit and a length limit; a waiting parse dropped on abort.
import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisAborted, Analyzer, INLINE_CHARS, ParseTimeout, QueryTooLong } from '../../src/sparql/analyze-off-thread.js';
import { QuerySyntaxError, QueryTooComplex, UpdateRefused } from '../../src/query/analyze.js';
import { QueueFullError } from '../../src/store/store.js';
import { WDQS } from '../../src/wikidata/prefixes.js';

// A time limit a few kilobytes of patterns always parse within, and 30,000 BINDs never do.
const analyzer = new Analyzer({ maxQueryChars: 2_000_000, parseTimeoutMs: 3_000, queueSize: 4 });
afterAll(() => analyzer.close());

/** A SELECT of about `chars` characters, made of `?s ?p ?o` patterns. */
const longSelect = (chars: number, tail = '') => `SELECT * WHERE { ${'?s ?p ?o . '.repeat(Math.ceil(chars / 11))} } ${tail}`;
/** A chain of BINDs: sparqljs's time grows faster than its length. */
const binds = (n: number) => `SELECT * WHERE { ${Array.from({ length: n }, (_, i) => `BIND(${i} AS ?v${i})`).join(' ')} }`;

describe('the analyzer', () => {
  it('parses a short query where it is asked', async () => {
    const a = await analyzer.analyze('SELECT ?p WHERE { wd:Q1 wdt:P31 ?p }', undefined, WDQS, [10, 11]);
    expect(a.form).toBe('SELECT');
    expect(a.capped(10)).toMatch(/LIMIT 10$/);
  });

  it('parses a long query in its thread, with the caps asked for', async () => {
    const query = longSelect(INLINE_CHARS * 2, 'LIMIT 500');
    const a = await analyzer.analyze(query, 'http://example.org/sparql', WDQS, [10, 11]);
    expect(a.form).toBe('SELECT');
    expect(a.capped(10)).toMatch(/LIMIT 10\s*$/);
    expect(a.capped(11)).toMatch(/LIMIT 11\s*$/);
    // Asked again: kept, not parsed again.
    expect(await analyzer.analyze(query, 'http://example.org/sparql', WDQS, [10, 11])).toBe(a);
  });

  it('gives back the parser refusals of a long query as their own errors', async () => {
    await expect(analyzer.analyze(longSelect(INLINE_CHARS * 2, '}'), undefined, undefined, [10])).rejects.toThrow(QuerySyntaxError);
    await expect(
      analyzer.analyze(`INSERT DATA { ${'<urn:x:a> <urn:x:b> <urn:x:c> . '.repeat(200)} }`, undefined, undefined, [10]),
    ).rejects.toThrow(UpdateRefused);
    const chain = `ASK { FILTER(${Array(120_000).fill('1').join('||')}) }`;
    // Either the parser's stack overflows on the chain (too deep) or the time limit stops it.
    await expect(analyzer.analyze(chain, undefined, undefined, [10])).rejects.toThrow(QueryTooComplex);
  });

  it('stops a parse at its time limit, and parses the next query', async () => {
    await expect(analyzer.analyze(binds(30_000), undefined, undefined, [10])).rejects.toThrow(ParseTimeout);
    const a = await analyzer.analyze(longSelect(INLINE_CHARS * 2), undefined, undefined, [10, 11]);
    expect(a.form).toBe('SELECT');
  });

  it('refuses a query over the length limit before parsing it', async () => {
    const small = new Analyzer({ maxQueryChars: 100, parseTimeoutMs: 1_000, queueSize: 1 });
    await expect(small.analyze(longSelect(200), undefined, undefined, [10])).rejects.toThrow(QueryTooLong);
    await small.close();
  });

  it('serves the clients waiting for the thread in turn, and holds each to its share of the queue', async () => {
    // A fresh analyzer: its thread is still starting, so every query below waits, in the order sent.
    const turns = new Analyzer({ maxQueryChars: 100_000, parseTimeoutMs: 3_000, queueSize: 8, clientQueueSize: 4 });
    try {
      const done: string[] = [];
      const ask = (client: string, i: number) =>
        turns.analyze(longSelect(INLINE_CHARS * 2, `# ${client} ${i}`), undefined, undefined, [10], undefined, client).then(() => {
          done.push(`${client}${i}`);
        });
      const attacker = [1, 2, 3, 4].map((i) => ask('a', i));
      // Past its share: refused at once, however empty the rest of the queue.
      await expect(ask('a', 5)).rejects.toThrow(QueueFullError);
      const innocent = ask('b', 1);
      await Promise.all([...attacker, innocent]);
      // First come, first served would parse b1 last; in turns, it waits for one of a's at most.
      expect(done.indexOf('b1')).toBeLessThanOrEqual(1);
      expect(done).toHaveLength(5);
    } finally {
      await turns.close();
    }
  });

  it('drops a waiting parse whose client went away', async () => {
    const slow = analyzer.analyze(binds(30_000), undefined, undefined, [10]).catch((e: unknown) => e);
    const gone = new AbortController();
    const waiting = analyzer.analyze(longSelect(INLINE_CHARS * 3, '# waiting'), undefined, undefined, [10], gone.signal);
    gone.abort();
    await expect(waiting).rejects.toThrow(AnalysisAborted);
    expect(await slow).toBeInstanceOf(ParseTimeout);
  });
});
