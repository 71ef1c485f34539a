// /reconcile over HTTP, held to the W3C Entity Reconciliation API 0.2 JSON Schemas (read from
// ../shared/reconciliation-api, never copied): the manifest, batched queries by GET, form POST and
// JSON POST, suggest, flyout, preview, property proposals and data extension; the spec's valid
// query examples answered, its invalid ones refused with 400 and the reason.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { RunningServer } from '../../src/server.js';
import { BASE, startTestServer } from '../helpers/server.js';

const SPEC = resolve(PROJECT_ROOT, '..', 'shared', 'reconciliation-api', '0.2');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;
const examples = (kind: string, validity: 'valid' | 'invalid') => {
  const dir = join(SPEC, 'examples', kind, validity);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => [n, readJson(join(dir, n))] as const);
};

// The schemas are written for draft-04/07 and reference each other by $id: register them all,
// leave meta-schema checks off (their "$schema" is the unversioned draft URI).
const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
// ajv-formats is CommonJS with a default export: under NodeNext its plugin is at .default.
const addFormats = (formats as unknown as { default: (a: Ajv) => Ajv }).default;
addFormats(ajv);
for (const name of readdirSync(join(SPEC, 'schemas'))) ajv.addSchema(readJson(join(SPEC, 'schemas', name)) as object, name);
const schema = (name: string): ValidateFunction => ajv.getSchema(name)!;

