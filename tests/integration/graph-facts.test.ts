// Every item the knowledge-graph issue lists is in the built graph, and each comes with the
// sentence it was taken from. Each fact is a SPARQL pattern that must hold inside one claim graph.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { buildGraph } from '../../src/graph/build.js';
import { ROOT } from '../helpers/fixtures.js';

const B = 'http://localhost:8080/';
const PREFIXES = `PREFIX : <${B}resource/> PREFIX bo: <${B}ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX wd: <http://www.wikidata.org/entity/> PREFIX claim: <${B}claim/> `;

let store: oxigraph.Store;
beforeAll(async () => {
  const graph = await buildGraph({ base: B, dataDir: join(ROOT, 'data'), ontologyDir: join(ROOT, 'ontology'), root: ROOT });
  store = new oxigraph.Store();
  for (const q of graph.quads) store.add(oxigraph.fromQuad(q as never));
});

const ask = (q: string) => store.query(PREFIXES + q, { use_default_graph_as_union: true }) as boolean;
const select = (q: string) =>
  (store.query(PREFIXES + q, { use_default_graph_as_union: true }) as Map<string, oxigraph.Term>[]).map(
    (row) => Object.fromEntries([...row].map(([k, v]) => [k, v.value])) as Record<string, string>,
  );
const local = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);
/** The pattern holds inside one claim graph, and that claim points at a sentence and a section of the article. */
const claimed = (pattern: string) =>
  ask(
    `ASK { GRAPH ?claim { ${pattern} } GRAPH ?p { ?claim a bo:Claim ; bo:sentence ?sentence ; prov:wasDerivedFrom ?section ; oa:hasSelector [ oa:exact ?quote ] } }`,
  );

