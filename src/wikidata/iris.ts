// Wikidata's IRI layout: which namespaces hold an identifier, what a well-formed one looks like,
// and how to find them in any text (data files, docs). One place, so the checks and the view agree.

/** Well formed: http, host www.wikidata.org, one of the namespaces, then Q or P and digits without a leading zero. */
const WELL_FORMED =
  /^http:\/\/www\.wikidata\.org\/(entity|prop\/direct|prop|prop\/statement|prop\/qualifier|prop\/reference)\/([QP][1-9]\d*)$/;

export function wikidataId(iri: string): string | undefined {
  const m = WELL_FORMED.exec(iri);
  if (!m) return undefined;
  const [, ns, id] = m as unknown as [string, string, string];
  // Items live only under entity/; properties under any of the namespaces.
  if (id.startsWith('Q') && ns !== 'entity') return undefined;
  return id;
}

export const isWikidataIri = (iri: string) => /^https?:\/\/(www\.|m\.)?wikidata\.org\//.test(iri);

export interface Mention {
  id: string;
  line: number;
  text: string;
}

/**
 * Every Wikidata identifier a text names: full IRIs, prefixed names (wd:Q…, wdt:P…, p:/ps:/pq:/pr:),
 * QuickStatements-style bare ids are not matched, so prose like "P-ids" is left alone.
 */
export function wikidataMentions(text: string): Mention[] {
  const found: Mention[] = [];
  const pattern =
    /(?:wikidata\.org\/(?:wiki\/|entity\/|prop\/(?:direct\/|statement\/|qualifier\/|reference\/)?)|\b(?:wd|wdt|p|ps|pq|pr):)([QP]\d+)\b/g;
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(pattern)) found.push({ id: m[1]!, line: i + 1, text: m[0] });
  });
  return found;
}
