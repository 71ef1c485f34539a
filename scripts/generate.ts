// A synthetic dataset in the article's ontology, of any size, the same for the same seed: wars made
// of battles, each battle with its events, commanders, polities and places; every statement in a
// claim graph whose provenance (source section, quote selector) is in the provenance graph, as in
// data/. Blank-node free, so a store can load it in chunks.
// Usage: npx tsx scripts/generate.ts --triples 1000000 --seed 1 [--base URL] [--out FILE.nq]
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Writer } from 'n3';
import { minter } from '../src/rdf/namespaces.js';
import { iri, int, literal, namedNode, quad, type ObjectTerm, type Quad } from '../src/rdf/terms.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const SKOS_ALT = 'http://www.w3.org/2004/02/skos/core#altLabel';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const PROV = 'http://www.w3.org/ns/prov#';
const OA = 'http://www.w3.org/ns/oa#';

/** mulberry32: a small, fast, seedable generator; the same seed gives the same dataset everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ba',
  'bu',
  'san',
  'jin',
  'chŏng',
  'pal',
  'won',
  'kyun',
  'pak',
  'hong',
  'so',
  'yo',
  'shi',
  'to',
  'ko',
  'ni',
  'shi',
  'ka',
  'tō',
  'ki',
  'yo',
  'ma',
  'sa',
  'dong',
  'nae',
  'ha',
  'seong',
  'dae',
  'gu',
  'ryu',
  'sŏng',
  'yong',
  'i',
  'sun',
  'sin',
  'gwang',
  'ju',
  'nam',
  'won',
  'ul',
];
const RANKS = ['commander', 'admiral', 'general', 'magistrate', 'captain', 'daimyō'];
const RESULTS = ['victory of the attackers', 'victory of the defenders', 'inconclusive', 'withdrawal'];

/** Streams the quads of a dataset of exactly `triples` statements (quads) to `emit`. */
export function generate(options: { triples: number; seed: number; base: string }, emit: (q: Quad) => void): number {
  const m = minter(options.base);
  const rnd = random(options.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const name = (parts: number) => Array.from({ length: parts }, () => pick(SYLLABLES)).join('');
  const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const ascii = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const bo = (local: string) => iri(`${m.base}ontology#${local}`);
  const provenance = iri(m.graph('provenance'));
  let count = 0;
  let claims = 0;
  const limit = options.triples;
  const put = (s: string, p: string | ReturnType<typeof iri>, o: ObjectTerm, g: ReturnType<typeof iri>) => {
    if (count >= limit) return;
    emit(quad(iri(s), typeof p === 'string' ? iri(p) : p, o, g));
    count++;
  };
  /** One claim: its statements in its own graph, its source and quote in the provenance graph. */
  const claim = (source: string, quote: string, statements: (g: ReturnType<typeof iri>) => void) => {
    const id = `gen-${++claims}`;
    const g = iri(m.claim(id));
    statements(g);
    const selector = `${m.claim(id)}#quote`;
    const start = Math.floor(rnd() * 50_000);
    put(g.value, RDF_TYPE, bo('Claim'), provenance);
    put(g.value, `${PROV}wasDerivedFrom`, iri(source), provenance);
    put(g.value, `${OA}hasSelector`, iri(selector), provenance);
    put(selector, RDF_TYPE, iri(`${OA}TextQuoteSelector`), provenance);
    put(selector, `${OA}exact`, literal(quote), provenance);
    put(selector, `${OA}start`, int(start), provenance);
    put(selector, `${OA}end`, int(start + quote.length), provenance);
  };
  const label = (s: string, text: string, g: ReturnType<typeof iri>) => put(s, RDFS_LABEL, literal(text, 'en'), g);
  const date = (year: number) =>
    literal(
      `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
      namedNode(`${XSD}date`),
    );

  const people: string[] = [];
  const places: string[] = [];
  const polities: string[] = [];
  for (let war = 1; count < limit; war++) {
    const source = m.source(`gen-article-${war}`);
    const warName = `${title(name(2))} War`;
    const warIri = m.resource(`${ascii(warName).replace(/\W+/g, '_')}_${war}`);
    const year = 1400 + Math.floor(rnd() * 400);
    claim(source, `the ${warName}`, (g) => {
      put(warIri, RDF_TYPE, bo('War'), g);
      label(warIri, warName, g);
    });
    for (let k = 0; k < 2; k++) {
      const p = name(2);
      const polity = m.resource(`${title(ascii(p))}_${war}_${k}`);
      polities.push(polity);
      claim(source, `the kingdom of ${title(p)}`, (g) => {
        put(polity, RDF_TYPE, bo('Polity'), g);
        label(polity, `Kingdom of ${title(p)}`, g);
      });
    }
    for (let b = 1; b <= 20 && count < limit; b++) {
      // A new place or a known one; a new commander or a known one: entities are shared, as in history.
      let place: string;
      if (places.length < 10 || rnd() < 0.5) {
        const n = title(name(2));
        place = m.resource(`${ascii(n)}_${places.length}`);
        places.push(place);
        claim(source, `the fort of ${n}`, (g) => {
          put(place, RDF_TYPE, bo(rnd() < 0.5 ? 'Place' : 'Fortification'), g);
          label(place, n, g);
          if (places.length > 1) put(place, bo('locatedIn'), iri(pick(places)), g);
        });
      } else place = pick(places);
      const commanders = [0, 1].map((side) => {
        if (people.length > 20 && rnd() < 0.6) return pick(people);
        const given = title(name(2));
        const family = title(name(1));
        const person = m.resource(`${ascii(family)}_${ascii(given)}_${people.length}`);
        people.push(person);
        claim(source, `${pick(RANKS)} ${family} ${given}`, (g) => {
          put(person, RDF_TYPE, bo('Person'), g);
          label(person, `${family} ${given}`, g);
          put(person, SKOS_ALT, literal(ascii(`${family} ${given}`), 'en'), g);
          put(person, bo('rank'), literal(pick(RANKS), 'en'), g);
          put(person, bo('allegiance'), iri(polities[polities.length - 2 + side]!), g);
        });
        return person;
      });
      const placeLabel = place.slice(m.resource('').length).replace(/_\d+$/, '');
      const battle = m.resource(`Battle_of_${placeLabel}_${war}_${b}`);
      claim(source, `the battle of ${placeLabel} in ${year}`, (g) => {
        put(battle, RDF_TYPE, bo(rnd() < 0.3 ? 'Siege' : 'Battle'), g);
        label(battle, `Battle of ${placeLabel} (${year})`, g);
        put(battle, bo('partOf'), iri(warIri), g);
        put(battle, bo('place'), iri(place), g);
        put(battle, bo('date'), date(year), g);
        put(battle, bo('calendar'), bo('GregorianCalendar'), g);
        put(battle, bo('belligerent'), iri(polities[polities.length - 2]!), g);
        put(battle, bo('belligerent'), iri(polities[polities.length - 1]!), g);
        for (const c of new Set(commanders)) put(battle, bo('commander'), iri(c), g);
        put(battle, bo('result'), literal(pick(RESULTS), 'en'), g);
      });
      for (let e = 1; e <= 4 && count < limit; e++) {
        const event = `${battle}_event_${e}`;
        claim(source, `then, at ${placeLabel}, ${pick(['the landing', 'the assault', 'the breach', 'the retreat'])}`, (g) => {
          put(event, RDF_TYPE, bo('Event'), g);
          label(event, `${placeLabel}: step ${e} of the battle`, g);
          put(event, bo('sequence'), int(e), g);
          put(event, bo('partOf'), iri(battle), g);
          put(event, bo('participant'), iri(pick(commanders)), g);
          put(event, bo('approximate'), literal(rnd() < 0.5 ? 'true' : 'false', namedNode(`${XSD}boolean`)), g);
        });
      }
    }
  }
  return count;
}

async function main() {
  const { values } = parseArgs({
    options: {
      triples: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      base: { type: 'string', default: 'http://localhost:8080/' },
      out: { type: 'string' },
    },
  });
  const triples = Number(values.triples);
  const seed = Number(values.seed);
  if (!Number.isInteger(triples) || triples < 1) throw new Error(`--triples must be a positive integer (got ${values.triples})`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got ${values.seed})`);
  // Written as it is made, in blocks: a million quads never sit in memory.
  const fd = values.out ? openSync(values.out, 'w') : 1;
  const writer = new Writer({ format: 'N-Quads' });
  let block: string[] = [];
  let written = 0;
  const flush = () => {
    // A pipe may take part of a block at a time (and say EAGAIN when full): write until all is out.
    const bytes = Buffer.from(block.join(''));
    for (let at = 0; at < bytes.length;) {
      try {
        at += writeSync(fd, bytes, at);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
    written += block.length;
    block = [];
    process.stderr.write(`\r${written}/${triples} quads`);
  };
  generate({ triples, seed, base: values.base! }, (q) => {
    block.push(writer.quadToString(q.subject, q.predicate, q.object, q.graph));
    if (block.length === 50_000) flush();
  });
  flush();
  process.stderr.write('\n');
  if (fd !== 1) closeSync(fd);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
