// The build: green on the real data, red (with a readable report) on each kind of broken data.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { buildGraph } from '../../src/graph/build.js';
import { SyntaxError as RdfSyntaxError } from '../../src/graph/parse-files.js';
import { ProvenanceError } from '../../src/graph/provenance.js';
import { ValidationError } from '../../src/graph/validate.js';
import { minter } from '../../src/rdf/namespaces.js';
import { serializeBuild } from '../../src/graph/build-off-thread.js';
import { dataCopy, ROOT } from '../helpers/fixtures.js';

const build = (dataDir = join(ROOT, 'data'), ontologyDir = join(ROOT, 'ontology'), base = 'http://localhost:8080/') =>
  buildGraph({ base, dataDir, ontologyDir, root: ROOT });

describe('the real data', () => {
  it('builds, passes SHACL and the provenance check', async () => {
    const graph = await build();
    expect(graph.quads.length).toBeGreaterThan(1500);
    expect(graph.primaryTopic).toBe('http://localhost:8080/resource/Siege_of_Busanjin');
  });

  it('mints every IRI at the configured base, with nothing left at the default one', async () => {
    const base = 'https://data.example.org/busanjin/';
    const graph = await build(undefined, undefined, base);
    const iris = graph.quads
      .flatMap((q) => [q.subject, q.predicate, q.object, q.graph])
      .filter((t) => t.termType === 'NamedNode')
      .map((t) => t.value);
    expect(iris.filter((v) => v.includes('localhost'))).toEqual([]);
    expect(iris).toContain(`${base}resource/Siege_of_Busanjin`);
    expect(iris).toContain(`${base}ontology#Siege`);
    expect(iris).toContain(`${base}claim/infobox-date`);
  });

  it('gives the same graph on every build, blank node labels included (so documents keep their ETags)', async () => {
    // A copy of the data elsewhere, built from another working directory: nothing may depend on where.
    const copy = dataCopy();
    const [a, b] = [
      await build(),
      await buildGraph({ base: 'http://localhost:8080/', dataDir: copy.dataDir, ontologyDir: copy.ontologyDir, root: copy.dir }),
    ];
    const text = (graph: typeof a) => serializeBuild(graph).nquads;
    expect(text(a)).toContain('_:');
    expect(text(b)).toBe(text(a));
  });
});

describe('minter', () => {
  it('lays out the IRIs of the URI policy', () => {
    const m = minter('http://example.org/');
    expect(m.resource('Jeong_Bal')).toBe('http://example.org/resource/Jeong_Bal');
    expect(m.term('Battle')).toBe('http://example.org/ontology#Battle');
    expect(m.ontology).toBe('http://example.org/ontology');
  });
  it.each(['example.org/', 'http://example.org', 'ftp://example.org/'])('rejects the base %s', (base) => {
    expect(() => minter(base)).toThrow(/BASE_URL/);
  });
});

