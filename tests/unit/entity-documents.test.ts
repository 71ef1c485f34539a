// The entity documents' cache (http/documents.ts): rendered once on first request, kept within
// its byte budget, compressed forms kept beside the identity bytes, concurrent requests sharing
// one rendering, and the warm-up stopping when the budget is nearly spent.
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EntityDocuments, type DocumentKey } from '../../src/publication/documents.js';
import { representation } from '../../src/rdf/representation.js';

function counting(bodyBytes = 4096) {
  const calls: string[] = [];
  const render = async (slug: string, key: DocumentKey) => {
    calls.push(`${slug}/${key}`);
    await new Promise((r) => setImmediate(r));
    return representation(
      'text/turtle',
      `${slug} ${key} `.repeat(Math.ceil(bodyBytes / (slug.length + key.length + 2))).slice(0, bodyBytes),
    );
  };
  return { calls, render };
}

describe('entity documents', () => {
  it('renders a document once, then answers it from memory', async () => {
    const { calls, render } = counting();
    const docs = new EntityDocuments(['A', 'B'], render, 10_000_000);
    expect(docs.peek('A', 'ttl')).toBeUndefined();
    const first = await docs.get('A', 'ttl');
    const again = docs.peek('A', 'ttl');
    expect(again?.rep).toBe(first.rep);
    await docs.get('A', 'ttl');
    expect(calls).toEqual(['A/ttl']);
  });

  it('concurrent requests for one document share one rendering', async () => {
    const { calls, render } = counting();
    const docs = new EntityDocuments(['A'], render, 10_000_000);
    const all = await Promise.all([docs.get('A', 'html'), docs.get('A', 'html'), docs.get('A', 'html', 'br')]);
    expect(calls).toEqual(['A/html']);
    expect(all[0].rep).toBe(all[1].rep);
  });

  it('keeps compressed forms that decompress to the identity bytes, each with its own ETag', async () => {
    const { render } = counting(8192);
    const docs = new EntityDocuments(['A'], render, 10_000_000);
    const identity = await docs.get('A', 'jsonld');
    const br = await docs.get('A', 'jsonld', 'br');
    const gz = await docs.get('A', 'jsonld', 'gzip');
    expect(br.encoding).toBe('br');
    expect(gz.encoding).toBe('gzip');
    expect(brotliDecompressSync(br.rep.body).equals(identity.rep.body)).toBe(true);
    expect(gunzipSync(gz.rep.body).equals(identity.rep.body)).toBe(true);
    expect(new Set([identity.rep.etag, br.rep.etag, gz.rep.etag]).size).toBe(3);
    expect(docs.peek('A', 'jsonld', 'br')?.rep).toBe(br.rep);
  });

  it('sends a small document as it is, whatever coding is asked for', async () => {
    const { render } = counting(200);
    const docs = new EntityDocuments(['A'], render, 10_000_000);
    const got = await docs.get('A', 'nt', 'br');
    expect(got.encoding).toBeUndefined();
    expect(got.rep.body.length).toBe(200);
    expect(docs.peek('A', 'nt', 'gzip')?.encoding).toBeUndefined();
  });

  it('stays within its byte budget, evicting the least recently used, and renders evicted ones again', async () => {
    const { calls, render } = counting(4096);
    const docs = new EntityDocuments(['A', 'B', 'C', 'D'], render, 3 * 4096);
    for (const slug of ['A', 'B', 'C', 'D']) await docs.get(slug, 'ttl');
    expect(docs.heldBytes).toBeLessThanOrEqual(3 * 4096);
    expect(docs.peek('A', 'ttl')).toBeUndefined();
    expect(docs.peek('D', 'ttl')).toBeDefined();
    await docs.get('A', 'ttl');
    expect(calls.filter((c) => c === 'A/ttl')).toHaveLength(2);
  });

  it('knows its entities without rendering any', () => {
    const { calls, render } = counting();
    const docs = new EntityDocuments(['A', 'B'], render, 1000);
    expect(docs.has('A')).toBe(true);
    expect(docs.has('Z')).toBe(false);
    expect(docs.size).toBe(2);
    expect(calls).toEqual([]);
  });

  it('warm-up renders everything that fits, and stops when the budget is nearly spent', async () => {
    const small = counting(2048);
    const all = new EntityDocuments(['A', 'B'], small.render, 100_000_000);
    await all.warm();
    expect(new Set(small.calls).size).toBe(2 * 8);
    expect(all.peek('B', 'html', 'br')).toBeDefined();

    const big = counting(2048);
    const slugs = Array.from({ length: 100 }, (_, i) => `E${i}`);
    const bounded = new EntityDocuments(slugs, big.render, 200_000);
    await bounded.warm();
    expect(bounded.heldBytes).toBeLessThanOrEqual(200_000);
    // It stopped early instead of rendering all 100 entities through a cache that holds a few.
    expect(new Set(big.calls.map((c) => c.split('/')[0])).size).toBeLessThan(20);
  });

  it('warm-up leaves the cache to the requests once a sample says the documents cannot all fit', async () => {
    const { calls, render } = counting(2048);
    const slugs = Array.from({ length: 100 }, (_, i) => `E${i}`);
    // About 17 KB an entity (8 documents and their compressed forms): 100 of them do not fit in 1 MB.
    const docs = new EntityDocuments(slugs, render, 1_000_000);
    await docs.warm();
    expect(new Set(calls.map((c) => c.split('/')[0])).size).toBe(20);
    expect(docs.heldBytes).toBeLessThan(800_000);
  });

  it('warm-up stops when told to (a publication replaced by a reload)', async () => {
    const { calls, render } = counting(2048);
    const docs = new EntityDocuments(['A', 'B', 'C'], render, 100_000_000);
    let allowed = 1;
    await docs.warm(() => allowed-- > 0);
    expect(new Set(calls.map((c) => c.split('/')[0]))).toEqual(new Set(['A']));
  });

  it('a rendering that fails is not kept: the next request renders again', async () => {
    let fail = true;
    const docs = new EntityDocuments(
      ['A'],
      async () => {
        if (fail) throw new Error('boom');
        return representation('text/turtle', 'ok');
      },
      10_000,
    );
    await expect(docs.get('A', 'ttl')).rejects.toThrow('boom');
    fail = false;
    expect((await docs.get('A', 'ttl')).rep.body.toString()).toBe('ok');
  });
});
