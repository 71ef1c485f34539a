// The serializers give the same bytes for the same quads in whatever order they come (a remote
// store answers in an order of its own), blank node labels included: the same graph, the same ETag.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { RDF_FORMATS } from '../../src/rdf/formats.js';
import { serialize } from '../../src/rdf/serialize.js';
import { ROOT } from '../helpers/fixtures.js';

describe('serialize', () => {
  it('writes each format byte for byte alike whatever the order of the quads', async () => {
    const graph = await buildGraph({
      base: 'http://localhost:8080/',
      dataDir: join(ROOT, 'data'),
      ontologyDir: join(ROOT, 'ontology'),
      root: ROOT,
    });
    // A slice with blank nodes (the quote selectors) and several subjects.
    const quads = graph.quads.slice(0, 400);
    expect(quads.some((q) => q.object.termType === 'BlankNode')).toBe(true);
    const reversed = [...quads].reverse();
    const interleaved = [...quads.filter((_, i) => i % 2), ...quads.filter((_, i) => !(i % 2))];
    for (const format of RDF_FORMATS) {
      const expected = await serialize(quads, format);
      expect(await serialize(reversed, format), format.ext).toBe(expected);
      expect(await serialize(interleaved, format), format.ext).toBe(expected);
    }
  });
});
