// Wikidata identifiers named in the project's text files (data, ontology, docs, README, source):
// each must be in the evidence list, prose included, so a guessed QID cannot hide in a comment.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { evidenceFor, type EvidenceList } from './evidence.js';
import { wikidataMentions } from './iris.js';

export const SCANNED = ['data', 'ontology', 'docs', 'src', 'README.md'];
const TEXT = /\.(ttl|trig|nt|nq|jsonld|json|md|ts|txt|html)$/;

export function projectTextFiles(root: string, entries = SCANNED): string[] {
  const walk = (path: string): string[] => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return [];
    }
    if (!stat.isDirectory()) return TEXT.test(path) ? [path] : [];
    return readdirSync(path)
      .sort()
      .flatMap((name) => walk(join(path, name)));
  };
  return entries.flatMap((e) => walk(join(root, e)));
}

/** "file:line: text" for each identifier the evidence list lacks. */
export function unevidencedMentions(root: string, evidence: EvidenceList, files = projectTextFiles(root)): string[] {
  return files.flatMap((path) =>
    wikidataMentions(readFileSync(path, 'utf8'))
      .filter((m) => !evidenceFor(evidence, m.id))
      .map((m) => `${relative(root, path)}:${m.line}: ${m.text}`),
  );
}
