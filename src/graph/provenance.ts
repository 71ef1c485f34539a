// Provenance: every claim (a named graph of statements) carries a Web Annotation selector, the
// exact quote and its code-point offsets into the source article. The build checks the quote
// is really there, then derives the sentence and section it lies in.
import { type Minter, dct, oa, prov, rdf, rdfs, schema } from '../rdf/namespaces.js';
import { blankNode, en, int, iri, quad, str, type ObjectTerm, type Quad } from '../rdf/terms.js';
import type { SourceText } from './source.js';

export const ARTICLE = 'siege-of-busanjin';

export function selectorQuads(claim: string, exact: string, start: number, end: number, graph: string): Quad[] {
  // Labelled by what it selects, not by n3's process-wide counter: every build labels it alike.
  const sel = blankNode(`sel_${claim.replace(/^.*[/#]/, '').replace(/[^A-Za-z0-9]/g, '_')}_${start}_${end}`);
  const g = iri(graph);
  return [
    quad(iri(claim), iri(oa('hasSelector')), sel, g),
    quad(sel, iri(rdf('type')), iri(oa('TextQuoteSelector')), g),
    quad(sel, iri(rdf('type')), iri(oa('TextPositionSelector')), g),
    quad(sel, iri(oa('exact')), str(exact), g),
    quad(sel, iri(oa('start')), int(start), g),
    quad(sel, iri(oa('end')), int(end), g),
  ];
}

export interface Selector {
  claim: string;
  exact: string;
  start: number;
  end: number;
}

export class ProvenanceError extends Error {
  constructor(readonly problems: string[]) {
    super(`provenance check failed:\n  ${problems.join('\n  ')}`);
    this.name = 'ProvenanceError';
  }
}

/** Reads the selectors of every claim out of the provenance quads. */
export function selectors(quads: Quad[]): { found: Selector[]; problems: string[] } {
  const bySubject = new Map<string, Map<string, string[]>>();
  for (const q of quads) {
    const props = bySubject.get(q.subject.value) ?? new Map<string, string[]>();
    bySubject.set(q.subject.value, props);
    props.set(q.predicate.value, [...(props.get(q.predicate.value) ?? []), q.object.value]);
  }
  const found: Selector[] = [];
  const problems: string[] = [];
  for (const q of quads) {
    if (q.predicate.value !== oa('hasSelector')) continue;
    const claim = q.subject.value;
    const sel = bySubject.get(q.object.value);
    const one = (p: string) => sel?.get(p)?.[0];
    const exact = one(oa('exact'));
    const start = one(oa('start'));
    const end = one(oa('end'));
    if (exact === undefined || start === undefined || end === undefined) {
      problems.push(`${claim}: its selector needs oa:exact, oa:start and oa:end`);
      continue;
    }
    found.push({ claim, exact, start: Number(start), end: Number(end) });
  }
  return { found, problems };
}

/**
 * Checks each quote against the source at its offsets, and derives where it came from:
 * the sentence (bo:sentence) and the article section (prov:wasDerivedFrom).
 */
export function checkAndDerive(all: Selector[], source: SourceText, m: Minter, graph: string): Quad[] {
  const problems: string[] = [];
  const out: Quad[] = [];
  const article = m.source(ARTICLE);
  const g = iri(graph);
  for (const s of all) {
    const actual = source.slice(s.start, s.end);
    if (actual !== s.exact) {
      const hits = source.find(s.exact);
      const hint = hits.length
        ? ` (the quote is at offset ${hits.join(', ')}: try \`busanjin quotes --fix\`)`
        : ' (the quote is nowhere in the source)';
      problems.push(
        `${s.claim}: quote ${JSON.stringify(s.exact)} does not match the source at ${s.start}–${s.end}, which reads ${JSON.stringify(actual)}${hint}`,
      );
      continue;
    }
    const sentence = source.sentenceAt(s);
    const section = source.sectionAt(s.start);
    out.push(quad(iri(s.claim), iri(oa('hasSource')), iri(article), g));
    if (section) out.push(quad(iri(s.claim), iri(prov('wasDerivedFrom')), iri(`${article}#${section.id}`), g));
    if (sentence) out.push(quad(iri(s.claim), iri(m.term('sentence')), iri(sentenceIri(article, sentence)), g));
  }
  if (problems.length) throw new ProvenanceError(problems);
  return out;
}

export function sentenceIri(article: string, span: { start: number; end: number }): string {
  // RFC 5147 fragment identifiers for text/plain: the IRI itself says where the sentence is.
  return `${article}#char=${span.start},${span.end}`;
}

/** The article, its sections and its sentences as resources, so every claim can point at them. */
export function sourceQuads(source: SourceText, m: Minter, graph: string): Quad[] {
  const article = m.source(ARTICLE);
  const g = iri(graph);
  const out: Quad[] = [];
  const add = (s: string, p: string, o: ObjectTerm) => out.push(quad(iri(s), iri(p), o, g));
  add(article, dct('format'), str('text/plain; charset=utf-8'));
  for (const section of source.sections) {
    const id = `${article}#${section.id}`;
    add(id, rdf('type'), iri(m.term('Section')));
    add(id, rdfs('label'), en(section.name));
    add(id, dct('isPartOf'), iri(article));
    add(id, schema('position'), int(source.sections.indexOf(section) + 1));
  }
  for (const sentence of source.sentences) {
    const id = sentenceIri(article, sentence);
    add(id, rdf('type'), iri(m.term('Sentence')));
    add(id, oa('hasSource'), iri(article));
    add(id, dct('isPartOf'), iri(`${article}#${source.sections.find((s) => s.name === sentence.section)!.id}`));
    add(id, rdf('value'), str(sentence.text));
    add(id, schema('position'), int(sentence.index));
    add(id, oa('start'), int(sentence.start));
    add(id, oa('end'), int(sentence.end));
  }
  return out;
}
