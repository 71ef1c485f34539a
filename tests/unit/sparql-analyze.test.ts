// The analysis of a query (src/sparql/analyze.ts): memoized by its text, base and prologue; the
// WDQS prologue given to the parser as a table, with the query's own PREFIX winning and its
// line numbers its own; capped texts that run on their own.
import { describe, expect, it } from 'vitest';
import sparqljs from 'sparqljs';
import {
  analyze,
  cachedAnalyses,
  fromTransferable,
  ownSelect,
  QuerySyntaxError,
  QueryTooComplex,
  toTransferable,
  UncappableQuery,
  UpdateRefused,
  withPrologue,
} from '../../src/query/analyze.js';
import { WDQS, WDQS_PROLOGUE, withWdqsPrefixes } from '../../src/wikidata/prefixes.js';

const WD = 'http://www.wikidata.org/entity/';
let n = 0;
/** A query no other test has analysed (the cache is shared by the whole file). */
const unique = (body = '?s ?p ?o') => `SELECT * WHERE { ${body} } # ${n++}`;

describe('the analysis cache', () => {
  it('gives the same analysis for the same text, base and prologue, without parsing again', () => {
    const query = unique();
    const first = analyze(query, 'http://example.org/sparql', WDQS);
    expect(analyze(query, 'http://example.org/sparql', WDQS)).toBe(first);
    // Another base or another prologue is another analysis.
    expect(analyze(query, 'http://example.org/other', WDQS)).not.toBe(first);
    expect(analyze(query, 'http://example.org/sparql')).not.toBe(first);
  });

  it('keeps a refusal too: a repeated syntax error or update is refused the same way', () => {
    const bad = `SELECT ?x WHERE { ?x ?y } # ${n++}`;
    const errors = [0, 1].map(() => {
      try {
        analyze(bad, undefined, WDQS);
      } catch (e) {
        return e;
      }
      return undefined;
    });
    expect(errors[0]).toBeInstanceOf(QuerySyntaxError);
    expect((errors[1] as Error).message).toBe((errors[0] as Error).message);
    const update = `INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> } # ${n++}`;
    expect(() => analyze(update)).toThrow(UpdateRefused);
    expect(() => analyze(update)).toThrow(UpdateRefused);
  });

  it('stays bounded however many different queries arrive', () => {
    for (let i = 0; i < 2100; i++) analyze(unique(`?s <urn:x:p${i}> ?o`));
    expect(cachedAnalyses()).toBeLessThanOrEqual(2048);
    expect(cachedAnalyses()).toBeGreaterThan(1000);
  });

  it('does not keep a very long query, and still analyses it', () => {
    const long = `SELECT * WHERE { ?s ?p "${'x'.repeat(70_000)}" }`;
    const before = cachedAnalyses();
    const a = analyze(long);
    expect(a.form).toBe('SELECT');
    expect(analyze(long)).not.toBe(a);
    expect(cachedAnalyses()).toBe(before);
  });
});

