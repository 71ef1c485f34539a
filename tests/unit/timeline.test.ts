// The timeline of a whole, drawn for a partial order: arrows only for the order the data states,
// concurrency side by side or as a band beside the whole, and the rest unordered, with bo:sequence
// (where the article tells of an event) only breaking ties.
import { describe, expect, it } from 'vitest';
import { minter } from '../../src/rdf/namespaces.js';
import { date, int, iri, literal, quad, type Quad } from '../../src/rdf/terms.js';
import { Timeline, timelineFigure } from '../../src/views/timeline.js';
import { links } from '../../src/views/links.js';

const m = minter('http://localhost:8080/');
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const r = (s: string) => iri(m.resource(s));
const t = (p: string) => iri(m.term(p));

/** Events E1…En told in that order, with the given relations. */
function dataset(n: number, relations: [string, string, string][]): Quad[] {
  const quads: Quad[] = [];
  for (let i = 1; i <= n; i++)
    quads.push(quad(r(`E${i}`), t('sequence'), int(i)), quad(r(`E${i}`), iri(RDFS_LABEL), literal(`Event ${i}`)));
  for (const [s, p, o] of relations) quads.push(quad(r(s), t(p), r(o)));
  return quads;
}
const names = (events: { iri: string }[]) => events.map((e) => e.iri.slice(m.resource('').length));

describe('timeline', () => {
  it('draws the parts and the context of a whole, and no order the data does not state', () => {
    const events = new Timeline(
      dataset(4, [
        ['E1', 'contextOf', 'W'],
        ['E2', 'partOf', 'W'],
        ['E3', 'partOf', 'W'],
        ['E4', 'partOf', 'W'],
        ['E2', 'followedBy', 'E3'],
      ]),
      m,
    ).of(m.resource('W'));
    expect(names(events)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(events.map((e) => e.part)).toEqual([false, true, true, true]);
    expect(events.find((e) => e.iri.endsWith('E3'))!.after).toEqual([m.resource('E2')]);
    expect(events.filter((e) => e.after.length).length).toBe(1);
  });

  it('puts a stated order first, whatever the order of the telling', () => {
    // The article tells of E3 before E2 but says E2 came first: the row order follows the article's order.
    const events = new Timeline(
      dataset(3, [
        ['E1', 'partOf', 'W'],
        ['E2', 'partOf', 'W'],
        ['E3', 'partOf', 'W'],
        ['E3', 'followedBy', 'E2'],
      ]),
      m,
    ).of(m.resource('W'));
    const row = (n: string) => events.find((e) => e.iri.endsWith(n))!.row;
    expect(row('E3')).toBeLessThan(row('E2'));
  });

  it('puts earlier days first, a part without a date being on the day of its whole', () => {
    const quads = [
      ...dataset(3, [
        ['E1', 'partOf', 'W'],
        ['E2', 'contextOf', 'W'],
        ['E3', 'contextOf', 'W'],
      ]),
      quad(r('W'), t('date'), date('1592-05-24')),
      quad(r('E2'), t('date'), date('1592-05-25')),
      quad(r('E3'), t('date'), date('1592-05-23')),
    ];
    expect(names(new Timeline(quads, m).of(m.resource('W')))).toEqual(['E3', 'E1', 'E2']);
  });

  it('draws concurrent events side by side, in one row', () => {
    const events = new Timeline(
      dataset(3, [
        ['E1', 'partOf', 'W'],
        ['E2', 'partOf', 'W'],
        ['E3', 'contextOf', 'W'],
        ['E3', 'concurrentWith', 'E1'],
      ]),
      m,
    ).of(m.resource('W'));
    const [e1, e3] = ['E1', 'E3'].map((n) => events.find((e) => e.iri.endsWith(n))!);
    expect([e1!.row, e1!.column]).toEqual([e3!.row, 0]);
    expect(e3!.column).toBe(1);
    expect(e1!.concurrent).toEqual([m.resource('E3')]);
  });

  it('draws what ran alongside the whole as a band beside its parts, in no row between them', () => {
    const events = new Timeline(
      dataset(4, [
        ['E1', 'contextOf', 'W'],
        ['E2', 'partOf', 'W'],
        ['E3', 'concurrentWith', 'W'],
        ['E4', 'partOf', 'W'],
      ]),
      m,
    ).of(m.resource('W'));
    const band = events.find((e) => e.alongside)!;
    expect(band.iri).toBe(m.resource('E3'));
    const rows = events.filter((e) => e.part).map((e) => e.row);
    expect([band.row, band.rowEnd]).toEqual([Math.min(...rows), Math.max(...rows)]);
    expect(events.filter((e) => !e.alongside).map((e) => e.row)).toEqual([0, 1, 2]);
  });

  it('the figure: one arrow per stated order, the band, unordered events marked, no axis', () => {
    const quads = dataset(4, [
      ['E1', 'partOf', 'W'],
      ['E2', 'partOf', 'W'],
      ['E3', 'partOf', 'W'],
      ['E1', 'followedBy', 'E2'],
      ['E4', 'concurrentWith', 'W'],
    ]);
    const events = new Timeline(quads, m).of(m.resource('W'));
    const svg = String(timelineFigure(events, links(m, quads), 'The day'));
    expect(svg.match(/class="order"/g)).toHaveLength(1);
    expect(svg).toContain('class="event alongside"');
    expect(svg).toMatch(/class="event unordered"[\s\S]*?Event 3/);
    expect(svg).not.toContain('class="axis"');
    expect(svg).not.toMatch(/>\d+\. Event/);
  });

  it('draws an order only an inference of the curators gives as such, dashed', () => {
    const g = iri('http://localhost:8080/claim/inferred-x');
    const quads = [
      ...dataset(3, [
        ['E1', 'partOf', 'W'],
        ['E2', 'partOf', 'W'],
        ['E3', 'partOf', 'W'],
        ['E1', 'followedBy', 'E2'],
      ]),
      quad(r('E2'), t('followedBy'), r('E3'), g),
      quad(g, iri('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), t('Inference')),
    ];
    const events = new Timeline(quads, m).of(m.resource('W'));
    expect(events.find((e) => e.iri.endsWith('E3'))!.inferredAfter).toEqual([m.resource('E2')]);
    expect(events.find((e) => e.iri.endsWith('E2'))!.inferredAfter).toEqual([]);
    const svg = String(timelineFigure(events, links(m, quads), 'The day'));
    expect(svg.match(/class="order"/g)).toHaveLength(1);
    expect(svg).toMatch(/class="order inferred"[^>]*stroke-dasharray[^>]*><title>our inference: Event 2, then Event 3<\/title>/);
  });

  it('is empty for an entity with no parts', () => {
    expect(new Timeline(dataset(2, [['E1', 'contextOf', 'W']]), m).of(m.resource('W'))).toEqual([]);
  });
});
