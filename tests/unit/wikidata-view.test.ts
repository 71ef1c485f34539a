// The Wikidata view: our statements as WDQS writes its own (wd:, wdt:, p:/ps:/prov:), answered
// by oxigraph over the union of all graphs, exactly as /sparql answers them.
import oxigraph from 'oxigraph';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildGraph, graphNames, type BuiltGraph } from '../../src/graph/build.js';
import { xsd } from '../../src/rdf/namespaces.js';
import { date, int, literal, iri } from '../../src/rdf/terms.js';
import { DEFAULT_EVIDENCE_PATH, evidenceFor, readEvidence } from '../../src/wikidata/evidence.js';
import { WIKIDATA_EXAMPLES, runnable } from '../../src/wikidata/examples.js';
import { wikidataId } from '../../src/wikidata/iris.js';
import { truthyLiteral } from '../../src/wikidata/view.js';
import { withWdqsPrefixes } from '../../src/wikidata/prefixes.js';

const BASE = 'http://localhost:8080/';
const R = `${BASE}resource/`;
const WD = 'http://www.wikidata.org/entity/';
let graph: BuiltGraph;
let store: oxigraph.Store;

beforeAll(async () => {
  const config = loadConfig({});
  graph = await buildGraph({ base: BASE, dataDir: config.dataDir, ontologyDir: config.ontologyDir });
  store = new oxigraph.Store();
  for (const q of graph.quads) store.add(oxigraph.fromQuad(q as never));
});

function select(query: string): Record<string, string>[] {
  const json = JSON.parse(
    String(store.query(withWdqsPrefixes(query), { use_default_graph_as_union: true, results_format: 'application/sparql-results+json' })),
  );
  return json.results.bindings.map((b: Record<string, { value: string }>) =>
    Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])),
  );
}

describe('truthy literals', () => {
  it('writes dates as midnight UTC dateTimes and counts as decimals', () => {
    expect(truthyLiteral(date('1592-05-24'))).toEqual(literal('1592-05-24T00:00:00Z', iri(xsd('dateTime'))));
    expect(truthyLiteral(int(8500))).toEqual(literal('8500', iri(xsd('decimal'))));
    expect(truthyLiteral(literal('Busan', 'en'))).toEqual(literal('Busan', 'en'));
  });
});

