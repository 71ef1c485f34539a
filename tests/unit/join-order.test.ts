// The join order written from the data's counts: smallest-first, joined, and the same answers.
import { describe, expect, it } from 'vitest';
import oxigraph from 'oxigraph';
import { JoinOrder, STATS_QUERY, order, reorderQuery, statsFrom, type GraphStats } from '../../src/store/join-order.js';

const P = 'PREFIX ex: <http://example.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** 40 typed resources, 5 of them labelled, each labelled one in one more type. */
function data(): oxigraph.Store {
  const store = new oxigraph.Store();
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(`<http://example.org/r${i}> <${RDF_TYPE}> <http://example.org/T${i % 4}> .`);
  for (let i = 0; i < 5; i++) {
    lines.push(`<http://example.org/r${i}> <http://www.w3.org/2000/01/rdf-schema#label> "r${i}" .`);
    lines.push(`<http://example.org/r${i}> <${RDF_TYPE}> <http://example.org/Labelled> .`);
  }
  store.load(lines.join('\n'), { format: 'application/n-triples' });
  return store;
}

const statsOf = (store: oxigraph.Store): GraphStats =>
  statsFrom(store.query(STATS_QUERY, { results_format: 'application/sparql-results+json' }) as string);

describe('join order', () => {
  it('reads the predicate counts', () => {
    const stats = statsOf(data());
    expect(stats.triples).toBe(50);
    expect(stats.predicates.get(RDF_TYPE)).toEqual({ triples: 45, subjects: 40, objects: 5 });
  });

  it('starts from the smaller pattern and joins the rest to it', () => {
    const stats = statsOf(data());
    const rewritten = reorderQuery(
      `${P}SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t . ?x ex:none ?y . ?s rdfs:label ?l } GROUP BY ?t`,
      stats,
    )!;
    // ex:none has no triples: nothing is cheaper; then labels (5) before types (45).
    expect(rewritten.indexOf('ex:none')).toBeLessThan(rewritten.indexOf('rdfs:label'));
    expect(rewritten.indexOf('rdfs:label')).toBeLessThan(rewritten.indexOf(RDF_TYPE));
  });

  it('prefers a pattern joined to what is bound over a smaller one that is not', () => {
    const stats: GraphStats = {
      triples: 1000,
      predicates: new Map([
        ['urn:a', { triples: 10, subjects: 10, objects: 10 }],
        ['urn:b', { triples: 500, subjects: 500, objects: 500 }],
        ['urn:c', { triples: 20, subjects: 20, objects: 20 }],
      ]),
    };
    const v = (value: string) => ({ termType: 'Variable', value });
    const n = (value: string) => ({ termType: 'NamedNode', value });
    const a = { subject: v('x'), predicate: n('urn:a'), object: v('y') };
    const b = { subject: v('y'), predicate: n('urn:b'), object: v('z') };
    const c = { subject: v('q'), predicate: n('urn:c'), object: v('r') };
    expect(order([b, c, a], stats)).toEqual([a, b, c]);
  });

  it('leaves a query with nothing to reorder as it is', () => {
    const stats = statsOf(data());
    expect(reorderQuery(`${P}SELECT * WHERE { ?s rdfs:label ?l . ?s a ?t }`, stats)).toBeUndefined();
    expect(reorderQuery(`${P}SELECT * WHERE { ?s a ?t }`, stats)).toBeUndefined();
    expect(reorderQuery('not SPARQL', stats)).toBeUndefined();
  });

  it('gives the same solutions, in every kind of group, through EXISTS and subqueries', () => {
    const store = data();
    const jo = new JoinOrder(statsOf(store));
    const queries = [
      `${P}SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t . ?s rdfs:label ?l } GROUP BY ?t`,
      `${P}SELECT ?s ?l WHERE { ?s a ?t . ?s rdfs:label ?l OPTIONAL { ?s a ?u . ?s rdfs:label ?m } }`,
      `${P}SELECT ?s WHERE { ?s a ?t FILTER EXISTS { ?s a ?u . ?s rdfs:label ?l } }`,
      `${P}SELECT * WHERE { { SELECT ?s WHERE { ?s a ?t . ?s rdfs:label ?l } } UNION { ?s a ex:T1 . ?s rdfs:label [] } }`,
      `${P}ASK { ?s a ?t . ?s rdfs:label "r3" }`,
      `${P}CONSTRUCT { ?s ex:l ?l } WHERE { ?s a ?t . ?s rdfs:label ?l }`,
    ];
    for (const q of queries) {
      const rewritten = jo.text(q);
      expect(rewritten, q).not.toBe(q);
      const answer = (text: string) => {
        const r = store.query(text, {
          results_format: q.includes('CONSTRUCT') ? 'application/n-triples' : 'application/sparql-results+json',
        }) as string;
        return q.includes('CONSTRUCT')
          ? r.trim().split('\n').sort()
          : typeof JSON.parse(r).boolean === 'boolean'
            ? JSON.parse(r).boolean
            : JSON.parse(r)
                .results.bindings.map((b: unknown) => JSON.stringify(b))
                .sort();
      };
      expect(answer(rewritten), q).toEqual(answer(q));
    }
  });
});
