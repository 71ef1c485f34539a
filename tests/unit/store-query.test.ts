// What a remote store is sent (src/sparql/store-query.ts): an allow-list of functions checked on
// the parse tree, in every position and spelling, and the text written again from that tree.
import sparqljs from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { analyze, QuerySyntaxError } from '../../src/query/analyze.js';
import { QueryRefused, storeText } from '../../src/query/store-query.js';
import { WDQS } from '../../src/wikidata/prefixes.js';

const ENDPOINT = 'http://localhost:8080/sparql';
let n = 0;
/** Through the endpoint's own path: analyzed with the WDQS prologue, then written for the store. */
const send = (query: string, rows?: number) => storeText(analyze(`${query} # ${n++}`, ENDPOINT, WDQS), rows);
const refusal = (query: string) => {
  try {
    send(query);
  } catch (e) {
    return e as Error;
  }
  return undefined;
};

const GET = '"http://127.0.0.1:1/"';
describe('functions a store must not be sent are refused wherever they stand', () => {
  const attacks: [string, string][] = [
    ['projection, full IRI', `SELECT (<bif:http_get>(${GET}) AS ?x) {}`],
    ['projection, declared prefix', `PREFIX bif: <bif:> SELECT (bif:http_get(${GET}) AS ?x) {}`],
    ['sql: namespace', `PREFIX sql: <sql:> SELECT (sql:foo() AS ?x) {}`],
    ['upper case scheme', `SELECT (<BIF:http_get>(${GET}) AS ?x) {}`],
    ['the namespace IRI bif: stands for', `SELECT (<http://www.openlinksw.com/schemas/bif#http_get>(${GET}) AS ?x) {}`],
    ['FILTER', `SELECT * { ?s ?p ?o FILTER(STRLEN(<bif:http_get>(${GET})) > 0) }`],
    ['BIND', `SELECT * { BIND(<bif:server_root>() AS ?x) }`],
    ['ORDER BY', `SELECT * { ?s ?p ?o } ORDER BY <bif:http_get>(${GET})`],
    ['GROUP BY', `SELECT ?x { ?s ?p ?o } GROUP BY (<bif:sys_stat>("st_dbms_ver") AS ?x)`],
    ['HAVING', `SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING (<bif:http_get>(${GET}) = "")`],
    ['inside an aggregate', `SELECT (COUNT(<bif:http_get>(?o)) AS ?n) { ?s ?p ?o }`],
    ['as a custom aggregate', `SELECT (<urn:x:agg>(DISTINCT ?o) AS ?n) { ?s ?p ?o }`],
    ['in a subquery', `SELECT * { { SELECT (<bif:http_get>(${GET}) AS ?x) {} } }`],
    ['in EXISTS', `SELECT * { ?s ?p ?o FILTER EXISTS { BIND(<bif:http_get>(${GET}) AS ?y) } }`],
    ['in an OPTIONAL, UNION and MINUS', `SELECT * { { ?s ?p ?o } UNION { OPTIONAL { BIND(<sql:x>() AS ?y) } } MINUS { ?s ?p ?o } }`],
    ['a CONSTRUCT', `CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?o BIND(<bif:http_get>(${GET}) AS ?x) }`],
    ['an ASK', `ASK { FILTER(<bif:http_get>(${GET}) != "") }`],
    ['a DESCRIBE', `DESCRIBE ?x WHERE { BIND(IRI(<bif:http_get>(${GET})) AS ?x) }`],
    ['a magic predicate', 'SELECT * { ?s <bif:contains> "busan" }'],
    ['an unknown extension function', 'SELECT (<urn:x:fn>(1) AS ?x) {}'],
    ['an XPath function not listed', 'SELECT (<http://www.w3.org/2005/xpath-functions#concat>("a", "b") AS ?x) {}'],
    ['a NUL in a string', 'SELECT * { ?s ?p "a\\u0000b" }'],
    ['SERVICE', 'SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }'],
  ];
  for (const [where, query] of attacks) {
    it(where, () => {
      expect(refusal(query)).toBeInstanceOf(QueryRefused);
      expect(refusal(query)!.message).toMatch(/not allowed|may not use/);
    });
  }

  it('what the parser rejects never gets this far: pragmas, escapes in IRIs, undeclared bif:', () => {
    for (const query of [
      `define input:default-graph-uri <urn:x> SELECT * { ?s ?p ?o }`,
      `define get:soft "replace" SELECT * FROM <http://127.0.0.1:1/> { ?s ?p ?o }`,
      `SELECT (<\\u0062if:http_get>(${GET}) AS ?x) {}`,
      `SELECT (bif:http_get(${GET}) AS ?x) {}`,
      'SELECT * { ?s bif:contains "busan" }',
      `SELECT * { ?s ?p ?o } # \nSELECT (<bif:http_get>(${GET}) AS ?x) {}`,
    ])
      expect(() => send(query), query).toThrow(QuerySyntaxError);
  });
});

