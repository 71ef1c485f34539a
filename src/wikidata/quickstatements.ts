// `export --quickstatements`: our facts about items that have a QID, as QuickStatements (v1)
// commands an editor can review and run on Wikidata. They are read from the Wikidata view, so
// they say exactly what /sparql answers in Wikidata's vocabulary.
//
// The reference: Wikidata would want S854 (reference URL) and S813 (retrieved). Neither P-id is in
// the evidence list (wikidata/ids.md), and we never write an identifier without evidence, so each
// command carries the article's address as its edit summary (QuickStatements' `/* … */`) instead.
// Add P854/P813 to the evidence list and `referenceProperties` turns them into real references.
//
// No command says more than the article: the view holds no inference of ours and no attributed
// count as a bare number (8,500 killed "according to Japanese records" has no truthy statement, so
// no command). A date is the one place where our inference travels: QuickStatements writes it in the
// Gregorian calendar, which the article does not name, so its summary says the calendar is ours.
import type { Quad } from '../rdf/terms.js';
import { PREFIXES, xsd } from '../rdf/namespaces.js';
import { wikidataId } from './iris.js';

export interface QuickStatementsOptions {
  /** The article the facts come from. */
  articleUrl: string;
  /** Day the article was read (YYYY-MM-DD), for S813. */
  retrieved?: string;
  /** P-ids for the reference URL and retrieved date, only when the evidence list has them. */
  referenceProperties?: { url?: string; retrieved?: string };
}

export interface Command {
  item: string;
  property: string;
  /** The value as QuickStatements writes it: Q…, +YYYY-MM-DDT00:00:00Z/11, a number, "text". */
  value: string;
  line: string;
}

export function quickStatements(viewQuads: Quad[], options: QuickStatementsOptions): Command[] {
  const commands: Command[] = [];
  for (const q of viewQuads) {
    if (!q.predicate.value.startsWith(PREFIXES.wdt)) continue;
    const item = wikidataId(q.subject.value);
    const property = wikidataId(q.predicate.value);
    if (!item?.startsWith('Q') || !property) continue;
    const value = qsValue(q.object);
    if (value === undefined) continue; // an object without a QID cannot be written to Wikidata
    const note = q.object.termType === 'Literal' && q.object.datatype.value === xsd('dateTime') ? CALENDAR_NOTE : undefined;
    commands.push({ item, property, value, line: `${item}|${property}|${value}${reference(options, note)}` });
  }
  return commands.sort((a, b) => a.line.localeCompare(b.line));
}

export const CALENDAR_NOTE = 'the article names no calendar: Gregorian is our inference';

function reference(o: QuickStatementsOptions, note?: string): string {
  const refs = o.referenceProperties;
  const summary = note ? ` /* ${note} */` : '';
  if (refs?.url) {
    const parts = [`S${refs.url.slice(1)}|"${o.articleUrl}"`];
    if (refs.retrieved && o.retrieved) parts.push(`S${refs.retrieved.slice(1)}|+${o.retrieved}T00:00:00Z/11`);
    return `|${parts.join('|')}${summary}`;
  }
  return ` /* source: ${o.articleUrl}${note ? `; ${note}` : ''} */`;
}

/** A term as a QuickStatements value; undefined for what Wikidata could not hold. */
export function qsValue(term: Quad['object']): string | undefined {
  if (term.termType === 'NamedNode') {
    const id = wikidataId(term.value);
    return id?.startsWith('Q') ? id : undefined;
  }
  if (term.termType !== 'Literal') return undefined;
  const type = term.datatype.value;
  // Midnight UTC at day precision (11), the Gregorian calendar being QuickStatements' default.
  if (type === xsd('dateTime')) {
    const day = /^(\d{4}-\d{2}-\d{2})T00:00:00Z$/.exec(term.value)?.[1];
    return day ? `+${day}T00:00:00Z/11` : undefined;
  }
  if (type === xsd('decimal') || type === xsd('integer')) return String(Number(term.value));
  return undefined;
}

/** Parses one command line back (for tests and for reviewing a file). */
export function parseCommand(line: string): { item: string; property: string; value: string; comment?: string } | undefined {
  const m = /^(Q\d+)\|(P\d+)\|([^|/\s]+(?:\/\d+)?)(?:\s+\/\*\s*(.*?)\s*\*\/)?$/.exec(line);
  if (!m) return undefined;
  return { item: m[1]!, property: m[2]!, value: m[3]!, ...(m[4] ? { comment: m[4] } : {}) };
}
