// export --quickstatements: each line parsed back and checked against the statements it came from.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildGraph, type BuiltGraph } from '../../src/graph/build.js';
import { owl, rdf, rdfs } from '../../src/rdf/namespaces.js';
import { articleUrl, exportQuickStatements } from '../../src/commands/wikidata.js';
import { CALENDAR_NOTE, parseCommand, qsValue } from '../../src/wikidata/quickstatements.js';
import { date, literal, iri } from '../../src/rdf/terms.js';
import { truthyLiteral } from '../../src/wikidata/view.js';

const BASE = 'http://localhost:8080/';
const WD = 'http://www.wikidata.org/entity/';
let graph: BuiltGraph;
let lines: string[];

beforeAll(async () => {
  const config = loadConfig({});
  graph = await buildGraph({ base: BASE, dataDir: config.dataDir, ontologyDir: config.ontologyDir });
  lines = [];
  expect(
    exportQuickStatements(
      graph,
      (l) => lines.push(l),
      () => {},
    ),
  ).toBe(0);
});

/** Our entity for a QID, by owl:sameAs in the curated links. */
function entityOf(qid: string): string | undefined {
  return graph.quads.find((q) => q.predicate.value === owl('sameAs') && q.object.value === WD + qid)?.subject.value;
}

/** The ontology properties and classes aligned to a Wikidata id (equivalent, or narrower), with their sub-properties. */
function alignedTo(id: string): string[] {
  const aligning = [owl('equivalentProperty'), owl('equivalentClass'), rdfs('subPropertyOf')];
  const found = new Set(
    graph.quads.filter((q) => aligning.includes(q.predicate.value) && q.object.value === WD + id).map((q) => q.subject.value),
  );
  for (let grew = true; grew;) {
    grew = false;
    for (const q of graph.quads) {
      if (q.predicate.value === rdfs('subPropertyOf') && found.has(q.object.value) && !found.has(q.subject.value)) {
        found.add(q.subject.value);
        grew = true;
      }
    }
  }
  return [...found];
}

describe('export --quickstatements', () => {
  it('writes one well-formed command per fact about an item with a QID, each naming the article', () => {
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      const c = parseCommand(line);
      expect(c, line).toBeDefined();
      expect(c!.comment?.startsWith(`source: ${articleUrl(graph)}`), line).toBe(true);
    }
  });

  it('says only what the data says', () => {
    const bo = (t: string) => `${BASE}ontology#${t}`;
    for (const line of lines) {
      const { item, property, value } = parseCommand(line)!;
      const subject = entityOf(item);
      expect(subject, `${item} has an owl:sameAs link`).toBeDefined();
      const facts = graph.quads.filter((q) => q.subject.value === subject && !q.graph.value.endsWith('graph/wikidata'));
      if (property === 'P31') {
        const classes = alignedTo(value);
        expect(
          facts.some((q) => q.predicate.value === rdf('type') && classes.includes(q.object.value)),
          line,
        ).toBe(true);
      } else if (property === 'P1120') {
        const counts = facts.filter((q) => q.predicate.value === bo('killed')).map((q) => q.object.value);
        const values = graph.quads
          .filter((q) => counts.includes(q.subject.value) && q.predicate.value === bo('value'))
          .map((q) => q.object.value);
        expect(values, line).toContain(value);
      } else {
        const properties = alignedTo(property);
        expect(properties.length, `${property} is aligned`).toBeGreaterThan(0);
        const match = facts.some(
          (q) =>
            properties.includes(q.predicate.value) &&
            (q.object.termType === 'NamedNode'
              ? entityOf(value) === q.object.value || q.object.value === WD + value
              : qsValue(truthyLiteral(q.object)!) === value),
        );
        expect(match, line).toBe(true);
      }
    }
  });

  it("includes the siege's date, place and participants", () => {
    expect(lines.map((l) => l.split(' ')[0])).toEqual(
      expect.arrayContaining([
        'Q497046|P585|+1592-05-24T00:00:00Z/11',
        'Q497046|P276|Q16520',
        'Q497046|P710|Q11634225',
        'Q497046|P710|Q28179',
        'Q497046|P31|Q188055',
        'Q497046|P361|Q576338',
      ]),
    );
  });

  it('writes nothing stronger than the article: no bare attributed count, and the calendar said to be ours', () => {
    // "According to Japanese records, 8500 Koreans were killed": without its qualifier it is left out.
    expect(lines.filter((l) => l.includes('|P1120|'))).toEqual([]);
    const date = lines.find((l) => l.startsWith('Q497046|P585|'))!;
    expect(parseCommand(date)!.comment).toContain(CALENDAR_NOTE);
  });

  it('leaves out what Wikidata could not hold: our own IRIs as values', () => {
    expect(qsValue(iri(`${BASE}resource/Busanjin-gu`))).toBeUndefined();
    expect(qsValue(literal('Busan', 'en'))).toBeUndefined();
    expect(qsValue(truthyLiteral(date('1592-05-23'))!)).toBe('+1592-05-23T00:00:00Z/11');
    expect(lines.some((l) => l.includes('resource/'))).toBe(false);
  });
});
