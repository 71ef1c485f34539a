// Identity links against the evidence list (../shared/wikidata/ids.md): no Wikidata identifier
// anywhere in data, ontology, docs, README or source without evidence; identity only where the
// evidence is high or medium; each link's confidence as the list says.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, loadConfig } from '../../src/config.js';
import { buildGraph, type BuiltGraph } from '../../src/graph/build.js';
import { owl } from '../../src/rdf/namespaces.js';
import { iri, quad } from '../../src/rdf/terms.js';
import { DEFAULT_EVIDENCE_PATH, evidenceFor, parseEvidence, readEvidence } from '../../src/wikidata/evidence.js';
import { wikidataId, wikidataMentions } from '../../src/wikidata/iris.js';
import { checkLinks } from '../../src/wikidata/links.js';
import { projectTextFiles, unevidencedMentions } from '../../src/wikidata/mentions.js';

const evidence = readEvidence(DEFAULT_EVIDENCE_PATH);

describe('the evidence list', () => {
  it('is read with the items, properties and confidences it gives', () => {
    expect(evidenceFor(evidence, 'Q497046')?.confidence).toBe('high');
    expect(evidenceFor(evidence, 'Q122846639')?.confidence).toBe('medium');
    expect(evidenceFor(evidence, 'Q5001277')?.confidence).toBe('low');
    expect(evidenceFor(evidence, 'Q188055')?.label).toBe('siege');
    expect(evidenceFor(evidence, 'P710')?.label).toBe('participant');
    expect(evidenceFor(evidence, 'P1590')?.confidence).toBe('medium');
    expect(evidenceFor(evidence, 'P4791')).toBeUndefined();
    expect(evidence.unconfirmed.has('P4791')).toBe(true);
  });

  it('parses a row with several QIDs and a property note', () => {
    const list = parseEvidence(
      [
        '| entity | QID | confidence | source |',
        '|---|---|---|---|',
        '| a / b | Q1 / Q2 | low | here |',
        'Properties (high unless noted): P5 five, P6 six (medium). "x" P7: unconfirmed.',
      ].join('\n'),
    );
    expect([...list.items.keys()]).toEqual(['Q1', 'Q2']);
    expect(list.items.get('Q2')).toMatchObject({ label: 'b', confidence: 'low', source: 'here' });
    expect(list.properties.get('P6')?.confidence).toBe('medium');
    expect(list.properties.has('P7')).toBe(false);
  });
});

