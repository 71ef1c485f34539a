// The server's build: in a worker thread that exits, giving back the very graph the in-process build
// makes; its failures reported as the build reports them; and a cache that serves the same
// inputs again without building, but never a graph built from other inputs.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { buildKey, readCachedBuild } from '../../src/graph/build-cache.js';
import { buildGraphOffThread } from '../../src/graph/build-off-thread.js';
import { dataCopy, ROOT } from '../helpers/fixtures.js';
import { sameGraph } from '../helpers/rdf.js';

const BASE = 'http://localhost:8080/';
const real = { base: BASE, dataDir: join(ROOT, 'data'), ontologyDir: join(ROOT, 'ontology') };

describe('the build off the main thread', () => {
  it('gives back the graph the in-process build makes (isomorphic), with its source and primary topic', async () => {
    const [inProcess, offThread] = await Promise.all([buildGraph(real), buildGraphOffThread(real)]);
    expect(offThread.quads.length).toBe(inProcess.quads.length);
    expect(sameGraph(offThread.quads, inProcess.quads)).toBe(true);
    expect(offThread.primaryTopic).toBe(inProcess.primaryTopic);
    expect(offThread.source.text).toBe(inProcess.source.text);
    expect(offThread.source.sentences.length).toBe(inProcess.source.sentences.length);
    expect(offThread.minter.base).toBe(BASE);
  }, 60_000);

  it("reports a failing build with the build's own error name and report", async () => {
    const f = dataCopy();
    f.edit('data/timeline.trig', 'bo:value 150 ;', 'bo:value "150" ;');
    const error = await buildGraphOffThread({ base: BASE, dataDir: f.dataDir, ontologyDir: f.ontologyDir }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ValidationError');
    expect((error as Error).message).toMatch(/SHACL validation failed/);
  }, 60_000);
});

describe('the build cache', () => {
  it('keeps a build under the key of its inputs, and reuses it', async () => {
    const f = dataCopy();
    const cache = mkdtempSync(join(tmpdir(), 'busanjin-cache-'));
    const options = { base: BASE, dataDir: f.dataDir, ontologyDir: f.ontologyDir };
    const first = await buildGraphOffThread(options, cache);
    const key = buildKey(options);
    expect(readCachedBuild(cache, key)).toBeDefined();
    const second = await buildGraphOffThread(options, cache);
    // Read from the cache: the same build, to the millisecond of its time.
    expect(second.builtAt.getTime()).toBe(first.builtAt.getTime());
    expect(sameGraph(second.quads, first.quads)).toBe(true);
  }, 60_000);

  it('a changed data file, ontology file or base is another key: the change is built and validated', async () => {
    const f = dataCopy();
    const cache = mkdtempSync(join(tmpdir(), 'busanjin-cache-'));
    const options = { base: BASE, dataDir: f.dataDir, ontologyDir: f.ontologyDir };
    await buildGraphOffThread(options, cache);
    const before = buildKey(options);
    expect(buildKey({ ...options, base: 'http://example.org/' })).not.toBe(before);
    f.edit('ontology/busanjin.ttl', /rdfs:comment "/, 'rdfs:comment "Changed. ');
    expect(buildKey(options)).not.toBe(before);
    // A broken change is not served from the cache: the build runs and fails.
    f.edit('data/timeline.trig', 'bo:value 150 ;', 'bo:value "150" ;');
    await expect(buildGraphOffThread(options, cache)).rejects.toThrow(/SHACL validation failed/);
    // Only the last good build is kept.
    expect(readdirSync(cache).filter((n) => n.endsWith('.json'))).toEqual([`${before}.json`]);
  }, 60_000);

  it('an unwritable cache directory is not an error', async () => {
    // Its parent is a file: no directory can be made there.
    const file = join(mkdtempSync(join(tmpdir(), 'busanjin-cache-')), 'a-file');
    writeFileSync(file, '');
    const graph = await buildGraphOffThread(real, join(file, 'cache'));
    expect(graph.quads.length).toBeGreaterThan(1000);
  }, 60_000);
});