function expectValid(name: string, body: unknown) {
  const validate = schema(name);
  const ok = validate(body);
  expect(ok, `${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`).toBe(true);
}

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const url = (path: string) => new URL(path, server.url);
const getJson = async (path: string) => {
  const res = await fetch(url(path));
  expect(res.status, path).toBe(200);
  return res.json() as Promise<any>;
};
const reconcileGet = (batch: unknown) => getJson(`/reconcile?queries=${encodeURIComponent(JSON.stringify(batch))}`);
const reconcileForm = async (batch: unknown) => {
  const res = await fetch(url('/reconcile'), { method: 'POST', body: new URLSearchParams({ queries: JSON.stringify(batch) }) });
  expect(res.status).toBe(200);
  return res.json() as Promise<any>;
};
const reconcileJson = async (batch: unknown) => {
  const res = await fetch(url('/reconcile'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<any>;
};

describe('the schemas themselves', () => {
  it("accept the spec's valid examples and refuse its invalid ones (so the validator is not vacuous)", () => {
    for (const [kind, name] of [
      ['manifest', 'manifest.json'],
      ['reconciliation-query-batch', 'reconciliation-query-batch.json'],
      ['reconciliation-result-batch', 'reconciliation-result-batch.json'],
      ['data-extension-response', 'data-extension-response.json'],
    ] as const) {
      for (const [file, doc] of examples(kind, 'valid')) expect(schema(name)(doc), `${kind}/valid/${file}`).toBe(true);
      for (const [file, doc] of examples(kind, 'invalid')) expect(schema(name)(doc), `${kind}/invalid/${file}`).toBe(false);
    }
  });
});

describe('GET /reconcile (manifest)', () => {
  it('is a valid 0.2 manifest at the public base, with CORS open', async () => {
    const res = await fetch(url('/reconcile'));
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const m = await res.json();
    expectValid('manifest.json', m);
    expect(m).toMatchObject({ versions: ['0.2'], identifierSpace: `${BASE}resource/`, schemaSpace: `${BASE}ontology#` });
    expect(m.view.url).toBe(`${BASE}resource/{{id}}`);
  });
});

describe('reconciliation queries', () => {
  const batch = {
    q0: { query: 'Chong Pal' },
    q1: { query: 'Jeong Bal', type: 'Person' },
    q2: { query: 'busan', type: ['Fortification'], limit: 3 },
    q3: { query: 'Busan' },
  };

  it('answers a batch by GET, form POST and JSON POST alike, valid against the result schema', async () => {
    const a = await reconcileGet(batch);
    expectValid('reconciliation-result-batch.json', a);
    expect(await reconcileForm(batch)).toEqual(a);
    expect(await reconcileJson(batch)).toEqual(a);
    expect(Object.keys(a).sort()).toEqual(['q0', 'q1', 'q2', 'q3']);
  });

  it('ranks an exact label or spelling first, with match only when certain', async () => {
    const r = await reconcileGet(batch);
    expect(r.q0.result[0]).toMatchObject({ id: 'Jeong_Bal', name: 'Chŏng Pal', match: true });
    expect(r.q1.result[0]).toMatchObject({ id: 'Jeong_Bal', match: true, type: [{ id: 'Person', name: 'person' }] });
    expect(r.q0.result[0].score).toBe(99.9); // the label, folded
    expect(r.q1.result[0].score).toBe(99.8); // a spelling, exactly
    expect(r.q1.result[1]?.score ?? 0).toBeLessThan(90);
    expect(r.q2.result.map((c: any) => c.id)).toEqual(['Busan_Castle']);
    expect(r.q3.result[0]).toMatchObject({ id: 'Busan', match: true });
    expect(r.q3.result.slice(1).every((c: any) => c.match === false && c.score < r.q3.result[0].score)).toBe(true);
  });

  it('filters by type (any/all) and prefers it with type_strict "should"', async () => {
    const r = await reconcileGet({
      any: { query: 'Konishi', type: ['Person', 'MilitaryUnit'] },
      all: { query: 'Konishi', type: ['Person', 'MilitaryUnit'], type_strict: 'all' },
      should: { query: 'Konishi', type: 'MilitaryUnit', type_strict: 'should' },
      iri: { query: 'Konishi', type: `${BASE}ontology#Person` },
    });
    expect(r.any.result.map((c: any) => c.id)).toEqual(expect.arrayContaining(['Konishi_Yukinaga', 'Konishi_detachment']));
    expect(r.all.result).toEqual([]);
    // Not a filter: the person stays, its score lowered by a tenth for not being a military unit.
    const person = (list: any[]) => list.find((c) => c.id === 'Konishi_Yukinaga');
    expect(person(r.should.result).score).toBeCloseTo(person(r.any.result).score * 0.9, 0);
    expect(r.should.result.map((c: any) => c.id)).toContain('Konishi_detachment');
    expect(r.iri.result.map((c: any) => c.id)).toEqual(['Konishi_Yukinaga']);
  });

  it('counts a subclass as its superclass: Dadaejin is a place, the Imjin War an event', async () => {
    const r = await reconcileGet({
      fort: { query: 'Dadaejin', type: 'Place' },
      war: { query: 'Imjin War', type: 'Event' },
      siege: { query: 'Siege of Busanjin', type: 'Battle', type_strict: 'all' },
      person: { query: 'Dadaejin', type: 'Person' },
    });
    expectValid('reconciliation-result-batch.json', r);
    expect(r.fort.result[0]).toMatchObject({ id: 'Dadaejin', type: [{ id: 'Fortification' }] });
    expect(r.war.result[0]).toMatchObject({ id: 'Imjin_War', type: [{ id: 'War' }] });
    expect(r.siege.result[0]).toMatchObject({ id: 'Siege_of_Busanjin' });
    expect(r.person.result.map((c: any) => c.id)).not.toContain('Dadaejin');
    const suggested = await getJson('/reconcile/suggest/entity?prefix=Dada&type=Place');
    expect(suggested.result.map((c: any) => c.id)).toContain('Dadaejin');
  });

  it('uses property constraints to score and to find without a name', async () => {
    const r = await reconcileGet({
      withProp: { query: 'Pak', properties: [{ pid: 'allegiance', v: { id: 'Kingdom_of_Joseon' } }] },
      wrongProp: { query: 'Pak Hong', properties: [{ pid: 'allegiance', v: 'Toyotomi Japan' }] },
      onlyProps: { properties: [{ pid: 'commander', v: 'Konishi' }] },
      date: { query: 'landing', properties: [{ pid: 'date', v: '1592-05-24' }] },
    });
    expectValid('reconciliation-result-batch.json', r);
    expect(r.withProp.result[0]).toMatchObject({ id: 'Pak_Hong' });
    expect(r.withProp.result[0].features).toEqual([
      { id: 'name', value: expect.any(Number) },
      { id: 'property:allegiance', value: true },
    ]);
    expect(r.wrongProp.result[0]).toMatchObject({ id: 'Pak_Hong', match: false, score: 50 });
    expect(r.onlyProps.result.map((c: any) => c.id)).toEqual(
      expect.arrayContaining(['Battle_of_Dadaejin', 'Japanese_invasion_force', 'Konishi_detachment']),
    );
    expect(r.date.result[0].id).toBe('Japanese_landing');
  });

  it("answers each of the spec's valid query examples with a valid result batch", async () => {
    for (const [file, doc] of examples('reconciliation-query-batch', 'valid')) {
      const r = await reconcileForm(doc);
      expectValid('reconciliation-result-batch.json', r);
      expect(Object.keys(r).sort(), file).toEqual(Object.keys(doc as object).sort());
    }
  });

  it("refuses each of the spec's invalid query examples with 400 and the reason", async () => {
    const reasons: Record<string, RegExp> = {
      'empty-properties.json': /needs a "query" string or a non-empty "properties"/,
      'empty-query.json': /needs a "query" string or a non-empty "properties"/,
      'misnamed-property.json': /unknown field "props"/,
    };
    for (const [file, doc] of examples('reconciliation-query-batch', 'invalid')) {
      for (const send of [
        () => fetch(url(`/reconcile?queries=${encodeURIComponent(JSON.stringify(doc))}`)),
        () => fetch(url('/reconcile'), { method: 'POST', body: new URLSearchParams({ queries: JSON.stringify(doc) }) }),
        () => fetch(url('/reconcile'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) }),
      ]) {
        const res = await send();
        expect(res.status, file).toBe(400);
        expect(await res.text(), file).toMatch(reasons[file] ?? /./);
      }
    }
  });

  it.each([
    ['not JSON', '{q0:', /queries is not valid JSON/],
    ['an array', '[]', /must be a JSON object/],
    ['a bad type', '{"q0":{"query":"x","type":5}}', /"type" must be a string or an array of strings/],
    ['a bad type_strict', '{"q0":{"query":"x","type_strict":"maybe"}}', /"type_strict" must be one of/],
    ['a bad value', '{"q0":{"properties":[{"pid":"place","v":[null]}]}}', /each value of "v"/],
    ['markup in a query id', '{"<b>x</b>":5}', /query "<b>x<\/b>": must be an object/],
  ])('400 for %s, as text, and the server still answers', async (_what, queries, message) => {
    const res = await fetch(url(`/reconcile?queries=${encodeURIComponent(queries)}`));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(message);
    expect((await fetch(url('/reconcile'))).status).toBe(200);
  });

  it('415 for a body of another type, 400 for malformed JSON', async () => {
    expect((await fetch(url('/reconcile'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect((await fetch(url('/reconcile'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(
      400,
    );
  });
});

describe('suggest, flyout and preview', () => {
  it('suggests entities by prefix, with their types', async () => {
    const r = await getJson('/reconcile/suggest/entity?prefix=chong');
    expectValid('suggest-entities-response.json', r);
    expect(r.result[0]).toMatchObject({ id: 'Jeong_Bal', name: 'Chŏng Pal', notable: [{ id: 'Person', name: 'person' }] });
    const typed = await getJson('/reconcile/suggest/entity?prefix=busan&type=Fortification');
    expect(typed.result.map((x: any) => x.id)).toEqual(['Busan_Castle']);
  });

  it('suggests types and properties', async () => {
    const types = await getJson('/reconcile/suggest/type?prefix=per');
    expectValid('suggest-types-response.json', types);
    expect(types.result[0]).toMatchObject({ id: 'Person', name: 'person' });
    const props = await getJson('/reconcile/suggest/property?prefix=pla');
    expectValid('suggest-properties-response.json', props);
    expect(props.result[0]).toMatchObject({ id: 'place', name: 'place' });
  });

  it('serves a flyout and an HTML preview for an entity, 404 for an unknown one', async () => {
    const fly = await getJson('/reconcile/flyout/entity?id=Jeong_Bal');
    expect(fly).toMatchObject({ id: 'Jeong_Bal', html: expect.stringMatching(/^<p>/) });
    const res = await fetch(url('/reconcile/preview?id=Jeong_Bal'));
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Chŏng Pal');
    expect(html).toContain(`href="${BASE}resource/Jeong_Bal"`);
    const missing = await fetch(url(`/reconcile/preview?id=${encodeURIComponent('<img src=x>')}`));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await fetch(url('/reconcile/suggest/entity'))).status).toBe(400);
    expect((await fetch(url('/reconcile/suggest/nothing?prefix=a'))).status).toBe(404);
  });
});

describe('data extension', () => {
  it('proposes the properties entities of a type have', async () => {
    const r = await getJson('/reconcile/propose_properties?type=Person&limit=5');
    expectValid('data-extension-property-proposal.json', r);
    expect(r.properties.length).toBe(5);
    expect(r.properties.map((p: any) => p.id)).toContain('allegiance');
  });

  it('extends rows with entity, text, date and Wikidata values, valid against the response schema', async () => {
    const query = {
      ids: ['Siege_of_Busanjin', 'Jeong_Bal', 'Nobody'],
      properties: [
        { id: 'date' },
        { id: 'belligerent' },
        { id: 'altLabel', settings: { limit: '5' } },
        { id: 'wikidata' },
        { id: 'killed' },
      ],
    };
    expectValid('data-extension-query.json', query);
    const get = await getJson(`/reconcile?extend=${encodeURIComponent(JSON.stringify(query))}`);
    const post = await (
      await fetch(url('/reconcile'), { method: 'POST', body: new URLSearchParams({ extend: JSON.stringify(query) }) })
    ).json();
    expect(post).toEqual(get);
    expectValid('data-extension-response.json', get);
    const siege = get.rows.Siege_of_Busanjin;
    expect(siege.date).toEqual([{ date: '1592-05-24T00:00:00Z' }]);
    expect(siege.belligerent).toEqual(
      expect.arrayContaining([
        { id: 'Toyotomi_Japan', name: 'Toyotomi Japan' },
        { id: 'Kingdom_of_Joseon', name: 'Kingdom of Joseon' },
      ]),
    );
    expect(siege.wikidata).toEqual([{ str: 'http://www.wikidata.org/entity/Q497046' }]);
    expect(siege.killed).toEqual(expect.arrayContaining([{ str: '8500 Koreans were killed' }]));
    expect(get.rows.Jeong_Bal.altLabel).toEqual(expect.arrayContaining([{ str: 'Jeong Bal' }, { str: 'Joeng Bal' }]));
    expect(get.rows.Nobody).toEqual({ date: [], belligerent: [], altLabel: [], wikidata: [], killed: [] });
    expect(get.meta[0]).toEqual({ id: 'date', name: 'date' });
  });

  it('fills a property from its inverse: what Konishi was commander of, who commanded Busan', async () => {
    const query = {
      ids: ['Konishi_Yukinaga', 'Busan', 'Japanese_invasion_force'],
      properties: [{ id: 'commanderOf' }, { id: 'commander' }],
    };
    const r = await getJson(`/reconcile?extend=${encodeURIComponent(JSON.stringify(query))}`);
    expectValid('data-extension-response.json', r);
    const ids = (cells: any[]) => cells.map((c) => c.id);
    // Stated as "X bo:commander Konishi" only: the other side, through owl:inverseOf.
    expect(ids(r.rows.Konishi_Yukinaga.commanderOf)).toEqual(
      expect.arrayContaining(['Japanese_invasion_force', 'Konishi_detachment', 'Battle_of_Dadaejin']),
    );
    // Stated as "Chŏng Pal bo:commanderOf Busan" only.
    expect(ids(r.rows.Busan.commander)).toEqual(['Jeong_Bal']);
    expect(ids(r.rows.Japanese_invasion_force.commander)).toContain('Konishi_Yukinaga');
    const proposed = await getJson('/reconcile/propose_properties?type=Place');
    expect(proposed.properties.map((p: any) => p.id)).toContain('commander');
  });

  it('400 for an extension query without ids', async () => {
    const res = await fetch(url(`/reconcile?extend=${encodeURIComponent('{"properties":[]}')}`));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/"ids" must be an array/);
  });
});