const FACTS: [string, string][] = [
  // the siege
  ['the siege is a siege', ':Siege_of_Busanjin a bo:Siege'],
  ['…on 24 May 1592', ':Siege_of_Busanjin bo:date "1592-05-24"^^xsd:date'],
  ['it took place at Busan and Busanjin-gu', ':Siege_of_Busanjin bo:place :Busan, :Busanjin-gu'],
  ['Busanjin-gu lies in Busan', ':Busanjin-gu bo:locatedIn :Busan'],
  ['it is part of the Imjin War', ':Siege_of_Busanjin bo:partOf :Imjin_War'],
  ['its result is the sack of Busan', ':Siege_of_Busanjin bo:result "Sack of Busan"@en'],
  ['its belligerents are Toyotomi Japan…', ':Siege_of_Busanjin bo:belligerent :Toyotomi_Japan'],
  ['…and the Kingdom of Joseon', ':Siege_of_Busanjin bo:belligerent :Kingdom_of_Joseon'],
  ['its commanders are Sō Yoshitoshi…', ':Siege_of_Busanjin bo:commander :So_Yoshitoshi'],
  ['…and Chŏng Pal', ':Siege_of_Busanjin bo:commander :Jeong_Bal'],
  ['Chŏng Pal was killed in action (the infobox KIA)', ':Jeong_Bal bo:killedInAction :Siege_of_Busanjin'],
  [
    'Japanese strength 16,700 (infobox)',
    ':Siege_of_Busanjin bo:strength ?q . ?q bo:value 16700 ; bo:side :Toyotomi_Japan ; bo:rawValue "16,700"',
  ],
  [
    'Joseon strength: 600 soldiers',
    ':Siege_of_Busanjin bo:strength ?q . ?q bo:value 600 ; bo:unit "soldiers"@en ; bo:side :Kingdom_of_Joseon',
  ],
  ['Joseon strength: 8,000 civilians', ':Siege_of_Busanjin bo:strength ?q . ?q bo:value 8000 ; bo:unit "civilians"@en'],
  [
    'Joseon killed: a range 1,200–8,500',
    ':Siege_of_Busanjin bo:killed ?q . ?q bo:minimum 1200 ; bo:maximum 8500 ; bo:side :Kingdom_of_Joseon ; bo:rawValue "1,200–8,500 killed"',
  ],
  ['Joseon captured: 200 (infobox, stray "|" cleaned)', ':Siege_of_Busanjin bo:captured ?q . ?q bo:value 200 ; bo:rawValue "200 captured"'],
  [
    'Japanese casualties explicitly unknown',
    ':Siege_of_Busanjin bo:casualties ?q . ?q bo:unknown true ; bo:side :Toyotomi_Japan ; bo:rawValue "?"',
  ],
  ['Japanese records: 8,500 killed', ':Siege_of_Busanjin bo:killed ?q . ?q bo:value 8500 ; bo:accordingTo "Japanese records"@en'],
  ['Japanese records: 200 prisoners', ':Siege_of_Busanjin bo:captured ?q . ?q bo:value 200 ; bo:accordingTo "Japanese records"@en'],
  // the invasion force
  ['400 transports', ':Japanese_invasion_force bo:strength ?q . ?q bo:value 400 ; bo:unit "transports"@en'],
  ['18,700 men under Konishi Yukinaga', ':Japanese_invasion_force bo:commander :Konishi_Yukinaga ; bo:strength ?q . ?q bo:value 18700'],
  [
    'leaves Tsushima on 23 May',
    ':Departure_from_Tsushima bo:place :Tsushima_Island ; bo:date "1592-05-23"^^xsd:date ; bo:participant :Japanese_invasion_force',
  ],
  ['arrives at Busan harbor without incident', ':Arrival_at_Busan_Harbor bo:place :Busan_Harbor'],
  [
    'the Joseon fleet of 150 ships sat idle',
    ':Joseon_fleet bo:strength ?q ; rdfs:comment ?c . ?q bo:value 150 . FILTER(CONTAINS(?c, "idle"))',
  ],
  [
    "Pak Hong's report to Wŏn Kyun, who took it for a trade mission",
    ':Report_of_Pak_Hong bo:participant :Pak_Hong ; bo:recipient :Won_Gyun ; rdfs:comment ?c . FILTER(CONTAINS(?c, "trade mission"))',
  ],
  // the people
  ['Sō Yoshitoshi, daimyō of Tsushima', ':So_Yoshitoshi a bo:Person ; rdfs:label "Sō Yoshitoshi"@en ; bo:rank "daimyō of Tsushima"@en'],
  ['Sō was on the 1589 mission to Korea', ':So_Yoshitoshi bo:participantIn :Japanese_mission_to_Korea_1589'],
  ['the letter to Chŏng Pal', ':Letter_of_So_Yoshitoshi bo:recipient :Jeong_Bal . :Delivery_of_the_letter bo:participant :So_Yoshitoshi'],
  ['the renewed demand on the 24th, refused', ':Renewed_demand bo:participant :So_Yoshitoshi, :Jeong_Bal ; bo:date "1592-05-24"^^xsd:date'],
  ['Chŏng Pal, commander of Busan', ':Jeong_Bal rdfs:label "Chŏng Pal"@en ; bo:commanderOf :Busan'],
  [
    'Chŏng Pal spotted the fleet while hunting on Yeong Island',
    ':Sighting_of_the_fleet bo:participant :Jeong_Bal ; bo:place :Yeong_Island',
  ],
  [
    'Chŏng Pal shot, died around 0900 (approximate)',
    ':Death_of_Jeong_Bal bo:participant :Jeong_Bal ; bo:timeOfDay "09:00:00"^^xsd:time ; bo:approximate true',
  ],
  ['Konishi led the attack on Dadaejin', ':Battle_of_Dadaejin bo:commander :Konishi_Yukinaga ; bo:participant :Konishi_detachment'],
  ['Konishi advanced on Dongnae the next day', ':Advance_on_Dongnae bo:participant :Konishi_Yukinaga ; bo:place :Dongnae_Fortress'],
  [
    'the six Japanese commanders',
    ':Japanese_invasion_force bo:commander :Konishi_Yukinaga, :So_Yoshitoshi, :Matsura_Shigenobu, :Arima_Harunobu, :Omura_Yoshiaki, :Goto_Mototsugu',
  ],
  [
    'Kirishitans: Konishi, Sō, Arima, Ōmura, Gotō',
    ':Konishi_Yukinaga bo:religion :Kirishitan . :So_Yoshitoshi bo:religion :Kirishitan . :Arima_Harunobu bo:religion :Kirishitan . :Omura_Yoshiaki bo:religion :Kirishitan . :Goto_Mototsugu bo:religion :Kirishitan',
  ],
  [
    'Matsura, the exception, as a negative assertion',
    '?n a owl:NegativePropertyAssertion ; owl:sourceIndividual :Matsura_Shigenobu ; owl:assertionProperty bo:religion ; owl:targetIndividual :Kirishitan',
  ],
  ['…as were many of their men', ':Japanese_invasion_force bo:religionOfMany :Kirishitan'],
  ['Pak Hong, Gyeongsang Left Navy Commander', ':Pak_Hong bo:rank "Gyeongsang Left Navy Commander"@en'],
  ['Wŏn Kyun, Gyeongsang Right Navy Commander', ':Won_Gyun rdfs:label "Wŏn Kyun"@en ; bo:rank "Gyeongsang Right Navy Commander"@en'],
  ['Pak Hong scuttled 100 ships', ':Fleet_of_Pak_Hong bo:commander :Pak_Hong ; bo:strength ?q . ?q bo:value 100 ; bo:unit "ships"@en'],
  [
    '…including more than 50 warships with cannon',
    ':Fleet_of_Pak_Hong bo:strength ?q . ?q bo:minimum 51 ; bo:rawValue "more than 50 warships armed with cannon"',
  ],
  [
    '…and destroyed weapons and provisions',
    ':Scuttling_of_the_fleet bo:participant :Pak_Hong ; rdfs:comment ?c . FILTER(CONTAINS(?c, "weapons and provisions"))',
  ],
  ['Pak Hong abandoned his men and fled to Hanseong', ':Flight_of_Pak_Hong bo:participant :Pak_Hong ; bo:place :Hanseong'],
  [
    'Katō Kiyomasa and Kuroda Nagamasa landed their armies at Busan',
    ':Army_of_Kato_Kiyomasa bo:commander :Kato_Kiyomasa ; bo:landedAt :Busan . :Army_of_Kuroda_Nagamasa bo:commander :Kuroda_Nagamasa ; bo:landedAt :Busan',
  ],
  // the day
  ['the landing from 0400 (a start, not approximate)', ':Japanese_landing bo:timeOfDay "04:00:00"^^xsd:time ; bo:approximate false'],
  ['the landing the morning after the letter', ':Delivery_of_the_letter bo:followedBy :Japanese_landing'],
  [
    'the south gate attack, repulsed',
    ':Attack_on_the_south_gate bo:place :Busan_Castle ; rdfs:label ?l . FILTER(CONTAINS(?l, "repulsed"))',
  ],
  ['the switch to the north gate', ':Attack_on_the_south_gate bo:followedBy :Attack_on_the_north_gate'],
  ['the high ground and arquebus fire', ':Arquebus_fire_from_the_high_ground bo:weapon :Arquebus'],
  ['…shot at Korean defenders', ':Arquebus_fire_from_the_high_ground bo:participant :Korean_defenders'],
  ['…until the breach', ':Arquebus_fire_from_the_high_ground bo:followedBy :Breach_of_the_northern_defenses'],
  ['Korean defenders: a force of Joseon', ':Korean_defenders a bo:MilitaryUnit ; bo:allegiance :Kingdom_of_Joseon'],
  [
    '…armed primarily with bows and spears, out of arrows',
    ':Korean_defenders bo:armedPrimarilyWith :Bow, :Spear ; rdfs:comment ?c . FILTER(CONTAINS(?c, "ran out of arrows"))',
  ],
  ['the death caused the swift fall', ':Death_of_Jeong_Bal bo:followedBy :Fall_of_Busan'],
  ['the breach', ':Breach_of_the_northern_defenses bo:sequence 12'],
  ['the fall of the city', ':Fall_of_Busan bo:sequence 14 ; bo:place :Busan'],
  ['the massacre, with its quote', ':Massacre_at_Busan rdfs:comment "\\"Both men, women, and even dogs and cats were beheaded.\\""@en'],
  [
    'the capture of 200, according to Japanese records',
    ':Capture_of_prisoners bo:accordingTo "Japanese records"@en ; rdfs:label ?l . FILTER(CONTAINS(?l, "according to Japanese records"))',
  ],
  ['the attack on Dadaejin while Sō led the main contingent against Busan', ':Battle_of_Dadaejin bo:concurrentWith :Siege_of_Busanjin'],
  ['Pak Hong watched the fall of Busan…', ':Pak_Hong_watches_the_fall bo:concurrentWith :Fall_of_Busan ; bo:participant :Pak_Hong'],
  ['…then scuttled his fleet', ':Pak_Hong_watches_the_fall bo:followedBy :Scuttling_of_the_fleet'],
  // legacy
  ['Busan, landing ground of later deployments', ':Busan bo:historicalRole ?r . FILTER(CONTAINS(?r, "landing ground"))'],
  ['Busan, the main Japanese supply base', ':Busan bo:historicalRole ?r . FILTER(CONTAINS(?r, "supply base"))'],
  [
    'the statue of Chŏng Pal next to the Japanese Consulate',
    ':Statue_of_Jeong_Bal bo:commemorates :Jeong_Bal ; bo:near :Japanese_Consulate_in_Busan',
  ],
  // spellings
  ['Joeng Bal and Jeong are spellings of Chŏng Pal', ':Jeong_Bal skos:altLabel "Joeng Bal"@en'],
];

