// npm run conformance: the W3C SPARQL 1.1 query-evaluation and protocol tests through /sparql.
// Prints the pass and fail counts and every failure; with --write, records them in docs/CONFORMANCE.md.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';
import { querySuites, runProtocolTests, runQueryTest, startEndpoint, type Outcome } from '../tests/conformance/runner.js';
import { conformanceReport } from '../tests/conformance/report.js';

/** Why each known failure fails: each was checked against oxigraph directly (no HTTP, no harness),
 *  so these are the engine's answers (oxigraph 0.5), not the protocol layer's. */
const NOTES: Record<string, string> = {
  'aggregates#agg-groupconcat-04': 'oxigraph keeps the common language tag on GROUP_CONCAT ("1 2"@en); the test expects a simple literal',
  'aggregates#agg-groupconcat-06': 'same cause: GROUP_CONCAT of one "1"@en gives "1"@en, not "1"',
  'aggregates#agg-empty-group-count-graph': 'oxigraph gives one row, with ?g unbound, where the test expects one COUNT row per named graph',
  'bindings#graph': 'for the VALUES row whose ?g is UNDEF, oxigraph leaves ?g unbound instead of giving one solution per named graph',
  'functions#bnode01':
    "oxigraph's BNODE(str) gives the same blank node for the same string across solutions; the spec wants a new one per solution",
  'negation#graph-minus':
    'oxigraph returns no solution; the test expects the MINUS inside GRAPH ?g to remove nothing, since its two sides share no variable',
  'property-path#zero_or_more_set_start': 'on an empty dataset oxigraph gives no zero-length path match for a constant end point',
  'property-path#zero_or_more_set_end': 'as zero_or_more_set_start',
  'property-path#zero_or_one_set_start': 'as zero_or_more_set_start',
  'property-path#zero_or_one_set_end': 'as zero_or_more_set_start',
  'syntax-query#test_4':
    'the query is valid, but it calls an unknown extension function, which oxigraph refuses to evaluate ("custom function not supported"), so the endpoint answers 400 with that message',
  'csv-tsv-res#csv03': 'oxigraph stores numbers as values and writes "1.0E6"^^xsd:double back as 1000000',
  'csv-tsv-res#tsv03': 'oxigraph stores "-3"^^xsd:negativeInteger as an xsd:integer value and writes it back as xsd:integer',
};

const endpoint = await startEndpoint();
const outcomes: Outcome[] = [];
try {
  for (const { suite, tests } of querySuites()) {
    for (const test of tests) outcomes.push(await runQueryTest(endpoint, suite, test));
  }
  outcomes.push(...(await runProtocolTests(endpoint)));
} finally {
  await endpoint.close();
}

const bySuite = new Map<string, Outcome[]>();
for (const o of outcomes) bySuite.set(o.suite, [...(bySuite.get(o.suite) ?? []), o]);
for (const [suite, list] of bySuite) {
  const passed = list.filter((o) => o.pass).length;
  console.log(`${suite.padEnd(20)} ${String(passed).padStart(4)} / ${list.length}`);
}
const failures = outcomes.filter((o) => !o.pass);
for (const f of failures) console.log(`FAIL ${f.suite}: ${f.name} (${f.test.split('/').slice(-1)[0]}): ${f.reason}`);
console.log(`\n${outcomes.length - failures.length} passed, ${failures.length} failed, ${outcomes.length} in all`);
if (process.argv.includes('--write')) {
  writeFileSync(resolve(PROJECT_ROOT, 'docs', 'CONFORMANCE.md'), conformanceReport(outcomes, NOTES));
  console.log('wrote docs/CONFORMANCE.md');
}
// A failure explained above is known (the engine's); any other is a regression and fails the run.
const key = (o: Outcome) => `${o.suite}#${o.test.split('#')[1]}`;
const unexpected = failures.filter((f) => !NOTES[key(f)]);
const fixed = Object.keys(NOTES).filter((k) => outcomes.some((o) => key(o) === k && o.pass));
if (fixed.length) console.log(`now passing, remove from NOTES: ${fixed.join(', ')}`);
console.log(unexpected.length ? `${unexpected.length} unexpected failure(s)` : 'every failure is a known, documented one');
process.exitCode = unexpected.length ? 1 : 0;
