// Turns the interpreted infobox into statements about the article's subject, one claim graph
// per row, resolving names ("Toyotomi Japan", "Chŏng Pal") to the curated entities by label.
import { interpretInfobox, InfoboxError, readInfobox, type Count, type InfoboxRow } from './infobox.js';
import { type Minter, rdf, rdfs, skos } from '../rdf/namespaces.js';
import { bool, date, en, int, iri, quad, str, type ObjectTerm, type Quad } from '../rdf/terms.js';
import type { SourceText } from './source.js';
import { selectorQuads } from './provenance.js';

export type Resolver = (name: string) => string | undefined;

export function infoboxStatements(source: SourceText, subject: string, resolve: Resolver, m: Minter, provenanceGraph: string): Quad[] {
  const bo = m.term;
  const out: Quad[] = [];
  const facts = interpretInfobox(readInfobox(source));
  const sides = new Map<number, string>();
  for (const { row, fact } of facts) {
    if (fact.key === 'Combatant') sides.set(fact.side, need(resolve, fact.name, row));
  }
  const siege = iri(subject);
  for (const { row, fact } of facts) {
    const graph = iri(m.claim(`infobox-${row.key.toLowerCase()}`));
    const add = (s: string, p: string, o: ObjectTerm) => out.push(quad(iri(s), iri(p), o, graph));
    switch (fact.key) {
      case 'Conflict':
        add(subject, skos('altLabel'), en(fact.name));
        break;
      case 'Partof':
        add(subject, bo('partOf'), iri(need(resolve, fact.name, row)));
        break;
      // The calendar is not in the row: it is the curators' inference (data/inferences.trig).
      case 'Date':
        add(subject, bo('date'), date(fact.date));
        break;
      case 'Place':
        for (const name of fact.names) add(subject, bo('place'), iri(need(resolve, name, row)));
        break;
      case 'Result':
        add(subject, bo('result'), en(fact.text));
        break;
      case 'Combatant':
        add(subject, bo('belligerent'), iri(sides.get(fact.side)!));
        break;
      case 'Commander': {
        const person = need(resolve, fact.name, row);
        add(subject, bo('commander'), iri(person));
        add(person, bo('allegiance'), iri(sides.get(fact.side)!));
        if (fact.killedInAction) add(person, bo('killedInAction'), siege);
        break;
      }
      case 'Strength': {
        const single = fact.counts.length === 1;
        fact.counts.forEach((count, i) => {
          const id = `${subject}#infobox-strength${fact.side}${single ? '' : `-${slug(count, i)}`}`;
          add(subject, bo('strength'), iri(id));
          quantity(id, count, sides.get(fact.side)!, add, bo);
        });
        break;
      }
      case 'Casualties': {
        const parts = [
          ['killed', fact.killed],
          ['captured', fact.captured],
          ['casualties', fact.unspecified],
        ] as const;
        for (const [property, count] of parts) {
          if (!count) continue;
          const id = `${subject}#infobox-casualties${fact.side}${property === 'casualties' ? '' : `-${property}`}`;
          add(subject, bo(property), iri(id));
          quantity(id, count, sides.get(fact.side)!, add, bo);
        }
        break;
      }
    }
    out.push(...claimDescription(graph.value, row, m, provenanceGraph));
  }
  return out;
}

function quantity(id: string, count: Count, side: string, add: (s: string, p: string, o: ObjectTerm) => void, bo: (t: string) => string) {
  add(id, rdf('type'), iri(bo('Quantity')));
  add(id, bo('side'), iri(side));
  add(id, bo('rawValue'), str(count.raw));
  if (count.kind === 'unknown') add(id, bo('unknown'), bool(true));
  if (count.kind === 'exact') add(id, bo('value'), int(count.value));
  if (count.kind === 'range') {
    add(id, bo('minimum'), int(count.minimum));
    add(id, bo('maximum'), int(count.maximum));
  }
  if (count.kind !== 'unknown' && count.unit) add(id, bo('unit'), en(count.unit));
}

function slug(count: Count, i: number): string {
  return count.kind !== 'unknown' && count.unit ? count.unit.toLowerCase().replace(/[^a-z0-9]+/g, '-') : String(i + 1);
}

function need(resolve: Resolver, name: string, row: InfoboxRow): string {
  const found = resolve(name);
  if (!found) throw new InfoboxError(row.line, `${row.key}: no entity in data/ is labelled ${JSON.stringify(name)}`);
  return found;
}

function claimDescription(claim: string, row: InfoboxRow, m: Minter, provenanceGraph: string): Quad[] {
  return [
    quad(iri(claim), iri(rdf('type')), iri(m.term('Claim')), iri(provenanceGraph)),
    ...selectorQuads(claim, `${row.key}: ${row.value}`, row.start, row.end, provenanceGraph),
    quad(iri(claim), iri(rdfs('comment')), en(`Read from the infobox row "${row.key}" by the build.`), iri(provenanceGraph)),
  ];
}
