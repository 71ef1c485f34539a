// The Wikidata "truthy" view: our statements written the way Wikidata's query service writes
// its own, so a query written for query.wikidata.org runs unchanged against /sparql.
// - a statement is translated when its property is aligned to a Wikidata property: equivalent
//   (owl:equivalentProperty) or narrower (rdfs:subPropertyOf wd:P…, as bo:date ⊑ P585), directly or
//   through a super-property of ours (bo:killedInAction ⊑ bo:participantIn); what the statement
//   says then holds of the Wikidata property too. skos:closeMatch never translates;
// - only what the article says is translated: statements of the curators' inferences (graphs
//   typed bo:Inference) stay in our vocabulary, where they are marked;
// - subjects and objects become wd:Q… where owl:sameAs gives a QID, and stay ours otherwise;
// - class membership becomes wdt:P31 through the classes' owl:equivalentClass QIDs;
// - dates become xsd:dateTime at midnight UTC and counts xsd:decimal, as WDQS writes them;
// - items get the rdfs:label/skos:altLabel of the entity they are the same as.
// It is derived, so it lives in its own named graph and is described in the provenance graph.
import { PREFIXES, dct, type Minter, owl, prov, rdf, rdfs, skos, xsd } from '../rdf/namespaces.js';
import { en, iri, literal, quad, type ObjectTerm, type Quad } from '../rdf/terms.js';
import { wikidataId } from './iris.js';

const wdt = (p: string) => PREFIXES.wdt + p;
const wd = (q: string) => PREFIXES.wd + q;
const wikibase = (t: string) => PREFIXES.wikibase + t;

/** Alignments read from the ontology: our term → Wikidata identifier. */
export interface Alignment {
  /** bo property → P-id (its own alignment, or the nearest super-property's). */
  properties: Map<string, string>;
  /** bo class → Q-id. */
  classes: Map<string, string>;
  /** Classes whose members are military conflicts (battles, sieges, wars): objects of P607. */
  conflicts: Set<string>;
}

export function readAlignment(ontology: Quad[], m: Minter): Alignment {
  const own = new Map<string, string>();
  const classes = new Map<string, string>();
  const supers = new Map<string, string[]>();
  const subclassOf = new Map<string, string[]>();
  for (const q of ontology) {
    const id = wikidataId(q.object.value);
    const p = q.predicate.value;
    if (id?.startsWith('P') && (p === owl('equivalentProperty') || p === rdfs('subPropertyOf'))) own.set(q.subject.value, id);
    if (id?.startsWith('Q') && p === owl('equivalentClass')) classes.set(q.subject.value, id);
    if (p === rdfs('subPropertyOf') && !id) push(supers, q.subject.value, q.object.value);
    if (q.predicate.value === rdfs('subClassOf')) push(subclassOf, q.subject.value, q.object.value);
  }
  const properties = new Map(own);
  for (const p of supers.keys()) {
    if (properties.has(p)) continue;
    const inherited = ancestors(p, supers)
      .map((s) => own.get(s))
      .find(Boolean);
    if (inherited) properties.set(p, inherited);
  }
  const roots = new Set([m.term('Battle'), m.term('War')]);
  const conflicts = new Set([...subclassOf.keys()].filter((c) => ancestors(c, subclassOf).some((a) => roots.has(a))));
  for (const r of roots) conflicts.add(r);
  return { properties, classes, conflicts };
}

export interface ViewInput {
  /** The statements to translate: claims, curation, links, derived (not the inferences). */
  facts: Quad[];
  ontology: Quad[];
  /** The article's public address (dct:source of the source), for references. */
  articleUrl?: string;
}

export function wikidataView(input: ViewInput, m: Minter, graph: string): Quad[] {
  const g = iri(graph);
  const align = readAlignment(input.ontology, m);
  const sameAs = qidsOf(input.facts);
  const out: Quad[] = [];
  const node = (value: string) => iri(sameAs.get(value) ?? value);
  const add = (s: string, p: string, o: ObjectTerm) => out.push(quad(node(s), iri(p), o, g));

  const typesOf = new Map<string, string[]>();
  for (const q of input.facts) if (q.predicate.value === rdf('type')) push(typesOf, q.subject.value, q.object.value);
  const isConflict = (s: string) => (typesOf.get(s) ?? []).some((c) => align.conflicts.has(c));
  const isPerson = (s: string) => typesOf.get(s)?.includes(m.term('Person')) ?? false;
  const isActor = (s: string) => isPerson(s) || (typesOf.get(s)?.includes(m.term('MilitaryUnit')) ?? false);

  for (const q of input.facts) {
    const s = q.subject.value;
    const p = q.predicate.value;
    if (p === rdf('type')) {
      const qid = align.classes.get(q.object.value);
      if (qid) add(s, wdt('P31'), iri(wd(qid)));
      continue;
    }
    const pid = align.properties.get(p);
    if (pid) {
      const value = q.object.termType === 'NamedNode' ? node(q.object.value) : truthyLiteral(q.object);
      if (value) add(s, wdt(pid), value);
    }
    // P607 "conflict": the battles and wars a person or force took part in, which is what
    // bo:participantIn (and its sub-property bo:killedInAction) says when the object is a conflict,
    // and what commanding in a battle implies.
    if (pid === 'P1344' && isActor(s) && q.object.termType === 'NamedNode' && isConflict(q.object.value)) {
      add(s, wdt('P607'), node(q.object.value));
    }
    if (p === m.term('commander') && isConflict(s) && isPerson(q.object.value)) {
      add(q.object.value, wdt('P607'), node(s));
    }
  }
  out.push(...deathStatements(input, m, g, node));
  out.push(...itemLabels(input.facts, sameAs, g));
  return dedupe(out);
}

