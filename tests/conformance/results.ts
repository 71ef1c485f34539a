// Result sets from the suites' files and from the endpoint, and their comparison: solutions as a
// multiset with blank nodes up to isomorphism (each solution becomes a blank node in a graph, so
// rdf-isomorphic decides), graphs by isomorphism, and row order only under ORDER BY.
import { Readable } from 'node:stream';
import { DataFactory, Parser, Store } from 'n3';
import oxigraph from 'oxigraph';
import type { Quad, Term } from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import sparqljs from 'sparqljs';
import { toN3Quad } from '../../src/rdf/terms.js';

export type Solution = Record<string, Term>;
export type ResultSet =
  | { kind: 'bindings'; rows: Solution[] }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'graph'; quads: Quad[] }
  | { kind: 'csv'; text: string };

const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';
const { namedNode, blankNode, literal, quad } = DataFactory;

export async function parseResults(text: string, mediaType: string, baseIRI?: string): Promise<ResultSet> {
  switch (mediaType) {
    case 'application/sparql-results+json': {
      const json = JSON.parse(text);
      if ('boolean' in json) return { kind: 'boolean', value: json.boolean };
      return { kind: 'bindings', rows: new SparqlJsonParser().parseJsonResults(json) as Solution[] };
    }
    case 'application/sparql-results+xml': {
      if (/<boolean>/.test(text))
        return { kind: 'boolean', value: await new SparqlXmlParser().parseXmlBooleanStream(Readable.from([text])) };
      const rows: Solution[] = [];
      for await (const b of new SparqlXmlParser().parseXmlResultsStream(Readable.from([text]))) rows.push(b as unknown as Solution);
      return { kind: 'bindings', rows };
    }
    case 'text/tab-separated-values':
      return { kind: 'bindings', rows: parseTsv(text) };
    case 'text/csv':
      return { kind: 'csv', text };
    default: {
      const quads =
        mediaType === 'application/rdf+xml'
          ? (oxigraph.parse(text, { format: mediaType, ...(baseIRI ? { base_iri: baseIRI } : {}) }) as unknown as Quad[]).map((q) =>
              toN3Quad(q),
            )
          : new Parser({ format: mediaType, ...(baseIRI ? { baseIRI } : {}) }).parse(text);
      return fromRdf(quads);
    }
  }
}

/** A result set written in RDF (rs:ResultSet), or a plain graph (CONSTRUCT/DESCRIBE). */
function fromRdf(quads: Quad[]): ResultSet {
  const store = new Store(quads);
  const [set] = store.getSubjects(`http://www.w3.org/1999/02/22-rdf-syntax-ns#type`, `${RS}ResultSet`, null);
  if (!set) return { kind: 'graph', quads };
  const [bool] = store.getObjects(set, `${RS}boolean`, null);
  if (bool) return { kind: 'boolean', value: bool.value === 'true' };
  const solutions = store.getObjects(set, `${RS}solution`, null);
  const index = (s: Term) => Number(store.getObjects(s, `${RS}index`, null)[0]?.value ?? 0);
  solutions.sort((a, b) => index(a) - index(b));
  return {
    kind: 'bindings',
    rows: solutions.map((s) =>
      Object.fromEntries(
        store
          .getObjects(s, `${RS}binding`, null)
          .map((b) => [store.getObjects(b, `${RS}variable`, null)[0]!.value, store.getObjects(b, `${RS}value`, null)[0]!]),
      ),
    ),
  };
}

/** TSV results: a header of ?vars, then terms in Turtle syntax (empty: unbound). */
function parseTsv(text: string): Solution[] {
  const [header = '', ...lines] = text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l, i, all) => l !== '' || i < all.length - 1);
  const vars = header.split('\t').map((v) => v.replace(/^\?/, ''));
  return lines
    .filter((l) => l.length)
    .map((line) =>
      Object.fromEntries(
        line.split('\t').flatMap((cell, i) => {
          if (cell === '') return [];
          const [q] = new Parser({ format: 'Turtle' }).parse(`<urn:s> <urn:p> ${cell} .`);
          return [[vars[i]!, q!.object]];
        }),
      ),
    );
}

/** RFC 4180: fields quoted with "" escapes, records ended by CRLF (or LF). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Each solution a blank node with its bindings as edges: the multiset of solutions, up to
 *  blank node renaming across the whole set, is then graph isomorphism. */
