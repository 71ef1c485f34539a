// GET /search over HTTP: the contract of DESIGN.md, the variants, and bad input answered with a
// 400 that says why, the server answering normally after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { BASE, startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string) => fetch(new URL(path, server.url));
const search = async (q: string, extra = '') => {
  const res = await get(`/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json() as Promise<{ query: string; results: { iri: string; label: string; types: string[]; score: number }[] }>;
};

describe('GET /search', () => {
  it('answers {query, results: [{iri, label, types, score}]}', async () => {
    const body = await search('Chong Pal');
    expect(body.query).toBe('Chong Pal');
    expect(body.results[0]).toEqual({
      iri: `${BASE}resource/Jeong_Bal`,
      label: 'Chŏng Pal',
      types: [`${BASE}ontology#Person`],
      score: expect.any(Number),
    });
    for (const r of body.results) expect(Object.keys(r).sort()).toEqual(['iri', 'label', 'score', 'types']);
  });

  it.each(['Chong Pal', 'Jeong Bal', 'chŏng pal', 'JEONG BAL'])('finds Chŏng Pal first for %j', async (q) => {
    expect((await search(q)).results[0]?.label).toBe('Chŏng Pal');
  });

  it('ranks an exact label first and honours limit', async () => {
    const body = await search('Busan', '&limit=3');
    expect(body.results.length).toBe(3);
    expect(body.results[0]).toMatchObject({ iri: `${BASE}resource/Busan`, score: 1 });
  });

  it('answers an empty list when nothing matches', async () => {
    expect((await search('Napoleon')).results).toEqual([]);
  });

  it('escapes the echoed query so it never reads as markup', async () => {
    const res = await get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    const text = await res.text();
    expect(text).not.toContain('<script>');
    expect(JSON.parse(text).query).toBe('<script>alert(1)</script>');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['/search', /Missing query/],
    ['/search?q=', /Missing query/],
    ['/search?q=a&q=b', /Give q once/],
    ['/search?q=busan&limit=0', /limit must be an integer from 1 to 100/],
    ['/search?q=busan&limit=abc', /limit must be an integer/],
    ['/search?q=busan&limit=1000', /limit must be an integer/],
    [`/search?q=${'x'.repeat(201)}`, /longer than 200/],
  ])('400 for %s, and the server still answers', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect((await get('/search?q=busan')).status).toBe(200);
  });

  it('405 for POST', async () => {
    const res = await fetch(new URL('/search?q=busan', server.url), { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
