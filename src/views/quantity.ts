// A reported quantity as a reader wants it in place of its IRI: "8,500 Koreans killed, according to
// Japanese records", "1,200–8,500 killed", "more than 50 warships armed with cannon", "unknown (?)".
// Read from the quantity's own statements, so the hedge and the attribution travel with the number.
import type { Minter } from '../rdf/namespaces.js';
import { rdf } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';

const number = (n: string) => Number(n).toLocaleString('en');

/** The text of one quantity from its statements (predicate → values), or undefined if it has no count. */
export function quantityText(props: Map<string, string[]>, m: Minter): string | undefined {
  const one = (local: string) => props.get(m.term(local))?.[0];
  const [value, minimum, maximum, unit, raw, according] = ['value', 'minimum', 'maximum', 'unit', 'rawValue', 'accordingTo'].map(one);
  const counting = (n: string) => (unit ? `${n} ${unit}` : n);
  let text: string | undefined;
  if (value !== undefined) text = counting(number(value));
  else if (minimum !== undefined && maximum !== undefined) text = counting(`${number(minimum)}–${number(maximum)}`);
  // "more than 50" is stored as a minimum of 51: the article's words say it better than the bound.
  else if (minimum !== undefined) text = raw ?? counting(`at least ${number(minimum)}`);
  else if (one('unknown') === 'true') text = `unknown (“${raw ?? '?'}”)`;
  if (text === undefined) return undefined;
  return according ? `${text}, according to ${according}` : text;
}

/** Quantity IRI → its text, for every bo:Quantity described in the quads. */
export function quantityTexts(quads: Quad[], m: Minter): Map<string, string> {
  const bySubject = new Map<string, Map<string, string[]>>();
  for (const q of quads) {
    const props = bySubject.get(q.subject.value) ?? bySubject.set(q.subject.value, new Map()).get(q.subject.value)!;
    props.set(q.predicate.value, [...(props.get(q.predicate.value) ?? []), q.object.value]);
  }
  const out = new Map<string, string>();
  for (const [iri, props] of bySubject) {
    if (!props.get(rdf('type'))?.includes(m.term('Quantity'))) continue;
    const text = quantityText(props, m);
    if (text) out.set(iri, text);
  }
  return out;
}