/** The provenance graph's description of the view. */
export function wikidataViewDescription(graph: string, provenanceGraph: string): Quad[] {
  const pg = iri(provenanceGraph);
  return [
    quad(iri(graph), iri(rdf('type')), iri(prov('Entity')), pg),
    quad(iri(graph), iri(rdfs('label')), en('Wikidata view'), pg),
    quad(
      iri(graph),
      iri(rdfs('comment')),
      en(
        "Derived by the build: every statement whose property is aligned to a Wikidata property, written as Wikidata's query service writes it (wd:, wdt:, p:/ps: with references), so WDQS queries run unchanged.",
      ),
      pg,
    ),
  ];
}

/** Our entity IRI → wd:Q… IRI, from owl:sameAs only (a closeMatch is not identity). */
export function qidsOf(facts: Quad[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const q of facts) {
    if (q.predicate.value !== owl('sameAs')) continue;
    const id = wikidataId(q.object.value);
    if (id?.startsWith('Q')) out.set(q.subject.value, q.object.value);
  }
  return out;
}

/** How WDQS writes a literal: times as dateTime at midnight UTC, quantities as decimals. */
export function truthyLiteral(term: Quad['object']): ObjectTerm | undefined {
  if (term.termType !== 'Literal') return undefined;
  const type = term.datatype.value;
  if (type === xsd('date')) return literal(`${term.value}T00:00:00Z`, iri(xsd('dateTime')));
  if ([xsd('integer'), xsd('nonNegativeInteger'), xsd('decimal'), xsd('int')].includes(type)) {
    return literal(String(Number(term.value)), iri(xsd('decimal')));
  }
  return term as ObjectTerm;
}

/**
 * P1120 "number of deaths" from our exact killed counts: the truthy wdt:P1120 and the full
 * statement form (p:P1120 → statement → ps:P1120, prov:wasDerivedFrom → reference). The statement
 * node is our quantity itself, so it keeps its side, raw text and claim. The reference cannot use
 * Wikidata's "reference URL" and "retrieved" properties under pr:, as neither P-id is in the evidence
 * list; it says the same with our terms: dct:source the article, bo:accordingTo whom the article cites.
 * Ranges (1,200–8,500) are left out: a truthy value needs one amount.
 * A count the article attributes ("according to Japanese records") gets no truthy wdt:P1120: the
 * bare number would say more than the sentence, and Wikidata's "according to" qualifier is not in
 * the evidence list. Its full statement keeps the attribution in its reference, and QuickStatements
 * (which writes truthy statements only) leaves it out.
 */
function deathStatements(input: ViewInput, m: Minter, g: Quad['graph'], node: (v: string) => Quad['subject']): Quad[] {
  const out: Quad[] = [];
  const byQuantity = new Map<string, Quad[]>();
  for (const q of input.facts) push(byQuantity, q.subject.value, q);
  for (const q of input.facts) {
    if (q.predicate.value !== m.term('killed') || q.object.termType !== 'NamedNode') continue;
    const statement = q.object.value;
    const description = byQuantity.get(statement) ?? [];
    const value = description.find((d) => d.predicate.value === m.term('value'));
    if (!value) continue;
    const amount = truthyLiteral(value.object)!;
    const subject = node(q.subject.value);
    const reference = iri(`${statement}-reference`);
    const attributed = description.some((d) => d.predicate.value === m.term('accordingTo'));
    if (!attributed) out.push(quad(subject, iri(wdt('P1120')), amount, g));
    out.push(
      quad(subject, iri(PREFIXES.p + 'P1120'), iri(statement), g),
      quad(iri(statement), iri(rdf('type')), iri(wikibase('Statement')), g),
      quad(iri(statement), iri(PREFIXES.ps + 'P1120'), amount, g),
      quad(iri(statement), iri(wikibase('rank')), iri(wikibase('NormalRank')), g),
      quad(iri(statement), iri(prov('wasDerivedFrom')), reference, g),
      quad(reference, iri(rdf('type')), iri(wikibase('Reference')), g),
      // The claim graph the count was read from: its quote and sentence.
      quad(reference, iri(rdfs('seeAlso')), iri(value.graph.value), g),
    );
    if (input.articleUrl) out.push(quad(reference, iri(dct('source')), iri(input.articleUrl), g));
    for (const d of description) {
      if (d.predicate.value === m.term('accordingTo')) out.push(quad(reference, d.predicate, d.object, g));
    }
  }
  return out;
}

/** Items carry the labels of the entity they are the same as, as WDQS items carry theirs. */
function itemLabels(facts: Quad[], sameAs: Map<string, string>, g: Quad['graph']): Quad[] {
  return facts
    .filter((q) => (q.predicate.value === rdfs('label') || q.predicate.value === skos('altLabel')) && sameAs.has(q.subject.value))
    .map((q) => quad(iri(sameAs.get(q.subject.value)!), q.predicate, q.object, g));
}

function ancestors(start: string, parents: Map<string, string[]>): string[] {
  const seen: string[] = [];
  const queue = [...(parents.get(start) ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.includes(next)) continue;
    seen.push(next);
    queue.push(...(parents.get(next) ?? []));
  }
  return seen;
}

function push<V>(map: Map<string, V[]>, key: string, value: V) {
  const existing = map.get(key);
  if (existing) existing.push(value);
  else map.set(key, [value]);
}

function dedupe(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const key = `${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.termType}:${q.object.value}:${q.object.termType === 'Literal' ? q.object.datatype.value + q.object.language : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
