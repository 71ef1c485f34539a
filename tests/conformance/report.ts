// docs/CONFORMANCE.md from a run: the counts per suite and every failure with its reason.
import type { Outcome } from './runner.js';

export function conformanceReport(outcomes: Outcome[], notes: Record<string, string> = {}): string {
  const suites = [...new Set(outcomes.map((o) => o.suite))];
  const rows = suites.map((s) => {
    const list = outcomes.filter((o) => o.suite === s);
    return `| ${s} | ${list.filter((o) => o.pass).length} | ${list.filter((o) => !o.pass).length} |`;
  });
  const failures = outcomes.filter((o) => !o.pass);
  const passed = outcomes.length - failures.length;
  return `# SPARQL conformance

Measured with \`npm run conformance\` (\`npm run conformance -- --write\` rewrites this page): the W3C SPARQL 1.1
query tests (\`sparql/sparql11/manifest-sparql11-query.ttl\` and the manifests it includes: evaluation and syntax
tests), the result-format tests (\`manifest-sparql11-results.ttl\`: CSV/TSV and JSON) and the protocol tests
(\`sparql/sparql11/protocol/manifest.ttl\`), read in place from \`../shared/w3c-rdf-tests\`. Each test is sent over
HTTP to the app's own \`/sparql\` route (the same protocol layer, worker pool and row-cap code as the server), with
the test's data loaded into the pool: its default-graph data named by \`default-graph-uri\`, its named graphs by
\`named-graph-uri\` (or the query's own FROM / FROM NAMED). Results compare by result-set equivalence: blank nodes
up to isomorphism, numbers and booleans by value (oxigraph stores values, not lexical forms), row order only under
ORDER BY (the sequence of the sort keys); CSV rows by column name. The endpoint is read-only: an update test of
the protocol suite passes when the update is refused (403). A fast subset (the suites that pass in full, and the
protocol suite) runs in \`npm test\` (tests/conformance/).

**${passed} passed, ${failures.length} failed, ${outcomes.length} in all.**

| suite | passed | failed |
|---|---|---|
${rows.join('\n')}

## Failures

${
  failures.length
    ? failures
        .map((f) => {
          const key = `${f.suite}#${f.test.split('#')[1]}`;
          return `- **${f.suite}: ${f.name}** (\`${key}\`): ${f.reason}.${notes[key] ? ` Why: ${notes[key]}.` : ' Not yet explained.'}`;
        })
        .join('\n')
    : 'None.'
}
`;
}