describe('every Wikidata identifier in the project is evidenced', () => {
  const paths = projectTextFiles(PROJECT_ROOT);

  it('scans the data, ontology, docs, README and source', () => {
    expect(paths.some((p) => p.endsWith('wikidata-links.trig'))).toBe(true);
    expect(paths.some((p) => p.endsWith('busanjin.ttl'))).toBe(true);
    expect(paths.some((p) => p.endsWith('examples.ts'))).toBe(true);
  });

  it('names no QID or P-id that the evidence list lacks', () => {
    expect(unevidencedMentions(PROJECT_ROOT, evidence, paths)).toEqual([]);
  });

  it('reports a guessed identifier with its file and line', () => {
    const root = mkdtempSync(join(tmpdir(), 'evidence-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'x.md'), 'fine: wd:Q497046\nguessed: wdt:P4791 and <http://www.wikidata.org/entity/Q99999999>\n');
    expect(unevidencedMentions(root, evidence)).toEqual(['docs/x.md:2: wdt:P4791', 'docs/x.md:2: wikidata.org/entity/Q99999999']);
    rmSync(root, { recursive: true });
  });

  it('finds identifiers written as IRIs and as prefixed names', () => {
    const found = wikidataMentions(
      'wd:Q1 wdt:P2 <http://www.wikidata.org/entity/Q3> <http://www.wikidata.org/prop/statement/P4> https://www.wikidata.org/wiki/Q5 P-ids Q&A',
    );
    expect(found.map((m) => m.id)).toEqual(['Q1', 'P2', 'Q3', 'P4', 'Q5']);
  });
});

describe('well-formed Wikidata IRIs', () => {
  it('accepts the entity and prop namespaces', () => {
    expect(wikidataId('http://www.wikidata.org/entity/Q497046')).toBe('Q497046');
    expect(wikidataId('http://www.wikidata.org/prop/direct/P710')).toBe('P710');
    expect(wikidataId('http://www.wikidata.org/entity/P585')).toBe('P585');
  });
  it('rejects mangled ones', () => {
    for (const bad of [
      'https://www.wikidata.org/entity/Q497046',
      'http://wikidata.org/entity/Q497046',
      'http://www.wikidata.org/wiki/Q497046',
      'http://www.wikidata.org/entity/q497046',
      'http://www.wikidata.org/entity/Q0497046',
      'http://www.wikidata.org/entity/Q497046/',
      'http://www.wikidata.org/prop/direct/Q5',
    ])
      expect(wikidataId(bad), bad).toBeUndefined();
  });
});

describe('the links in the built graph', () => {
  let graph: BuiltGraph;
  beforeAll(async () => {
    const config = loadConfig({});
    graph = await buildGraph({ base: 'http://localhost:8080/', dataDir: config.dataDir, ontologyDir: config.ontologyDir });
  });

  it('are all well formed and evidenced, identity only where the evidence is high or medium', () => {
    const report = checkLinks(graph.quads, graph.minter, evidence);
    expect(report.problems).toEqual([]);
    for (const link of report.links.filter((l) => l.relation === 'sameAs')) {
      expect(['high', 'medium']).toContain(evidenceFor(evidence, link.qid)?.confidence);
    }
    expect(report.links.find((l) => l.qid === 'Q8684')).toMatchObject({
      relation: 'closeMatch',
      entity: graph.minter.resource('Hanseong'),
    });
    for (const low of ['Q5001277', 'Q97232587', 'Q4120663']) expect(report.links.find((l) => l.qid === low)?.relation).toBe('closeMatch');
  });

  it('reports a guessed QID, a mangled IRI and identity on low evidence', () => {
    const g = iri('http://localhost:8080/link/x');
    const extra = [
      quad(iri(graph.minter.resource('Jeong_Bal')), iri(owl('sameAs')), iri('http://www.wikidata.org/entity/Q12345'), g),
      quad(iri(graph.minter.resource('Dongnae_Fortress')), iri(owl('sameAs')), iri('http://www.wikidata.org/entity/Q4120663'), g),
      quad(iri(graph.minter.resource('Busan')), iri(owl('sameAs')), iri('https://www.wikidata.org/wiki/Q16520'), g),
    ];
    const problems = checkLinks([...graph.quads, ...extra], graph.minter, evidence).problems.join('\n');
    expect(problems).toMatch(/Q12345 .* not in the evidence list/);
    expect(problems).toMatch(/Dongnae_Fortress owl:sameAs Q4120663: the evidence is low/);
    expect(problems).toMatch(/malformed Wikidata IRI <https:\/\/www\.wikidata\.org\/wiki\/Q16520>/);
  });

  it('says each alignment once, in OWL, and only with evidenced identifiers', () => {
    const aligned = graph.quads.filter(
      (q) =>
        [owl('equivalentProperty'), owl('equivalentClass'), 'http://www.w3.org/2000/01/rdf-schema#subPropertyOf'].includes(
          q.predicate.value,
        ) && wikidataId(q.object.value),
    );
    expect(aligned.length).toBeGreaterThan(0);
    for (const q of aligned) expect(evidenceFor(evidence, wikidataId(q.object.value)!), q.object.value).toBeDefined();
    // A SKOS exact match beside an OWL equivalence says it twice (and makes the term a skos:Concept).
    expect(graph.quads.filter((q) => q.predicate.value.endsWith('core#exactMatch') && q.graph.value === graph.minter.ontology)).toEqual([]);
    // bo:date is functional; P585 is not: the date is narrower than P585, never its equivalent.
    const date = graph.minter.term('date');
    expect(graph.quads.some((q) => q.subject.value === date && q.predicate.value === owl('equivalentProperty'))).toBe(false);
  });
});
