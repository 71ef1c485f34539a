// The search index: every labelled entity with its names folded three ways, made once per
// publication so a query only compares strings. Case and diacritics are folded (chŏng → chong),
// and a romanization key folds the spellings Korean and Japanese names take in McCune–Reischauer,
// Revised Romanization and Hepburn (Chŏng Pal / Jeong Bal, Wŏn Kyun / Won Gyun, Katō / Kato).
import type { Quad } from '../rdf/terms.js';
import { rdf, rdfs, skos } from '../rdf/namespaces.js';
import { normalizeName } from '../rdf/names.js';

export interface SearchHit {
  iri: string;
  label: string;
  types: string[];
  /** 0 < score ≤ 1; 1 is an exact label or spelling. */
  score: number;
  /** The name (label or spelling) that matched best. */
  matched: string;
}

interface IndexedName {
  text: string;
  folded: string;
  key: string;
  tokens: string[];
  keyTokens: string[];
  preferred: boolean;
}

interface Entry {
  iri: string;
  label: string;
  types: string[];
  names: IndexedName[];
}

export interface SearchOptions {
  limit?: number;
  /** Keep only entities of one of these types (IRIs). */
  types?: string[];
}

/** Sorted (token, entry) pairs: the entries with a token that starts with a prefix are one run. */
class PrefixIndex {
  private readonly tokens: string[];
  private readonly owners: Int32Array;

  constructor(pairs: [string, number][]) {
    pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.tokens = pairs.map(([t]) => t);
    this.owners = Int32Array.from(pairs, ([, i]) => i);
  }

  /** The run of tokens starting with `prefix`: [from, to). */
  range(prefix: string): [number, number] {
    const from = this.lowerBound(prefix);
    // Every token that starts with the prefix sorts below the prefix followed by the last code unit.
    return [from, prefix ? this.lowerBound(`${prefix}\uffff`) : this.tokens.length];
  }

