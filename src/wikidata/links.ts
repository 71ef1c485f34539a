// `links check`: every Wikidata IRI in the built graph is well formed and evidenced, and each
// identity link says what the evidence list says. Online, each linked item's label on Wikidata
// is compared with ours (off by default: the build must never need the network).
import type { Quad } from '../rdf/terms.js';
import { type Minter, owl, rdfs, skos } from '../rdf/namespaces.js';
import { normalizeName } from '../rdf/names.js';
import { evidenceFor, type EvidenceList } from './evidence.js';
import { isWikidataIri, wikidataId } from './iris.js';

export interface Link {
  entity: string;
  relation: 'sameAs' | 'closeMatch';
  qid: string;
  /** bo:confidence of the link graph, if described. */
  confidence?: string;
}

export interface LinkReport {
  links: Link[];
  /** Distinct Wikidata identifiers the graph names. */
  identifiers: string[];
  problems: string[];
}

export function readLinks(quads: Quad[], m: Minter): Link[] {
  const confidence = new Map<string, string>();
  for (const q of quads) if (q.predicate.value === m.term('confidence')) confidence.set(q.subject.value, q.object.value);
  const links: Link[] = [];
  for (const q of quads) {
    const relation = q.predicate.value === owl('sameAs') ? 'sameAs' : q.predicate.value === skos('closeMatch') ? 'closeMatch' : undefined;
    const qid = wikidataId(q.object.value);
    if (!relation || !qid?.startsWith('Q') || !q.subject.value.startsWith(m.resource(''))) continue;
    const c = confidence.get(q.graph.value);
    links.push({ entity: q.subject.value, relation, qid, ...(c ? { confidence: c } : {}) });
  }
  return links;
}

export function checkLinks(quads: Quad[], m: Minter, evidence: EvidenceList): LinkReport {
  const problems: string[] = [];
  const identifiers = new Set<string>();
  for (const q of quads) {
    for (const term of [q.subject, q.predicate, q.object]) {
      if (term.termType !== 'NamedNode' || !isWikidataIri(term.value)) continue;
      const id = wikidataId(term.value);
      if (!id) {
        problems.push(`malformed Wikidata IRI <${term.value}> (expected http://www.wikidata.org/entity/Q… or a prop/ namespace)`);
        continue;
      }
      identifiers.add(id);
      if (!evidenceFor(evidence, id)) problems.push(`${id} (<${term.value}>) is not in the evidence list`);
    }
  }
  const links = readLinks(quads, m);
  for (const link of links) {
    const found = evidenceFor(evidence, link.qid);
    if (!found) continue; // reported above
    if (link.relation === 'sameAs' && found.confidence === 'low') {
      problems.push(`${link.entity} owl:sameAs ${link.qid}: the evidence is low, so the link must be skos:closeMatch`);
    }
    if (link.confidence && link.confidence !== found.confidence) {
      problems.push(`${link.entity} → ${link.qid}: bo:confidence "${link.confidence}" but the evidence list says "${found.confidence}"`);
    }
  }
  const same = new Map<string, string[]>();
  for (const l of links.filter((l) => l.relation === 'sameAs')) same.set(l.qid, [...(same.get(l.qid) ?? []), l.entity]);
  for (const [qid, entities] of same)
    if (entities.length > 1) problems.push(`${qid} is owl:sameAs more than one entity: ${entities.join(', ')}`);
  return { links, identifiers: [...identifiers].sort(), problems };
}

export type Fetch = (
  url: string,
  init?: { signal?: AbortSignal; headers?: Record<string, string> },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export interface OnlineResult {
  /** False when Wikidata could not be reached at all: the check is skipped, not failed. */
  reachable: boolean;
  message?: string;
  /** Items Wikidata does not serve (deleted, redirected away): these fail the check. */
  problems: string[];
  /** Labels that match none of ours: for a curator to review (Wikidata may simply name it otherwise). */
  differences: string[];
  checked: { qid: string; wikidataLabel?: string; ours: string[] }[];
}

/**
 * Fetches Special:EntityData for each linked item and compares its English label and aliases
 * with our labels and spellings (case and diacritics folded). A label that matches neither is
 * listed for a curator to look at (Wikidata calls Q497046 "Siege of Busan"); an item Wikidata does
 * not serve is a problem; an unreachable Wikidata skips the whole check.
 */
export async function checkOnline(
  quads: Quad[],
  links: Link[],
  fetchImpl: Fetch = fetch as unknown as Fetch,
  timeoutMs = 5000,
): Promise<OnlineResult> {
  const labels = new Map<string, string[]>();
  for (const q of quads) {
    if (q.predicate.value !== rdfs('label') && q.predicate.value !== skos('altLabel')) continue;
    labels.set(q.subject.value, [...(labels.get(q.subject.value) ?? []), q.object.value]);
  }
  const result: OnlineResult = { reachable: true, problems: [], differences: [], checked: [] };
  for (const link of links) {
    const ours = labels.get(link.entity) ?? [];
    let body: unknown;
    try {
      const res = await fetchImpl(`https://www.wikidata.org/wiki/Special:EntityData/${link.qid}.json`, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json', 'user-agent': 'busanjin-ld links check' },
      });
      if (!res.ok) {
        result.problems.push(`${link.qid}: Special:EntityData answered ${res.status}`);
        continue;
      }
      body = await res.json();
    } catch (e) {
      return {
        reachable: false,
        message: `Wikidata is not reachable (${(e as Error).message}); online check skipped`,
        problems: [],
        differences: [],
        checked: [],
      };
    }
    const entity = (body as { entities?: Record<string, EntityData> }).entities?.[link.qid];
    const names = [entity?.labels?.en?.value, ...(entity?.aliases?.en ?? []).map((a) => a.value)].filter((v): v is string => !!v);
    const wikidataLabel = names[0];
    result.checked.push({ qid: link.qid, ...(wikidataLabel ? { wikidataLabel } : {}), ours });
    const folded = new Set(ours.map(normalizeName));
    if (!names.some((n) => folded.has(normalizeName(n)))) {
      result.differences.push(
        `${link.qid}: Wikidata calls it ${JSON.stringify(wikidataLabel ?? '(no English label)')}, we call ${link.entity} ${ours.map((o) => JSON.stringify(o)).join(' / ') || '(no label)'}`,
      );
    }
  }
  return result;
}

interface EntityData {
  labels?: Record<string, { value: string }>;
  aliases?: Record<string, { value: string }[]>;
}