describe('what is allowed, and the text the store gets', () => {
  it('SPARQL 1.1 functions, casts and the listed extension functions pass', () => {
    const query = `SELECT (xsd:integer("1") AS ?i) (<http://www.w3.org/2001/XMLSchema#date>("1592-05-24") AS ?d) (COUNT(DISTINCT ?s) AS ?n) (GROUP_CONCAT(?o; SEPARATOR=",") AS ?g)
      { ?s ?p ?o FILTER(REGEX(STR(?o), "a", "i") && CONTAINS(LCASE(?o), "b") && SHA256(?o) != "" && COALESCE(?o, 1) && IF(BOUND(?o), true, false)) BIND(STRDT("1", xsd:integer) AS ?t) } GROUP BY ?p HAVING (COUNT(?s) > 0) ORDER BY DESC(?n)`;
    expect(() => send(query)).not.toThrow();
  });

  it('is written again: no comments, no prologue, every IRI in full, and it reads back as the same query', () => {
    const query =
      'PREFIX ex: <http://example.org/> SELECT ?s # a comment\n WHERE { ?s wdt:P31 ex:x ; rdfs:label "a \\"quoted\\"\\n line"@en }';
    const text = send(query);
    expect(text).not.toMatch(/#\s*a comment|PREFIX|BASE/);
    expect(text).toContain('<http://www.wikidata.org/prop/direct/P31>');
    const parser = new sparqljs.Parser();
    const again = parser.parse(text) as sparqljs.SelectQuery;
    const original = new sparqljs.Parser({ prefixes: { ...WDQS.prefixes } }).parse(query) as sparqljs.SelectQuery;
    expect(again.where).toEqual(original.where);
  });

  it('relative IRIs are resolved against the endpoint', () => {
    expect(send('SELECT * { <resource/X> ?p ?o }')).toContain('<http://localhost:8080/resource/X>');
  });

  it('caps a SELECT at the rows asked, keeps a lower LIMIT of its own, and leaves other forms alone', () => {
    expect(send('SELECT * { ?s ?p ?o }', 11)).toMatch(/LIMIT 11$/);
    expect(send('SELECT * { ?s ?p ?o } LIMIT 5', 11)).toMatch(/LIMIT 5$/);
    expect(send('SELECT * { ?s ?p ?o } LIMIT 50', 11)).toMatch(/LIMIT 11$/);
    expect(send('SELECT * { ?s ?p ?o } VALUES ?s { <urn:a> }', 11)).toMatch(/LIMIT 11 VALUES/);
    expect(send('CONSTRUCT WHERE { ?s ?p ?o }', 11)).not.toMatch(/LIMIT/);
  });

  it('the same query is written once: its repeats get the same string', () => {
    const analysis = analyze('SELECT * { ?s ?p ?o } # repeated', ENDPOINT, WDQS);
    expect(storeText(analysis, 10)).toBe(storeText(analysis, 10));
  });
});