  /** Adds to `into` the entries of a run, at most `max` of them. */
  collect([from, to]: [number, number], into: Set<number>, max = Infinity): void {
    for (let i = from; i < to && into.size < max; i++) into.add(this.owners[i]!);
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tokens[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** At most this many names are ranked per query (see SearchIndex.candidates). */
const MAX_SCORED = 5000;
/** Candidates enough to rank a page of results from, once the query's rarer words gave them. */
const ENOUGH = 100;

export class SearchIndex {
  private readonly byIri: Map<string, Entry>;
  /** Every key token of every name; and the first folded token of every name. A name scores
   *  above 0 only if one of its key tokens starts with a query key token, or its folded text
   *  starts with the query's (see scoreName): so the candidates of a query are found here. */
  private readonly keyTokens: PrefixIndex;
  private readonly firstTokens: PrefixIndex;

  private constructor(private readonly entries: Entry[]) {
    this.byIri = new Map(entries.map((e) => [e.iri, e]));
    const keys: [string, number][] = [];
    const firsts: [string, number][] = [];
    entries.forEach((e, i) => {
      for (const n of e.names) {
        for (const t of new Set(n.keyTokens)) keys.push([t, i]);
        if (n.tokens[0]) firsts.push([n.tokens[0], i]);
      }
    });
    this.keyTokens = new PrefixIndex(keys);
    this.firstTokens = new PrefixIndex(firsts);
  }

  /** Indexes the subjects under `resourceBase` that have an rdfs:label. */
  static fromQuads(quads: Quad[], resourceBase: string): SearchIndex {
    const labels = new Map<string, string>();
    const alt = new Map<string, string[]>();
    const types = new Map<string, Set<string>>();
    for (const q of quads) {
      const s = q.subject.value;
      if (q.subject.termType !== 'NamedNode' || !s.startsWith(resourceBase)) continue;
      const p = q.predicate.value;
      if (p === rdfs('label') && !labels.has(s)) labels.set(s, q.object.value);
      else if (p === skos('altLabel')) {
        const list = alt.get(s);
        if (list) list.push(q.object.value);
        else alt.set(s, [q.object.value]);
      } else if (p === rdf('type') && q.object.termType === 'NamedNode') types.set(s, (types.get(s) ?? new Set()).add(q.object.value));
    }
    const entries = [...labels].map(([iri, label]) => ({
      iri,
      label,
      types: [...(types.get(iri) ?? [])].sort(),
      names: [name(label, true), ...[...new Set(alt.get(iri) ?? [])].filter((a) => a !== label).map((a) => name(a, false))],
    }));
    entries.sort((a, b) => a.label.localeCompare(b.label));
    return new SearchIndex(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  entry(iri: string): { iri: string; label: string; types: string[]; names: string[] } | undefined {
    const e = this.byIri.get(iri);
    return e && { iri: e.iri, label: e.label, types: e.types, names: e.names.map((n) => n.text) };
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const q = name(query, true);
    if (!q.folded) return [];
    const wanted = options.types?.length ? new Set(options.types) : undefined;
    const hits: SearchHit[] = [];
    for (const e of this.candidates(q)) {
      if (wanted && !e.types.some((t) => wanted.has(t))) continue;
      let best = 0;
      let matched = e.label;
      for (const n of e.names) {
        const s = scoreName(q, n);
        if (s > best) {
          best = s;
          matched = n.text;
        }
      }
      if (best > 0) hits.push({ iri: e.iri, label: e.label, types: e.types, score: Math.round(best * 1000) / 1000, matched });
    }
    hits.sort((a, b) => b.score - a.score || a.label.length - b.label.length || a.label.localeCompare(b.label));
    return hits.slice(0, options.limit ?? 10);
  }

  /**
   * The entries that can score above 0 for the query, in index order. When there are more than
   * MAX_SCORED (a word every battle of a generated million-quad dataset has), at most MAX_SCORED
   * are ranked: those with the query's rarer words (the rarest holds every name that has all the
   * query's words, scores of 0.7 and up), and some that start with it. Ranking all would cost a
   * scan of the index per query.
   */
  private candidates(q: IndexedName): Entry[] {
    if (!q.keyTokens.length) return this.entries;
    const words = q.keyTokens.map((t) => this.keyTokens.range(t));
    const starting = q.tokens[0] ? this.firstTokens.range(q.tokens[0]) : ([0, 0] as [number, number]);
    const size = ([from, to]: [number, number]) => to - from;
    const found = new Set<number>();
    if (size(starting) + words.reduce((n, w) => n + size(w), 0) <= MAX_SCORED) {
      this.firstTokens.collect(starting, found);
      for (const w of words) this.keyTokens.collect(w, found);
    } else {
      // The rarest words first (a name with every word of the query has the rarest one, and so
      // does a name that starts with the whole query); a common word's names are added only while
      // there are few candidates, since they could only match it in part. Then some names that
      // start with the query's first word.
      for (const w of [...words].sort((a, b) => size(a) - size(b))) {
        if (found.size >= ENOUGH && found.size + size(w) > MAX_SCORED / 5) break;
        this.keyTokens.collect(w, found, MAX_SCORED);
      }
      this.firstTokens.collect(starting, found, found.size + ENOUGH);
    }
    return [...found].sort((a, b) => a - b).map((i) => this.entries[i]!);
  }
}

/**
 * Ranks one name against the query, best first: the exact spelling (1), the same name in another
 * romanization (0.9), the name starting with the query (0.8, 0.75), every query word starting a
 * word of the name (0.7), then the share of query words found (up to 0.5). A preferred label
 * edges out a spelling at the same level.
 */
function scoreName(q: IndexedName, n: IndexedName): number {
  const bonus = n.preferred ? 0.001 : 0;
  if (n.folded === q.folded) return (n.text === q.text ? 1 : 0.999) - (n.preferred ? 0 : 0.002);
  if (n.key === q.key) return 0.9 + bonus;
  if (n.folded.startsWith(q.folded)) return 0.8 + bonus;
  if (n.key.startsWith(q.key)) return 0.75 + bonus;
  const words = q.keyTokens.filter((t) => n.keyTokens.some((w) => w.startsWith(t)));
  if (words.length === q.keyTokens.length) return 0.7 + bonus;
  // Short words ("of", "the") alone say nothing.
  const meaningful = words.filter((w) => w.length > 2);
  return meaningful.length ? (0.5 * meaningful.length) / q.keyTokens.length + bonus : 0;
}

function name(text: string, preferred: boolean): IndexedName {
  const folded = normalizeName(text)
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const key = romanizationKey(folded);
  return { text, folded, key, tokens: folded.split(' ').filter(Boolean), keyTokens: key.split(' ').filter(Boolean), preferred };
}

/**
 * One key for the romanizations of a name, on folded text: RR's eo/eu are MR's ŏ/ŭ (folded to o/u),
 * RR writes j/g/b/d where MR writes ch/k/p/t in the same syllable, Hepburn's long vowels are
 * folded or doubled (Katō, Kato, Katou). Keys may collide for different names: they rank below
 * an exact spelling, never above it.
 */
export function romanizationKey(folded: string): string {
  return folded
    .replace(/eo/g, 'o')
    .replace(/eu/g, 'u')
    .replace(/ou\b/g, 'o')
    .replace(/oo/g, 'o')
    .replace(/uu/g, 'u')
    .replace(/ch/g, 'j')
    .replace(/k/g, 'g')
    .replace(/p/g, 'b')
    .replace(/t/g, 'd');
}