describe('broken data fails the build with a report', () => {
  it('SHACL: a dated event without its calendar names the entity and the shape', async () => {
    const f = dataCopy();
    f.edit('data/inferences.trig', ':Departure_from_Tsushima bo:calendar bo:GregorianCalendar .', '');
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/resource\/Departure_from_Tsushima fails .*DatedEventShape on .*ontology#calendar/);
  });

  it('SHACL: an event ordered after what it ran alongside ("while" is not "then")', async () => {
    const f = dataCopy();
    f.edit(
      'data/timeline.trig',
      ':Attack_on_the_south_gate bo:followedBy :Attack_on_the_north_gate .',
      ':Attack_on_the_south_gate bo:followedBy :Attack_on_the_north_gate . :Battle_of_Dadaejin bo:followedBy :Attack_on_the_south_gate . :Battle_of_Dadaejin bo:concurrentWith :Attack_on_the_north_gate .',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/Battle_of_Dadaejin fails .*EventShape.*ordered after an event it is also said to be concurrent with/);
  });

  it('SHACL: an event both part of the siege and its context', async () => {
    const f = dataCopy();
    f.edit(
      'data/timeline.trig',
      'bo:sequence 1 ; bo:contextOf :Siege_of_Busanjin ;',
      'bo:sequence 1 ; bo:contextOf :Siege_of_Busanjin ; bo:partOf :Siege_of_Busanjin ;',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/Departure_from_Tsushima fails .*EventShape on .*ontology#partOf.*part of another or its context/);
  });

  it('SHACL: weapons put on an event rather than on a force', async () => {
    const f = dataCopy();
    f.edit(
      'data/timeline.trig',
      'bo:armedPrimarilyWith :Bow, :Spear .',
      'bo:armedPrimarilyWith :Bow, :Spear . :Arquebus_fire_from_the_high_ground bo:armedPrimarilyWith :Bow .',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/Arquebus_fire_from_the_high_ground fails .*ArmedShape/);
  });

  it('SHACL: a statue both at and next to the consulate', async () => {
    const f = dataCopy();
    f.edit(
      'data/legacy.trig',
      'bo:near :Japanese_Consulate_in_Busan .',
      'bo:near :Japanese_Consulate_in_Busan ; bo:place :Japanese_Consulate_in_Busan .',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/Statue_of_Jeong_Bal fails .*NearShape/);
  });

  it('SHACL: an inference that quotes, or does not say from what it was inferred', async () => {
    const f = dataCopy();
    f.edit(
      'data/inferences.trig',
      /claim:inferred-letter-author a bo:Inference ;\n {2}prov:wasDerivedFrom claim:letter ;/,
      'claim:inferred-letter-author a bo:Inference ;',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/claim\/inferred-letter-author fails .*InferenceShape.*from which quoted claims/);
  });

  it('provenance: an order that goes round in a circle', async () => {
    const f = dataCopy();
    f.edit(
      'data/timeline.trig',
      ':Death_of_Jeong_Bal bo:followedBy :Fall_of_Busan .',
      ':Death_of_Jeong_Bal bo:followedBy :Fall_of_Busan . :Fall_of_Busan bo:followedBy :Death_of_Jeong_Bal .',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ProvenanceError);
    expect(error.message).toMatch(
      /followedBy goes round in a circle: .*Death_of_Jeong_Bal.*Fall_of_Busan.*Death_of_Jeong_Bal|followedBy goes round in a circle: .*Fall_of_Busan.*Death_of_Jeong_Bal.*Fall_of_Busan/,
    );
  });

  it('SHACL: a range whose minimum exceeds its maximum', async () => {
    const f = dataCopy();
    f.edit('data/timeline.trig', 'bo:minimum 51 ;', 'bo:minimum 51 ; bo:maximum 7 ;');
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/Fleet_of_Pak_Hong#warships fails .*QuantityShape on .*ontology#minimum/);
  });

  it('SHACL: a person with two preferred labels', async () => {
    const f = dataCopy();
    f.edit(
      'data/entities.trig',
      ':Pak_Hong a bo:Person ; rdfs:label "Pak Hong"@en ;',
      ':Pak_Hong a bo:Person ; rdfs:label "Pak Hong"@en, "Park Hong"@en ;',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/resource\/Pak_Hong fails .*(PersonShape|LabelledShape)/);
  });

  it('SHACL: a count typed as a string', async () => {
    const f = dataCopy();
    f.edit('data/timeline.trig', 'bo:value 150 ;', 'bo:value "150" ;');
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/Joseon_fleet#ships fails .*QuantityShape on .*ontology#value/);
  });

  it('provenance: a quote at the wrong offset names the claim and says where it really is', async () => {
    const f = dataCopy();
    f.edit(
      'data/legacy.trig',
      /(oa:exact "It was also the primary Japanese supply base throughout the conflict." ; oa:start )(\d+)/,
      '$11',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ProvenanceError);
    expect(error.message).toMatch(
      /claim\/supply-base: quote "It was also the primary.*" does not match the source at 1–\d+.*the quote is at offset 3950/,
    );
  });

  it('provenance: a quote that is not in the article', async () => {
    const f = dataCopy();
    f.edit(
      'data/legacy.trig',
      'oa:exact "It was also the primary Japanese supply base',
      'oa:exact "It was also the secondary Japanese supply base',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error.message).toMatch(/claim\/supply-base: .*nowhere in the source/);
  });

  it('provenance: a statement outside any claim graph', async () => {
    const f = dataCopy();
    f.edit(
      'data/legacy.trig',
      /\nclaim:statue a bo:Claim/,
      '\n:Busan <http://www.w3.org/2000/01/rdf-schema#comment> "no source"@en .\nclaim:statue a bo:Claim',
    );
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(ProvenanceError);
    expect(error.message).toMatch(/data\/legacy\.trig: .*resource\/Busan .* is outside any claim graph/);
  });

  it('syntax: a typo is reported with file, line and column', async () => {
    const f = dataCopy();
    f.edit('data/legacy.trig', ':Busan bo:historicalRole "Primary landing ground', ':Busan bo:historicalRole "Primary landing ground" "');
    const error = await build(f.dataDir, f.ontologyDir).catch((e) => e);
    expect(error).toBeInstanceOf(RdfSyntaxError);
    expect(error.message).toMatch(/data\/legacy\.trig:\d+:\d+: /);
  });
});

describe('the CLI', () => {
  const run = promisify(execFile);
  // vitest puts its own BASE_URL ("/") into the environment: give the CLI the real default.
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, BASE_URL: 'http://localhost:8080/', ...env },
    });

  it('validate exits 0 on the real data, counting claims and inferences apart', async () => {
    const { stdout } = await cli(['validate']);
    const counted = /^valid: \d+ quads, (\d+) claims, (\d+) inferences/.exec(stdout);
    expect(counted, stdout).not.toBeNull();
    const graph = await build();
    const typed = (type: string) =>
      new Set(
        graph.quads
          .filter(
            (q) => q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' && q.object.value === graph.minter.term(type),
          )
          .map((q) => q.subject.value),
      ).size;
    expect(Number(counted![1])).toBe(typed('Claim'));
    expect(Number(counted![2])).toBe(typed('Inference'));
  });

  it('validate exits non-zero with the report, and no stack trace, on broken data', async () => {
    const f = dataCopy();
    f.edit('data/timeline.trig', 'bo:value 150 ;', 'bo:value "150" ;');
    const error = await cli(['validate'], { DATA_DIR: f.dataDir, ONTOLOGY_DIR: f.ontologyDir }).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/SHACL validation failed/);
    expect(error.stderr).not.toMatch(/ {4}at /);
  });

  it('quotes says every offset is right', async () => {
    const { stdout } = await cli(['quotes']);
    expect(stdout).toMatch(/every quote is at its offsets/);
  });
});
