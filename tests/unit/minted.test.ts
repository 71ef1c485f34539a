// The descriptions of claims, links and graphs (graph/minted.ts), and what a document says of
// itself (graph/self-description.ts), on a small graph made here.
import { describe, expect, it } from 'vitest';
import { MintedIndex } from '../../src/graph/minted.js';
import { minter } from '../../src/rdf/namespaces.js';
import { blankNode, en, int, iri, quad, str, type Quad } from '../../src/rdf/terms.js';
import { selfDescription } from '../../src/graph/self-description.js';

const m = minter('http://example.org/');
const B = m.base;
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OA = 'http://www.w3.org/ns/oa#';
const prov = iri(`${B}graph/provenance`);
const src = iri(`${B}graph/source`);
const claim = iri(`${B}claim/busan-castle`);
const sentence = `${B}source/siege-of-busanjin#char=10,40`;
const sel = blankNode('sel');

const quads: Quad[] = [
  quad(iri(`${B}resource/Busan_Castle`), iri(`${RDF}type`), iri(`${B}ontology#Fortification`), claim),
  quad(iri(`${B}resource/Busan_Castle`), iri(`${B}ontology#locatedIn`), iri(`${B}resource/Busan`), claim),
  quad(iri(`${B}resource/Busan`), iri(`${RDFS}label`), en('Busan'), iri(`${B}claim/busan`)),
  quad(iri(`${B}resource/Busan`), iri(`${RDFS}label`), en('Busan (Wikidata)'), iri(`${B}graph/wikidata`)),
  quad(claim, iri(`${OA}hasSelector`), sel, prov),
  quad(sel, iri(`${OA}exact`), str('Busan Castle'), prov),
  quad(sel, iri(`${OA}start`), int(20), prov),
  quad(claim, iri(`${B}ontology#sentence`), iri(sentence), prov),
  quad(iri(sentence), iri(`${RDF}value`), str('The south gate of Busan Castle.'), src),
  quad(iri(sentence), iri(`${B}ontology#unrelated`), str('not cited'), src),
  quad(iri(`${B}link/Busan`), iri(`${B}ontology#confidence`), str('high'), prov),
  quad(
    iri(`${B}resource/Busan`),
    iri('http://www.w3.org/2002/07/owl#sameAs'),
    iri('http://www.wikidata.org/entity/Q16520'),
    iri(`${B}link/Busan`),
  ),
  quad(iri(`${B}graph/curation`), iri(`${RDFS}label`), en("Curators' additions"), prov),
  quad(iri(`${B}x`), iri(`${B}y`), iri(`${B}z`), iri(`${B}shapes`)),
];

const index = new MintedIndex(quads, m);
const find = (qs: Quad[], p: string, graph = '') => qs.filter((q) => q.predicate.value === p && q.graph.value === graph);

describe('MintedIndex', () => {
  it('knows every claim, link and graph named or described, and the shapes', () => {
    expect(index.names).toEqual([
      'claim/busan',
      'claim/busan-castle',
      'graph/curation',
      'graph/provenance',
      'graph/source',
      'graph/wikidata',
      'link/Busan',
      'shapes',
    ]);
    expect(index.nameOf(`${B}resource/Busan`)).toBeUndefined();
    expect(index.nameOf(`${B}claim/x#y`)).toBeUndefined();
    expect(index.kindOf('link/Busan')).toBe('link');
  });

  it("a claim: its statements in its graph and in the default graph, its selector, its sentence's text", () => {
    const d = index.describe('claim/busan-castle');
    expect(d.kind).toBe('claim');
    expect(find(d.quads, `${B}ontology#locatedIn`, claim.value)).toHaveLength(1);
    expect(find(d.quads, `${B}ontology#locatedIn`)).toHaveLength(1);
    expect(find(d.quads, `${OA}exact`)[0]!.object.value).toBe('Busan Castle');
    expect(find(d.quads, `${RDF}value`)[0]!.object.value).toBe('The south gate of Busan Castle.');
    expect(find(d.quads, `${B}ontology#unrelated`)).toHaveLength(0);
  });

  it('names what the statements name, from statement graphs only', () => {
    const labels = find(index.describe('claim/busan-castle').quads, `${RDFS}label`).map((q) => q.object.value);
    expect(labels).toEqual(['Busan']);
  });

  it('a link: its statement and its evidence', () => {
    const d = index.describe('link/Busan');
    expect(find(d.quads, 'http://www.w3.org/2002/07/owl#sameAs')).toHaveLength(1);
    expect(find(d.quads, `${B}ontology#confidence`)[0]!.object.value).toBe('high');
  });

  it("a graph: the data's description, a built-in one where the data has none, and its size", () => {
    const curation = index.describe('graph/curation');
    expect(find(curation.quads, `${RDFS}label`).map((q) => q.object.value)).toEqual(["Curators' additions"]);
    expect(find(curation.quads, 'http://rdfs.org/ns/void#triples')[0]!.object.value).toBe('0');
    const provenance = index.describe('graph/provenance');
    expect(find(provenance.quads, `${RDFS}label`)[0]!.object.value).toBe('Provenance');
    expect(find(provenance.quads, 'http://rdfs.org/ns/void#triples')[0]!.object.value).toBe('6');
    // A graph's description does not copy its statements.
    expect(provenance.quads.some((q) => q.predicate.value === `${OA}exact`)).toBe(false);
    expect(find(index.describe('shapes').quads, `${RDFS}label`)[0]!.object.value).toBe('SHACL shapes');
  });
});

describe('selfDescription', () => {
  it('says the topic, the licence and the dataset, in the default graph', () => {
    const qs = selfDescription({ document: `${B}data/Busan`, topic: `${B}resource/Busan` }, m);
    const o = (p: string) => qs.find((q) => q.predicate.value === p)?.object.value;
    expect(o('http://xmlns.com/foaf/0.1/primaryTopic')).toBe(`${B}resource/Busan`);
    expect(o('http://purl.org/dc/terms/license')).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
    expect(o('http://rdfs.org/ns/void#inDataset')).toBe(`${B}void#dataset`);
    expect(qs.every((q) => q.subject.value === `${B}data/Busan` && q.graph.termType === 'DefaultGraph')).toBe(true);
    expect(selfDescription({ document: m.ontology }, m).some((q) => q.predicate.value === 'http://xmlns.com/foaf/0.1/primaryTopic')).toBe(
      false,
    );
  });
});
