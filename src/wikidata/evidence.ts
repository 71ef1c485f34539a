// The evidence list (wikidata/ids.md, shared with the curators) read as data: which Wikidata
// items and properties the project may name, with how sure the evidence is. Nothing else may
// appear in data, ontology or docs: an identifier that is not here was guessed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../config.js';

export type Confidence = 'high' | 'medium' | 'low';

export interface Evidence {
  id: string;
  /** The label or description the list gives for it. */
  label: string;
  confidence: Confidence;
  source: string;
}

export interface EvidenceList {
  items: Map<string, Evidence>;
  properties: Map<string, Evidence>;
  /** Identifiers the list names but says are not confirmed: never to be used. */
  unconfirmed: Set<string>;
}

/** Where the evidence list lives beside the project (CI keeps it there too). */
export const DEFAULT_EVIDENCE_PATH = resolve(PROJECT_ROOT, '..', 'shared', 'wikidata', 'ids.md');

export function readEvidence(path = DEFAULT_EVIDENCE_PATH): EvidenceList {
  return parseEvidence(readFileSync(path, 'utf8'));
}

export function parseEvidence(markdown: string): EvidenceList {
  const list: EvidenceList = { items: new Map(), properties: new Map(), unconfirmed: new Set() };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) readItemRow(line, list);
    else if (/^Properties\b/.test(line)) readProperties(line, list);
  }
  return list;
}

// | entity | QID | confidence | source |; one row may list several QIDs ("Q178561 / Q188055").
function readItemRow(line: string, list: EvidenceList) {
  const cells = line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
  if (cells.length < 4) return;
  const [entity, qids, confidence, source] = cells as [string, string, string, string];
  const ids = qids.match(/\bQ\d+\b/g);
  if (!ids) return; // header and separator rows
  const level = confidenceOf(confidence) ?? 'high';
  const labels = entity.split('/').map((s) => s.trim());
  ids.forEach((id, i) => {
    list.items.set(id, { id, label: ids.length === labels.length ? labels[i]! : entity, confidence: level, source: source || 'ids.md' });
  });
}

// "Properties (high unless noted): P31 instance of, …, P598 commander of (medium), … P4791: unconfirmed."
function readProperties(line: string, list: EvidenceList) {
  const defaultLevel = confidenceOf(line.slice(0, line.indexOf(':'))) ?? 'high';
  for (const part of line.slice(line.indexOf(':') + 1).split(/,|\.\s/)) {
    const id = part.match(/\bP\d+\b/)?.[0];
    if (!id) continue;
    if (/unconfirmed/i.test(part)) {
      list.unconfirmed.add(id);
      continue;
    }
    const note = part.match(/\(([^)]*)\)/)?.[1];
    const label = part
      .replace(/\([^)]*\)/g, '')
      .replace(id, '')
      .replace(/[.:"]/g, '')
      .trim();
    list.properties.set(id, { id, label, confidence: (note && confidenceOf(note)) || defaultLevel, source: 'ids.md' });
  }
}

/** "medium-high" counts as medium: the weaker word decides. */
function confidenceOf(text: string): Confidence | undefined {
  const t = text.toLowerCase();
  if (/\blow\b/.test(t)) return 'low';
  if (/\bmedium\b/.test(t)) return 'medium';
  if (/\bhigh\b/.test(t)) return 'high';
  return undefined;
}

/** Evidence for a Wikidata identifier (Q… or P…), if the list has it. */
export function evidenceFor(list: EvidenceList, id: string): Evidence | undefined {
  return (id.startsWith('P') ? list.properties : list.items).get(id);
}
