// The warm-up in a thread of its own (http/warm-off-thread.ts): the documents it sends back are the
// bytes the server would render itself, a document asked for while it runs is rendered by it, and
// a publication replaced meanwhile stops it and keeps nothing.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, type BuiltGraph } from '../../src/graph/build.js';
import { jsonLdContext } from '../../src/graph/context.js';
import { graphNames } from '../../src/graph/graph-names.js';
import { DOCUMENT_KEYS, ENCODINGS, linkedDataDocuments, type LinkedDataDocuments } from '../../src/publication/documents.js';
import { ROOT } from '../helpers/fixtures.js';

let graph: BuiltGraph;
let context: { '@context': Record<string, unknown> };
const stylesheet = Buffer.from('body { color: black }');
const documents = (cacheBytes = 64 * 1024 * 1024): LinkedDataDocuments => linkedDataDocuments(graph, context, stylesheet, { cacheBytes });

beforeAll(async () => {
  graph = await buildGraph({
    base: 'http://localhost:8080/',
    dataDir: join(ROOT, 'data'),
    ontologyDir: join(ROOT, 'ontology'),
    root: ROOT,
  });
  const ontologyGraph = graphNames(graph.minter).ontology;
  context = jsonLdContext(
    graph.quads.filter((q) => q.graph.value === ontologyGraph),
    graph.minter,
  );
}, 60_000);

describe('the warm-up thread', () => {
  it('sends back every document, byte for byte what this thread renders', async () => {
    const offThread = documents();
    const here = documents();
    await Promise.all([offThread.warm(), here.renderAll()]);
    expect(offThread.entities.heldBytes).toBe(here.entities.heldBytes);
    for (const slug of here.entities.slugs) {
      for (const key of DOCUMENT_KEYS) {
        for (const encoding of [undefined, ...ENCODINGS]) {
          const held = offThread.entities.peek(slug, key, encoding);
          const expected = here.entities.peek(slug, key, encoding);
          expect(held, `${slug} ${key} ${encoding ?? 'identity'}`).toBeDefined();
          expect(Buffer.isBuffer(held!.rep.body)).toBe(true);
          expect(held!.rep.etag, `${slug} ${key} ${encoding ?? 'identity'}`).toBe(expected!.rep.etag);
          // Each body holds just its own bytes, on either side (see representation.ts).
          for (const { rep } of [held!, expected!])
            expect(rep.body.buffer.byteLength, `${slug} ${key} ${encoding ?? 'identity'}`).toBe(rep.body.length);
        }
      }
    }
    for (const make of ['ontology', 'void'] as const) {
      const [a, b] = await Promise.all([offThread[make](), here[make]()]);
      expect([...a.keys()]).toEqual([...b.keys()]);
      for (const [key, rep] of a) expect(rep.etag, `${make} ${key}`).toBe(b.get(key)!.etag);
    }
    expect((await offThread.landing()).etag).toBe((await here.landing()).etag);
    const [dumpsA, dumpsB] = await Promise.all([offThread.dumps(), here.dumps()]);
    expect([...dumpsA.values()].map((d) => [d.name, d.sha256, d.body.length])).toEqual(
      [...dumpsB.values()].map((d) => [d.name, d.sha256, d.body.length]),
    );
    expect(Buffer.isBuffer(dumpsA.values().next().value!.body)).toBe(true);
  }, 60_000);

  it('renders a document asked for while it runs', async () => {
    const docs = documents();
    const warming = docs.warm();
    const last = docs.entities.slugs.at(-1)!;
    // Asked for at once, long before the warm-up reaches the last entity.
    const [asked, landing] = await Promise.all([docs.entities.get(last, 'html'), docs.landing()]);
    expect(asked.rep.body.toString()).toContain('<!doctype html>');
    expect(landing.body.toString()).toContain('<!doctype html>');
    await warming;
    expect(docs.entities.peek(last, 'html')?.rep.etag).toBe(asked.rep.etag);
    // The landing page asked for meanwhile is the warm-up's own copy.
    expect(await docs.landing()).toBe(landing);
  }, 60_000);

  it('renders a claim, a link, a graph or the shapes asked for while it runs, as this thread would', async () => {
    const docs = documents();
    const here = documents();
    const warming = docs.warm();
    const names = ['claim/imjin-war', 'link/Busan', 'graph/curation', 'shapes'];
    const asked = await Promise.all(names.flatMap((n) => [docs.minted().get(n, 'nq'), docs.minted().get(n, 'html')]));
    await warming;
    for (const [i, n] of names.entries()) {
      expect(asked[2 * i]!.rep.etag, n).toBe((await here.minted().get(n, 'nq')).rep.etag);
      expect(asked[2 * i + 1]!.rep.etag, n).toBe((await here.minted().get(n, 'html')).rep.etag);
    }
  }, 60_000);

  it('stops, keeping nothing, when its publication is replaced', async () => {
    const docs = documents();
    let current = true;
    const warming = docs.warm(() => current);
    current = false;
    await warming;
    expect(docs.entities.heldBytes).toBe(0);
    // Still served: rendered on request.
    expect((await docs.entities.get(docs.entities.slugs[0]!, 'ttl')).rep.body.length).toBeGreaterThan(0);
  }, 60_000);

  it('keeps within the cache budget, as the warm-up in this thread does', async () => {
    const budget = 1024 * 1024;
    const offThread = documents(budget);
    const here = documents(budget);
    await Promise.all([offThread.warm(), here.renderAll()]);
    expect(offThread.entities.heldBytes).toBeGreaterThan(0);
    expect(offThread.entities.heldBytes).toBeLessThanOrEqual(budget);
    expect(offThread.entities.heldBytes).toBe(here.entities.heldBytes);
  }, 60_000);
});