describe('the WDQS prologue', () => {
  it('lets a query use wd: and wdt: without declaring them, and runs with the prologue in front', () => {
    const query = `SELECT ?p WHERE { wd:Q497046 wdt:P710 ?p } # ${n++}`;
    expect(() => analyze(query)).toThrow(QuerySyntaxError);
    const a = analyze(query, undefined, WDQS);
    expect(a.form).toBe('SELECT');
    // Only the declarations it can use go in front, on its first line.
    expect(a.text).toBe(`PREFIX wd: <${WD}> PREFIX wdt: <http://www.wikidata.org/prop/direct/> ${query}`);
    // Appending the cap keeps them, so the capped text runs on its own.
    expect(a.capped(10)).toBe(`${a.text}\nLIMIT 10`);
  });

  it('sends a query that uses none of the prefixes as it is, and one with escapes with all of them', () => {
    const plain = `SELECT * WHERE { <urn:x:a> ?p ?o } # ${n++}`;
    expect(analyze(plain, undefined, WDQS).text).toBe(plain);
    const escaped = `SELECT * WHERE { <urn:x:a> ?p "\\u0041" } # ${n++}`;
    expect(analyze(escaped, undefined, WDQS).text).toBe(withWdqsPrefixes(escaped));
    // The text the store runs is a whole query: the parser takes it without any prologue.
    for (const text of [plain, escaped, `SELECT * WHERE { wd:Q1 rdfs:label ?l } # ${n++}`]) {
      expect(() => new sparqljs.Parser().parse(analyze(text, undefined, WDQS).text)).not.toThrow();
    }
  });

  it("a query's own PREFIX wins over the predeclared one", () => {
    // A LIMIT over the cap: the query is written back from its parse, with its IRIs as parsed.
    const own = analyze(`PREFIX wd: <urn:x:> SELECT * WHERE { wd:a ?p ?o } LIMIT 1000 # ${n++}`, undefined, WDQS).capped(10)!;
    const expanded = new sparqljs.Parser().parse(own) as sparqljs.SelectQuery;
    expect(JSON.stringify(expanded.where)).toContain('urn:x:a');
    expect(JSON.stringify(expanded.where)).not.toContain(`${WD}a`);
    expect(expanded.limit).toBe(10);
  });

  it('writes back a capped query that uses a predeclared prefix so that it parses without the prologue', () => {
    const capped = analyze(`SELECT * WHERE { wd:Q1 ?p ?o } LIMIT 1000 # ${n++}`, undefined, WDQS).capped(10)!;
    const parsed = new sparqljs.Parser().parse(capped) as sparqljs.SelectQuery;
    expect(JSON.stringify(parsed.where)).toContain(`${WD}Q1`);
    expect(parsed.limit).toBe(10);
  });

  it("reports a syntax error at the client's own line", () => {
    const error = (() => {
      try {
        analyze(`SELECT ?x # ${n++}\nWHERE { ?x ?y }`, undefined, WDQS);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect(error!.message).toMatch(/line 2/);
    // The parser quotes the client's text, not the prologue.
    expect(error!.message).not.toContain('wikiba.se');
  });

  it('puts the prologue on the first line', () => {
    expect(withPrologue('ASK {}', WDQS)).toBe(`${WDQS_PROLOGUE} ASK {}`);
    expect(withPrologue('ASK {}', WDQS)).not.toContain('\n');
  });
});

describe('ownSelect', () => {
  it('is a SELECT that needs no capping, no dataset and no SERVICE', () => {
    const a = ownSelect('SELECT * WHERE { ?s ?p ?o } LIMIT 5');
    expect(a).toMatchObject({ form: 'SELECT', hasDataset: false, usesService: false, text: 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' });
    expect(a.capped(1)).toBeUndefined();
  });
});

describe('the row cap of a graph (CONSTRUCT, DESCRIBE)', () => {
  it('lets through only the solutions that can make the cap and one more triple', () => {
    const a = analyze(`CONSTRUCT { ?s <urn:x:a> ?o . ?o <urn:x:b> ?s } WHERE { ?s ?p ?o } # ${n++}`);
    const cap = a.graphCap(10)!;
    // Two template triples: six solutions make twelve triples, past the cap of ten.
    expect(cap.limited).toMatch(/\nLIMIT 6$/);
    expect(cap.more).toMatch(/^SELECT \* WHERE/);
    expect(cap.more).toMatch(/OFFSET 6\nLIMIT 1/);
  });

  it('keeps a query whose own LIMIT is within it, and counts from its own OFFSET', () => {
    expect(analyze(`CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3 # ${n++}`).graphCap(10)).toBeUndefined();
    const cap = analyze(`CONSTRUCT WHERE { ?s ?p ?o } LIMIT 100 OFFSET 5 # ${n++}`).graphCap(10)!;
    expect(cap.limited).toMatch(/LIMIT 11/);
    expect(cap.more).toMatch(/OFFSET 16/);
  });

  it('has nothing to limit in a DESCRIBE without WHERE, and nothing for SELECT', () => {
    expect(analyze(`DESCRIBE <urn:x:a> # ${n++}`).graphCap(10)).toBeUndefined();
    expect(analyze(unique()).graphCap(10)).toBeUndefined();
  });

  it('asks a grouped CONSTRUCT for its groups', () => {
    const cap = analyze(`CONSTRUCT { ?s <urn:x:n> ?n } WHERE { ?s ?p ?o } GROUP BY ?s # ${n++}`).graphCap(10)!;
    expect(cap.more).toMatch(/^SELECT \?s WHERE/);
    expect(() => new sparqljs.Parser().parse(cap.more)).not.toThrow();
  });
});

describe('an analysis sent between threads', () => {
  it('answers capped() and graphCap() for the caps it was made for, and refuses others', () => {
    const a = analyze(`SELECT * WHERE { ?s ?p ?o } LIMIT 500 # ${n++}`);
    const b = fromTransferable(structuredClone(toTransferable(a, [10, 11])));
    expect(b.form).toBe('SELECT');
    expect(b.capped(10)).toBe(a.capped(10));
    expect(b.capped(11)).toBe(a.capped(11));
    expect(() => b.capped(12)).toThrow(UncappableQuery);
    const c = analyze(`CONSTRUCT WHERE { ?s ?p ?o } # ${n++}`);
    expect(fromTransferable(toTransferable(c, [10])).graphCap(10)).toEqual(c.graphCap(10));
  });
});

describe('a chain of operators', () => {
  it('is refused as too complex (a 400) past the depth the engine takes, and accepted below it', () => {
    const chain = (terms: number) => `ASK { FILTER(${Array(terms).fill('1').join(' || ')}) } # ${n++}`;
    expect(analyze(chain(900)).form).toBe('ASK');
    expect(() => analyze(chain(1_500))).toThrow(QueryTooComplex);
    expect(() => analyze(chain(1_500))).toThrow(/levels deep; at most 1000/);
  });

  // sparqljs keeps these flat, but the engine nests them one level an item: 3,000 of them
  // overflowed its stack (a worker lost); 1,000 UNION branches it answered.
  it.each([
    ['UNION branches', (k: number) => `SELECT * WHERE { ${Array.from({ length: k }, (_, i) => `{ ?s <urn:p${i}> ?o }`).join(' UNION ')} }`],
    [
      'OPTIONALs in a group',
      (k: number) => `SELECT * WHERE { ?s ?p ?o ${Array.from({ length: k }, (_, i) => `OPTIONAL { ?s <urn:p${i}> ?o${i} }`).join(' ')} }`,
    ],
    [
      'BINDs in a group',
      (k: number) => `SELECT * WHERE { ?s ?p ?o ${Array.from({ length: k }, (_, i) => `BIND(1 AS ?b${i})`).join(' ')} }`,
    ],
    [
      'triple patterns in a BGP',
      (k: number) => `SELECT * WHERE { ${Array.from({ length: k }, (_, i) => `?s <urn:p${i}> ?o${i} .`).join(' ')} }`,
    ],
  ])('of %s is refused as too complex past the depth the engine takes, and accepted below it', (_name, chain) => {
    expect(analyze(`${chain(500)} # ${n++}`).form).toBe('SELECT');
    expect(() => analyze(`${chain(3_000)} # ${n++}`)).toThrow(QueryTooComplex);
    expect(() => analyze(`${chain(3_000)} # ${n++}`)).toThrow(/levels deep; at most 1000/);
  });
});
