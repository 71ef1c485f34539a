// The CLI's Wikidata commands: what they print and their exit codes. The checks themselves are
// in links.ts and quickstatements.ts, so tests call them without a process.
import type { BuiltGraph } from '../graph/build.js';
import { graphNames } from '../graph/graph-names.js';
import { dct } from '../rdf/namespaces.js';
import { DEFAULT_EVIDENCE_PATH, readEvidence } from '../wikidata/evidence.js';
import { checkLinks, checkOnline, type Fetch } from '../wikidata/links.js';
import { quickStatements } from '../wikidata/quickstatements.js';
import { unevidencedMentions } from '../wikidata/mentions.js';
import { PROJECT_ROOT } from '../config.js';

export interface LinksCheckOptions {
  online: boolean;
  evidencePath?: string;
  /** Project root whose data, ontology, docs, README and source are scanned. */
  root?: string;
  fetch?: Fetch;
  log?: (line: string) => void;
  error?: (line: string) => void;
}

export async function linksCheck(graph: BuiltGraph, options: LinksCheckOptions): Promise<number> {
  const log = options.log ?? console.log;
  const error = options.error ?? console.error;
  const path = options.evidencePath ?? DEFAULT_EVIDENCE_PATH;
  let evidence;
  try {
    evidence = readEvidence(path);
  } catch (e) {
    error(`cannot read the evidence list ${path}: ${(e as Error).message}`);
    return 1;
  }
  const report = checkLinks(graph.quads, graph.minter, evidence);
  // Docs and comments too: a guessed QID in prose misleads as much as one in the data.
  report.problems.push(...unevidencedMentions(options.root ?? PROJECT_ROOT, evidence).map((m) => `${m}: not in the evidence list`));
  for (const p of report.problems) error(`problem: ${p}`);
  log(
    `${report.identifiers.length} Wikidata identifiers, ${report.links.length} links (${report.links.filter((l) => l.relation === 'sameAs').length} owl:sameAs): ${report.problems.length ? `${report.problems.length} problem(s)` : 'all well formed and evidenced'}`,
  );
  if (!options.online) {
    log('online label check not run (use --online)');
    return report.problems.length ? 1 : 0;
  }
  const online = await checkOnline(graph.quads, report.links, options.fetch);
  if (!online.reachable) {
    log(`skipped: ${online.message}`);
    return report.problems.length ? 1 : 0;
  }
  for (const c of online.checked) log(`${c.qid}: Wikidata "${c.wikidataLabel ?? '(no English label)'}"`);
  for (const d of online.differences) log(`review: ${d}`);
  for (const p of online.problems) error(`problem: ${p}`);
  return report.problems.length || online.problems.length ? 1 : 0;
}

export function articleUrl(graph: BuiltGraph): string {
  const source = graph.minter.source('siege-of-busanjin');
  const url = graph.quads.find((q) => q.subject.value === source && q.predicate.value === dct('source'))?.object.value;
  if (!url) throw new Error('data/source.ttl gives no dct:source for the article');
  return url;
}

export function exportQuickStatements(
  graph: BuiltGraph,
  out: (line: string) => void = console.log,
  note: (line: string) => void = console.error,
): number {
  const view = graph.quads.filter((q) => q.graph.value === graphNames(graph.minter).wikidata);
  const commands = quickStatements(view, { articleUrl: articleUrl(graph) });
  for (const c of commands) out(c.line);
  note(
    `${commands.length} commands. No S854/S813 reference: those P-ids are not in the evidence list, so each command names the article in its edit summary.`,
  );
  return 0;
}