function solutionsGraph(rows: Solution[], tag: string): Quad[] {
  const out: Quad[] = [];
  const norm = (t: Term): Term => (t.termType === 'BlankNode' ? blankNode(`${tag}v${t.value}`) : normalize(t));
  rows.forEach((row, i) => {
    const node = blankNode(`${tag}row${i}`);
    out.push(quad(node, namedNode('urn:x-conformance:row'), literal('')));
    for (const [v, t] of Object.entries(row))
      out.push(quad(node, namedNode(`urn:x-conformance:var:${v.replace(/^\?/, '')}`), norm(t) as Quad['object']));
  });
  return out;
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NUMERIC = new Set(['integer', 'decimal', 'float', 'double'].map((t) => XSD + t));

/** Literals compare by value where the engine keeps values, not lexical forms (numbers, booleans). */
function normalize(t: Term): Term {
  if (t.termType !== 'Literal') return t;
  if (t.language) return literal(t.value, t.language.toLowerCase());
  if (NUMERIC.has(t.datatype.value)) return literal(canonicalNumber(t.value, t.datatype.value), t.datatype);
  if (t.datatype.value === `${XSD}boolean`)
    return literal(
      t.value.trim() === '1' || t.value.trim() === 'true'
        ? 'true'
        : t.value.trim() === '0' || t.value.trim() === 'false'
          ? 'false'
          : t.value,
      t.datatype,
    );
  return t;
}

/** Numbers compare by value within their datatype: the suites write "1.0"^^xsd:decimal where an
 *  engine may write its canonical "1" (the same value; RDF 1.1 §3.3 lexical-to-value mapping). */
function canonicalNumber(lexical: string, datatype: string): string {
  const text = lexical.trim();
  if (datatype === XSD + 'float' || datatype === XSD + 'double') {
    const n = Number(text.replace(/^\+/, '').replace(/^(-?)INF$/, '$1Infinity'));
    return Number.isNaN(n) && text !== 'NaN' ? text : String(n);
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) return text;
  const int = m[2]!.replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const sign = m[1] === '-' && (int !== '0' || frac) ? '-' : '';
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

export interface Verdict {
  pass: boolean;
  reason?: string;
}

export function compare(expected: ResultSet, actual: ResultSet, query?: string): Verdict {
  if (expected.kind !== actual.kind) return { pass: false, reason: `expected a ${expected.kind} result, got ${actual.kind}` };
  switch (expected.kind) {
    case 'boolean':
      return expected.value === (actual as typeof expected).value ? { pass: true } : { pass: false, reason: `expected ${expected.value}` };
    case 'graph':
      return isomorphic(expected.quads, (actual as typeof expected).quads) ? { pass: true } : { pass: false, reason: 'the graph differs' };
    case 'csv': {
      // CSV keeps no types: compare the rows as text, by column name (SELECT * leaves the column
      // order to the engine), with blank node labels as the only thing free to differ.
      const table = (text: string) => {
        const [header = [], ...records] = parseCsv(text);
        return records
          .map((r) =>
            header
              .map((h, i) => `${h}=${(r[i] ?? '').replace(/^_:.*/, '_:b')}`)
              .sort()
              .join('\u0000'),
          )
          .sort();
      };
      return JSON.stringify(table(expected.text)) === JSON.stringify(table((actual as typeof expected).text))
        ? { pass: true }
        : { pass: false, reason: 'the CSV rows differ' };
    }
    case 'bindings': {
      const got = (actual as typeof expected).rows;
      if (got.length !== expected.rows.length)
        return { pass: false, reason: `expected ${expected.rows.length} solutions, got ${got.length}` };
      if (!isomorphic(solutionsGraph(expected.rows, 'e'), solutionsGraph(got, 'a')))
        return { pass: false, reason: difference(expected.rows, got) };
      return query ? orderVerdict(query, expected.rows, got) : { pass: true };
    }
  }
}

/** What differs, for the report: solutions expected and not given, and given and not expected. */
function difference(expected: Solution[], actual: Solution[]): string {
  const term = (raw: Term) => {
    const t = normalize(raw);
    if (t.termType !== 'Literal') return t.termType === 'BlankNode' ? '_:b' : `<${t.value}>`;
    return `"${t.value}"${t.language ? `@${t.language}` : t.datatype.value === `${XSD}string` ? '' : `^^${t.datatype.value.replace(XSD, 'xsd:')}`}`;
  };
  const key = (r: Solution) =>
    Object.entries(r)
      .map(([k, v]) => `?${k.replace(/^\?/, '')}=${term(v)}`)
      .sort()
      .join(' ');
  const count = (rows: Solution[]) => rows.map(key).reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const [e, a] = [count(expected), count(actual)];
  const missing = [...e].filter(([k, n]) => (a.get(k) ?? 0) < n).map(([k]) => k);
  const extra = [...a].filter(([k, n]) => (e.get(k) ?? 0) < n).map(([k]) => k);
  if (!missing.length && !extra.length) return 'the solutions differ in how their blank nodes are shared';
  const show = (l: string[]) =>
    l
      .slice(0, 2)
      .map((x) => `{${x}}`)
      .join(', ') + (l.length > 2 ? `, and ${l.length - 2} more` : '');
  return [missing.length ? `expected ${show(missing)}` : '', extra.length ? `got ${show(extra)}` : ''].filter(Boolean).join('; ');
}

/** Under ORDER BY, the sequence of the sort keys (simple variables) must match; ties may come in any order. */
function orderVerdict(query: string, expected: Solution[], actual: Solution[]): Verdict {
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser().parse(query);
  } catch {
    return { pass: true };
  }
  const order = parsed.type === 'query' ? (parsed as { order?: { expression: { termType?: string; value?: string } }[] }).order : undefined;
  if (!order?.length) return { pass: true };
  const keys = order
    .map((o) => o.expression)
    .filter((e) => e.termType === 'Variable')
    .map((e) => e.value!);
  const key = (row: Solution) =>
    keys.map((k) => (row[k] ? (row[k]!.termType === 'BlankNode' ? '_' : `${row[k]!.termType}:${row[k]!.value}`) : '')).join('\u0000');
  for (let i = 0; i < expected.length; i++) {
    if (key(expected[i]!) !== key(actual[i]!)) return { pass: false, reason: `ORDER BY: row ${i + 1} is out of order` };
  }
  return { pass: true };
}
