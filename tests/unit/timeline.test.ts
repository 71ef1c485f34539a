// The timeline of an entity: its parts in sequence order, with the events between and the one on
// either side marked as context, read from an index made once (not from every quad per page).
import { describe, expect, it } from 'vitest';
import { minter } from '../../src/graph/namespaces.js';
import { int, iri, literal, quad } from '../../src/graph/rdf-terms.js';
import { Timeline } from '../../src/http/views/timeline.js';

const m = minter('http://localhost:8080/');
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

function dataset(parts: Record<string, number[]>, events = 10) {
  const quads = [];
  for (let n = 1; n <= events; n++) {
    const e = iri(m.resource(`E${n}`));
    quads.push(quad(e, iri(m.term('sequence')), int(n)), quad(e, iri(RDFS_LABEL), literal(`Event ${n}`)));
  }
  for (const [whole, ns] of Object.entries(parts)) {
    for (const n of ns) quads.push(quad(iri(m.resource(`E${n}`)), iri(m.term('partOf')), iri(m.resource(whole))));
  }
  return new Timeline(quads, m);
}

describe('timeline', () => {
  it('spans the parts, with what falls between and one event on either side as context', () => {
    const t = dataset({ W: [4, 6] });
    const events = t.of(m.resource('W'));
    expect(events.map((e) => e.sequence)).toEqual([3, 4, 5, 6, 7]);
    expect(events.filter((e) => e.part).map((e) => e.sequence)).toEqual([4, 6]);
    expect(events[0]!.label).toBe('Event 3');
  });

  it('stops at the ends of the sequence', () => {
    const events = dataset({ W: [1, 2, 10] }).of(m.resource('W'));
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('draws only the parts where each whole numbers its own steps (numbers shared across the dataset)', () => {
    const quads = [];
    for (const battle of ['A', 'B', 'C']) {
      for (let n = 1; n <= 4; n++) {
        const e = iri(m.resource(`${battle}_${n}`));
        quads.push(quad(e, iri(m.term('sequence')), int(n)), quad(e, iri(m.term('partOf')), iri(m.resource(battle))));
      }
    }
    const events = new Timeline(quads, m).of(m.resource('B'));
    expect(events.map((e) => e.iri)).toEqual([1, 2, 3, 4].map((n) => m.resource(`B_${n}`)));
    expect(events.every((e) => e.part)).toBe(true);
  });

  it('is empty for an entity with no sequenced parts', () => {
    expect(dataset({}).of(m.resource('W'))).toEqual([]);
  });
});