describe('the view graph', () => {
  it('is its own named graph, described in the provenance graph', () => {
    const g = graphNames(graph.minter);
    expect(graph.quads.filter((q) => q.graph.value === g.wikidata).length).toBeGreaterThan(50);
    expect(graph.quads.some((q) => q.graph.value === g.provenance && q.subject.value === g.wikidata)).toBe(true);
  });

  it('answers the WDQS participant query with the two belligerents', () => {
    const ps = select('SELECT ?p WHERE { wd:Q497046 wdt:P710 ?p }').map((b) => b.p);
    expect(ps).toEqual(expect.arrayContaining([`${WD}Q11634225`, `${WD}Q28179`]));
  });

  it('has instance of, part of, point in time and location in Wikidata form', () => {
    expect(select('SELECT ?c WHERE { wd:Q497046 wdt:P31 ?c }').map((b) => b.c)).toEqual([`${WD}Q188055`]);
    expect(select('SELECT ?w WHERE { wd:Q497046 wdt:P361 ?w }').map((b) => b.w)).toEqual([`${WD}Q576338`]);
    const [when] = select('SELECT ?d (DATATYPE(?d) AS ?t) WHERE { wd:Q497046 wdt:P585 ?d }');
    expect(when).toEqual({ d: '1592-05-24T00:00:00Z', t: xsd('dateTime') });
    expect(
      select('SELECT ?l WHERE { wd:Q497046 wdt:P276 ?l }')
        .map((b) => b.l)
        .sort(),
    ).toEqual([`${R}Busanjin-gu`, `${WD}Q16520`]);
    expect(select('SELECT ?c WHERE { wd:Q1047445 wdt:P31 ?c }').map((b) => b.c)).toEqual([`${WD}Q178561`]);
  });

  it('keeps our IRIs where there is no evidenced QID, and closeMatch is not identity', () => {
    expect(
      select(`SELECT ?e WHERE { ?e wdt:P361 wd:Q497046 ; wdt:P710 <${R}Jeong_Bal> }`)
        .map((b) => b.e)
        .sort(),
    ).toEqual([`${R}Death_of_Jeong_Bal`, `${R}Renewed_demand`]);
    expect(select(`SELECT ?e WHERE { ?e wdt:P276 <${R}Hanseong> }`).map((b) => b.e)).toEqual([`${R}Flight_of_Pak_Hong`]);
    expect(select('SELECT ?s WHERE { { ?s ?p wd:Q8684 } UNION { wd:Q8684 ?p ?s } FILTER(STRSTARTS(STR(?p), STR(wdt:))) }')).toEqual([]);
    expect(select('SELECT ?s WHERE { ?s skos:closeMatch wd:Q8684 }')).toEqual([{ s: `${R}Hanseong` }]);
  });

  it('says the attributed number of deaths only as a full statement, its attribution in the reference', () => {
    // "According to Japanese records, 8500 …": a bare truthy 8500 would say more than the sentence.
    expect(select('SELECT ?n WHERE { wd:Q497046 wdt:P1120 ?n }')).toEqual([]);
    const [s] = select(`SELECT ?st ?v ?rank ?ref ?src ?who WHERE {
      wd:Q497046 p:P1120 ?st . ?st a wikibase:Statement ; ps:P1120 ?v ; wikibase:rank ?rank ; prov:wasDerivedFrom ?ref .
      ?ref a wikibase:Reference ; <http://purl.org/dc/terms/source> ?src ; <${BASE}ontology#accordingTo> ?who }`);
    expect(s).toEqual({
      st: `${R}Siege_of_Busanjin#killed-japanese-records`,
      v: '8500',
      rank: 'http://wikiba.se/ontology#NormalRank',
      ref: `${R}Siege_of_Busanjin#killed-japanese-records-reference`,
      src: 'https://en.wikipedia.org/wiki/Siege_of_Busanjin',
      who: 'Japanese records',
    });
  });

  it('gives people their conflict (P607) and participation (P1344), and no military branch without an item for it', () => {
    expect(
      select('SELECT ?x WHERE { ?x wdt:P607 wd:Q497046 }')
        .map((b) => b.x)
        .sort(),
    ).toEqual([`${R}Jeong_Bal`, `${R}So_Yoshitoshi`]);
    expect(select(`SELECT ?x WHERE { <${R}Jeong_Bal> wdt:P1344 ?x }`).map((b) => b.x)).toEqual([`${WD}Q497046`]);
    expect(select('SELECT ?x WHERE { ?x wdt:P241 ?y }')).toEqual([]);
  });

  it('part of (P361) is only the fighting of the siege: no background or aftermath', () => {
    const parts = select('SELECT ?e WHERE { ?e wdt:P361 wd:Q497046 }')
      .map((b) => b.e!.slice(R.length))
      .sort();
    expect(parts).toEqual([
      'Arquebus_fire_from_the_high_ground',
      'Attack_on_the_north_gate',
      'Attack_on_the_south_gate',
      'Breach_of_the_northern_defenses',
      'Death_of_Jeong_Bal',
      'Fall_of_Busan',
      'Renewed_demand',
    ]);
    expect(select(`SELECT ?d WHERE { <${R}Departure_from_Tsushima> wdt:P361 ?d }`)).toEqual([]);
  });

  it('follows/followed by (P155/P156) only for the order the article itself gives', () => {
    const next = select('SELECT ?a ?b WHERE { ?a wdt:P156 ?b }')
      .map((b) => `${b.a!.slice(R.length)} > ${b.b!.slice(R.length)}`)
      .sort();
    expect(next).toEqual([
      'Arquebus_fire_from_the_high_ground > Breach_of_the_northern_defenses',
      'Attack_on_the_south_gate > Attack_on_the_north_gate',
      'Death_of_Jeong_Bal > Fall_of_Busan',
      'Delivery_of_the_letter > Japanese_landing',
      'Departure_from_Tsushima > Arrival_at_Busan_Harbor',
      'Pak_Hong_watches_the_fall > Scuttling_of_the_fleet',
    ]);
    const previous = select('SELECT ?a ?b WHERE { ?b wdt:P155 ?a }')
      .map((b) => `${b.a!.slice(R.length)} > ${b.b!.slice(R.length)}`)
      .sort();
    expect(previous).toEqual(next);
    expect(select(`SELECT ?x WHERE { { wd:Q1047445 wdt:P155|wdt:P156 ?x } UNION { ?x wdt:P155|wdt:P156 wd:Q1047445 } }`)).toEqual([]);
  });

  it('near is not at: the statue has no location (P276)', () => {
    expect(select(`SELECT ?l WHERE { <${R}Statue_of_Jeong_Bal> wdt:P276 ?l }`)).toEqual([]);
  });

  it("leaves the curators' inferences out: no inferred date, author or order", () => {
    expect(select(`SELECT ?d WHERE { <${R}Arrival_at_Busan_Harbor> wdt:P585 ?d }`)).toEqual([]);
    expect(select(`SELECT ?d WHERE { <${R}Advance_on_Dongnae> wdt:P585 ?d }`)).toEqual([]);
    expect(select(`SELECT ?x WHERE { <${R}Renewed_demand> wdt:P156 ?x }`)).toEqual([]);
  });

  it('labels items with language tags, as WDQS does', () => {
    const labels = JSON.parse(
      String(
        store.query(withWdqsPrefixes('SELECT ?l WHERE { wd:Q28179 rdfs:label ?l }'), {
          use_default_graph_as_union: true,
          results_format: 'application/sparql-results+json',
        }),
      ),
    );
    expect(labels.results.bindings).toEqual([{ l: { type: 'literal', value: 'Kingdom of Joseon', 'xml:lang': 'en' } }]);
  });

  it('uses only evidenced Wikidata identifiers', () => {
    const evidence = readEvidence(DEFAULT_EVIDENCE_PATH);
    const view = graph.quads.filter((q) => q.graph.value === graphNames(graph.minter).wikidata);
    for (const q of view)
      for (const t of [q.subject, q.predicate, q.object]) {
        const id = t.termType === 'NamedNode' ? wikidataId(t.value) : undefined;
        if (id) expect(evidenceFor(evidence, id), id).toBeDefined();
      }
  });

  it('answers every example query', () => {
    for (const example of WIKIDATA_EXAMPLES) {
      const rows = JSON.parse(
        String(store.query(runnable(example), { use_default_graph_as_union: true, results_format: 'application/sparql-results+json' })),
      );
      expect(rows.results.bindings.length, example.id).toBeGreaterThan(0);
    }
  });
});
