// The reconciliation catalog reads what the ontology entails: an entity is of every superclass of
// its types, and a property has the values its owl:inverseOf states from the other side.
import { describe, expect, it } from 'vitest';
import { owl, rdf, rdfs } from '../../src/rdf/namespaces.js';
import { en, iri, quad, type ObjectTerm } from '../../src/rdf/terms.js';
import { isOfType, makeCatalog, superclasses } from '../../src/reconcile/catalog.js';
import { reconcile, extend } from '../../src/reconcile/service.js';

const BASE = 'http://example.org/';
const ONTOLOGY = `${BASE}ontology`;
const t = (local: string) => iri(`${BASE}ontology#${local}`);
const r = (slug: string) => iri(`${BASE}resource/${slug}`);
const o = (s: ReturnType<typeof iri>, p: string | ReturnType<typeof iri>, obj: ReturnType<typeof iri>) =>
  quad(s, typeof p === 'string' ? iri(p) : p, obj, iri(ONTOLOGY));
const f = (s: ReturnType<typeof iri>, p: string | ReturnType<typeof iri>, obj: ObjectTerm) =>
  quad(s, typeof p === 'string' ? iri(p) : p, obj, iri(`${BASE}claim/c`));

const quads = [
  ...['Event', 'Battle', 'Siege', 'Place', 'Fortification', 'Person', 'MilitaryUnit'].map((c) => o(t(c), rdf('type'), iri(owl('Class')))),
  o(t('Battle'), rdfs('subClassOf'), t('Event')),
  o(t('Siege'), rdfs('subClassOf'), t('Battle')),
  o(t('Fortification'), rdfs('subClassOf'), t('Place')),
  o(t('Event'), rdfs('subClassOf'), iri('http://schema.org/Event')),
  ...['commander', 'commanderOf'].map((p) => o(t(p), rdf('type'), iri(owl('ObjectProperty')))),
  o(t('commander'), owl('inverseOf'), t('commanderOf')),
  f(r('Siege'), rdf('type'), t('Siege')),
  f(r('Siege'), rdfs('label'), en('The siege')),
  f(r('Fort'), rdf('type'), t('Fortification')),
  f(r('Fort'), rdfs('label'), en('The fort')),
  f(r('Konishi'), rdf('type'), t('Person')),
  f(r('Konishi'), rdfs('label'), en('Konishi Yukinaga')),
  f(r('Force'), rdf('type'), t('MilitaryUnit')),
  f(r('Force'), rdfs('label'), en('The force')),
  f(r('Force'), t('commander'), r('Konishi')),
  f(r('Siege'), t('commander'), r('Konishi')),
];
const catalog = makeCatalog(quads, BASE, ONTOLOGY);

describe('superclasses', () => {
  it('closes rdfs:subClassOf transitively, each class with itself, and ends a cycle', () => {
    const up = superclasses(
      new Map([
        ['Siege', ['Battle']],
        ['Battle', ['Event']],
        ['A', ['B']],
        ['B', ['A']],
      ]),
    );
    expect([...up.get('Siege')!].sort()).toEqual(['Battle', 'Event', 'Siege']);
    expect([...up.get('Event')!]).toEqual(['Event']);
    expect([...up.get('A')!].sort()).toEqual(['A', 'B']);
  });
});

describe('the catalog', () => {
  it('counts an entity as of every superclass of its stated types, and shows the stated ones', () => {
    expect(isOfType(catalog, 'Fort', 'Place')).toBe(true);
    expect(isOfType(catalog, 'Siege', 'Event')).toBe(true);
    expect(isOfType(catalog, 'Siege', 'Battle')).toBe(true);
    expect(isOfType(catalog, 'Konishi', 'Place')).toBe(false);
    expect(catalog.typesOf.get('Fort')).toEqual(['Fortification']);
    expect([...catalog.subtypes.get('Event')!].sort()).toEqual(['Battle', 'Event', 'Siege']);
  });

  it('filters reconciliation candidates by a supertype', () => {
    const none = { types: [], typeStrict: 'any' as const, properties: [] };
    const search = { search: () => [{ iri: `${BASE}resource/Fort`, score: 1 }], size: 1 } as never;
    expect(reconcile(catalog, search, { ...none, query: 'fort', types: ['Place'] }).map((c) => c.id)).toEqual(['Fort']);
    expect(reconcile(catalog, search, { ...none, query: 'fort', types: [`${BASE}ontology#Place`] }).map((c) => c.id)).toEqual(['Fort']);
    expect(reconcile(catalog, search, { ...none, query: 'fort', types: ['Person'] })).toEqual([]);
  });

  it('fills a property from the statements of its inverse, either way it is declared', () => {
    const rows = extend(catalog, { ids: ['Konishi', 'Force'], properties: [{ id: 'commanderOf' }, { id: 'commander' }] }).rows;
    expect(rows.Konishi!.commanderOf).toEqual(
      expect.arrayContaining([
        { id: 'Force', name: 'The force' },
        { id: 'Siege', name: 'The siege' },
      ]),
    );
    expect(rows.Konishi!.commanderOf).toHaveLength(2);
    expect(rows.Force!.commander).toEqual([{ id: 'Konishi', name: 'Konishi Yukinaga' }]);
  });
});
