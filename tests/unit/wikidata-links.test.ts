// links check: offline by default; online, labels compared with Special:EntityData, and an
// unreachable Wikidata skips the check with a clear message instead of failing.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildGraph, type BuiltGraph } from '../../src/graph/build.js';
import { linksCheck } from '../../src/commands/wikidata.js';
import type { Fetch } from '../../src/wikidata/links.js';

let graph: BuiltGraph;
beforeAll(async () => {
  const config = loadConfig({});
  graph = await buildGraph({ base: 'http://localhost:8080/', dataDir: config.dataDir, ontologyDir: config.ontologyDir });
});

async function run(online: boolean, fetch?: Fetch, evidencePath?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await linksCheck(graph, {
    online,
    ...(fetch ? { fetch } : {}),
    ...(evidencePath ? { evidencePath } : {}),
    log: (l) => out.push(l),
    error: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const entityData = (qid: string, label: string, aliases: string[] = []) => ({
  entities: { [qid]: { labels: { en: { value: label } }, aliases: { en: aliases.map((value) => ({ value })) } } },
});

describe('links check', () => {
  it('passes offline and says the online check was not run', async () => {
    const r = await run(false);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/all well formed and evidenced/);
    expect(r.out).toMatch(/online label check not run/);
  });

  it('fails with a clear message when the evidence list is missing', async () => {
    const r = await run(false, undefined, '/nonexistent/ids.md');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read the evidence list/);
  });

  it('skips the online check, without failing, when Wikidata cannot be reached', async () => {
    const offline: Fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const r = await run(true, offline);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/skipped: Wikidata is not reachable \(fetch failed\)/);
  });

  it("compares each item's Wikidata label and aliases with our labels", async () => {
    const asked: string[] = [];
    const fake: Fetch = async (url) => {
      asked.push(url);
      const qid = url.match(/(Q\d+)\.json$/)![1]!;
      const body =
        qid === 'Q497046'
          ? entityData(qid, 'Siege of Busan')
          : qid === 'Q8684'
            ? entityData(qid, 'Seoul')
            : entityData(qid, 'Somewhere else');
      return { ok: true, status: 200, json: async () => body };
    };
    const r = await run(true, fake);
    expect(asked).toContain('https://www.wikidata.org/wiki/Special:EntityData/Q497046.json');
    expect(r.out).toMatch(/review: Q497046: Wikidata calls it "Siege of Busan"/);
    expect(r.out).not.toMatch(/review: Q8684/); // Seoul is Hanseong's spelling
    expect(r.code).toBe(0);
  });

  it('fails when Wikidata does not serve a linked item', async () => {
    const gone: Fetch = async () => ({ ok: false, status: 404, json: async () => ({}) });
    const r = await run(true, gone);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Special:EntityData answered 404/);
  });
});