describe('every fact of the article is in the graph, with the sentence it came from', () => {
  it.each(FACTS)('%s', (_name, pattern) => {
    expect(claimed(pattern)).toBe(true);
  });
});

describe('the rest of the model', () => {
  it('every spelling of a person is on the one entity', () => {
    for (const label of ['Chŏng Pal', 'Jeong Bal', 'Joeng Bal', 'Jeong']) {
      expect(ask(`ASK { :Jeong_Bal rdfs:label|skos:altLabel "${label}"@en }`)).toBe(true);
    }
    expect(
      ask(
        'ASK { :Won_Gyun skos:altLabel "Won Gyun"@en . :Pak_Hong skos:altLabel "Park Hong"@en . :Kato_Kiyomasa rdfs:label "Katō Kiyomasa"@en ; skos:altLabel "Kato Kiyomasa"@en }',
      ),
    ).toBe(true);
  });

  it('keeps the contradictions, each side with its source', () => {
    expect(ask('ASK { ?d a bo:Discrepancy ; bo:concerns :Siege_of_Busanjin\\#infobox-strength1, :Japanese_invasion_force\\#men }')).toBe(
      true,
    );
    expect(
      ask(
        'ASK { ?d a bo:Discrepancy ; bo:concerns :Siege_of_Busanjin\\#infobox-casualties2-killed, :Siege_of_Busanjin\\#killed-japanese-records }',
      ),
    ).toBe(true);
  });

  it('orders only what the article orders: the stated bo:followedBy, and bo:follows as its inverse', () => {
    const pairs = (p: string) =>
      select(`SELECT ?a ?b WHERE { ?a bo:${p} ?b }`)
        .map((r) => `${local(r.a!)} > ${local(r.b!)}`)
        .sort();
    expect(pairs('followedBy')).toEqual([
      'Arquebus_fire_from_the_high_ground > Breach_of_the_northern_defenses',
      'Attack_on_the_south_gate > Attack_on_the_north_gate',
      'Death_of_Jeong_Bal > Fall_of_Busan',
      'Delivery_of_the_letter > Japanese_landing',
      'Departure_from_Tsushima > Arrival_at_Busan_Harbor',
      'Pak_Hong_watches_the_fall > Scuttling_of_the_fleet',
      'Renewed_demand > Attack_on_the_south_gate',
    ]);
    expect(pairs('follows')).toEqual(
      pairs('followedBy')
        .map((p) => p.split(' > ').reverse().join(' > '))
        .sort(),
    );
    // Where the article is silent: Dadaejin runs alongside, Pak Hong's flight, the advance, the
    // prisoners and the scuttling stand in no order with the others.
    expect(
      ask('ASK { { :Battle_of_Dadaejin bo:followedBy|bo:follows ?x } UNION { ?x bo:followedBy|bo:follows :Battle_of_Dadaejin } }'),
    ).toBe(false);
    expect(ask('ASK { :Flight_of_Pak_Hong (bo:followedBy|bo:follows)+ :Advance_on_Dongnae }')).toBe(false);
    expect(ask('ASK { :Capture_of_prisoners (bo:followedBy|bo:follows)+ :Scuttling_of_the_fleet }')).toBe(false);
    // The one order read across two sentences is an inference, not a claim.
    expect(ask('ASK { GRAPH ?g { :Renewed_demand bo:followedBy :Attack_on_the_south_gate } ?g a bo:Inference }')).toBe(true);
  });

  it('bo:sequence is the order of the telling: the order of the quotes that state it', () => {
    const rows = select('SELECT ?e ?n ?start WHERE { GRAPH ?g { ?e bo:sequence ?n } ?g oa:hasSelector/oa:start ?start } ORDER BY ?n');
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const starts = rows.map((r) => Number(r.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('part of the siege is only the fighting of its day; background and aftermath are its context', () => {
    expect(ask('ASK { ?e bo:partOf :Siege_of_Busanjin ; bo:date ?d . :Siege_of_Busanjin bo:date ?s FILTER(?d != ?s) }')).toBe(false);
    for (const e of [
      'Departure_from_Tsushima',
      'Arrival_at_Busan_Harbor',
      'Japanese_landing',
      'Massacre_at_Busan',
      'Capture_of_prisoners',
      'Scuttling_of_the_fleet',
      'Flight_of_Pak_Hong',
      'Advance_on_Dongnae',
    ]) {
      expect(ask(`ASK { :${e} bo:contextOf :Siege_of_Busanjin FILTER NOT EXISTS { :${e} bo:partOf :Siege_of_Busanjin } }`), e).toBe(true);
    }
  });

  it('inferences are their own graphs, from quoted claims, with their reasoning, never quoted', () => {
    const inferences = select('SELECT ?g WHERE { ?g a bo:Inference }').map((r) => local(r.g!));
    expect(inferences).toEqual(
      expect.arrayContaining([
        'inferred-gregorian-calendar',
        'inferred-arrival-date',
        'inferred-letter-author',
        'inferred-kirishitan-definition',
      ]),
    );
    expect(ask('ASK { ?g a bo:Inference . FILTER NOT EXISTS { ?g prov:wasDerivedFrom ?c . ?c a bo:Claim ; oa:hasSelector ?s } }')).toBe(
      false,
    );
    expect(ask('ASK { ?g a bo:Inference . FILTER NOT EXISTS { ?g bo:reasoning ?r } }')).toBe(false);
    expect(ask('ASK { ?g a bo:Inference, bo:Claim }')).toBe(false);
    // What the article does not say is stated only in an inference.
    const onlyInferred: [string, string][] = [
      ['the Gregorian calendar', '?e bo:calendar bo:GregorianCalendar'],
      ["Sō as the letter's author", ':Letter_of_So_Yoshitoshi bo:author :So_Yoshitoshi'],
      ['the definition of Kirishitan', ':Kirishitan rdfs:comment ?c'],
      ['the date of the arrival', ':Arrival_at_Busan_Harbor bo:date "1592-05-23"^^xsd:date'],
      ['the date of the landing', ':Japanese_landing bo:date ?d'],
      ['the date of the advance on Dongnae', ':Advance_on_Dongnae bo:date ?d'],
      ['the defenders as the 600 soldiers', ':Korean_defenders bo:strength :Siege_of_Busanjin\\#infobox-strength2-soldiers'],
    ];
    for (const [what, pattern] of onlyInferred) {
      expect(ask(`ASK { GRAPH ?g { ${pattern} } ?g a bo:Inference }`), what).toBe(true);
      expect(ask(`ASK { GRAPH ?g { ${pattern} } FILTER NOT EXISTS { ?g a bo:Inference } }`), what).toBe(false);
    }
  });

  it('a claim says no more than its quote', () => {
    const said = (entity: string, claim: string) =>
      select(`SELECT ?c WHERE { GRAPH claim:${claim} { :${entity} rdfs:comment ?c } }`)
        .map((r) => r.c!)
        .join(' ');
    expect(said('Renewed_demand', 'renewed-demand')).not.toMatch(/duty bound|Seoul/);
    expect(said('Letter_of_So_Yoshitoshi', 'letter')).not.toMatch(/unanswered/);
    expect(said('Scuttling_of_the_fleet', 'scuttling')).not.toMatch(/watched|distance/);
    expect(ask('ASK { GRAPH ?g { ?e bo:approximate true } ?g oa:hasSelector/oa:exact ?q FILTER(!CONTAINS(?q, "around")) }')).toBe(false);
  });

  it("names only the article's names, without dates in them", () => {
    expect(ask(':Siege_of_Busanjin skos:altLabel "Siege of Busan"@en'.replace(/^/, 'ASK { ') + ' }')).toBe(false);
    expect(ask('ASK { ?f a bo:Fortification ; rdfs:label|skos:altLabel ?n FILTER(STR(?n) = "Busanjin") }')).toBe(false);
    expect(ask('ASK { ?e rdfs:label|skos:altLabel ?n FILTER(REGEX(?n, "[0-9]{4}")) FILTER(?e != :Japanese_mission_to_Korea_1589) }')).toBe(
      false,
    );
    expect(ask('ASK { :Imjin_War skos:altLabel "Japanese invasions of Korea"@en }')).toBe(true);
  });

  it('has evidenced Wikidata links only: identity for the siege, close match for Hanseong', () => {
    expect(ask('ASK { :Siege_of_Busanjin owl:sameAs wd:Q497046 . :Hanseong skos:closeMatch wd:Q8684 }')).toBe(true);
    expect(ask('ASK { :Hanseong owl:sameAs ?x }')).toBe(false);
  });

  it('every claim graph is described by a selector whose quote lies in one sentence', () => {
    const orphans = store.query(
      `${PREFIXES} SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${B}claim/")) FILTER NOT EXISTS { ?g bo:sentence ?s2 ; oa:hasSelector ?sel } FILTER NOT EXISTS { ?g a bo:Inference } }`,
      { use_default_graph_as_union: true },
    ) as unknown[];
    expect(orphans).toEqual([]);
  });
});
