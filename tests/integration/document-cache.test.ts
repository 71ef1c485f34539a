// A server whose document cache holds only a few entities (DOCUMENT_CACHE_MB=1) renders the rest
// on request, evicting as it goes: a document rendered again has the same bytes and ETag as the
// first time, and says what the document of a server that holds every document says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { parseRdf, sameGraph } from '../helpers/rdf.js';
import { startTestServer } from '../helpers/server.js';

let small: RunningServer;
let full: RunningServer;

beforeAll(async () => {
  [small, full] = await Promise.all([startTestServer({ DOCUMENT_CACHE_MB: '1' }), startTestServer()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([small?.close(), full?.close()]);
});

const get = (server: RunningServer, path: string, headers: Record<string, string> = {}) =>
  fetch(new URL(path, server.url), { headers: { 'accept-encoding': 'identity', ...headers } });

describe('a document cache smaller than the documents', () => {
  it('renders evicted documents again with the same bytes and ETag, saying what a full server says', async () => {
    const slugs = small.site.current.documents.entities.slugs;
    expect(slugs.length).toBeGreaterThan(50);
    const first = new Map<string, { etag: string | null; body: Buffer }>();
    // Two passes: the second finds most documents evicted by the first.
    for (let pass = 0; pass < 2; pass++) {
      for (const slug of slugs) {
        for (const path of [`data/${slug}.ttl`, `data/${slug}.jsonld`, `data/${slug}.nq`, `page/${slug}`]) {
          const res = await get(small, path);
          expect(res.status, path).toBe(200);
          const seen = { etag: res.headers.get('etag'), body: Buffer.from(await res.arrayBuffer()) };
          if (pass === 0) {
            first.set(path, seen);
            if (path.endsWith('.ttl')) {
              const other = await (await get(full, path)).text();
              expect(sameGraph(parseRdf(seen.body.toString(), 'text/turtle'), parseRdf(other, 'text/turtle')), path).toBe(true);
            }
          } else {
            expect(seen.etag, path).toBe(first.get(path)!.etag);
            expect(seen.body.equals(first.get(path)!.body), path).toBe(true);
          }
        }
      }
    }
    expect(small.site.current.documents.entities.heldBytes).toBeLessThanOrEqual(1024 * 1024);
  }, 120_000);

  it('compresses on request what it had to render again', async () => {
    const slug = 'Siege_of_Busanjin';
    const res = await get(small, `data/${slug}.jsonld`, { 'accept-encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch decompresses: what arrives is the identity document.
    const plain = await (await get(small, `data/${slug}.jsonld`)).arrayBuffer();
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(plain))).toBe(true);
  });

  it('a conditional request for a document no longer in memory is still 304', async () => {
    const first = await get(small, 'data/Busan.ttl');
    const etag = first.headers.get('etag')!;
    // Push Busan's documents out of the cache.
    for (const slug of small.site.current.documents.entities.slugs.slice(0, 40)) await get(small, `page/${slug}`);
    const again = await get(small, 'data/Busan.ttl', { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });
});
