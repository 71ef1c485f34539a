// The reconciliation service's answers (W3C Entity Reconciliation API 0.2, as OpenRefine speaks
// it), computed from the catalog and the search index; the route only reads requests and writes these.
import { normalizeName } from '../rdf/names.js';
import { romanizationKey, type SearchIndex } from '../graph/search-index.js';
import { xsd } from '../rdf/namespaces.js';
import { isOfType, type Catalog, type Term, type Value } from './catalog.js';
import type { ExtendQuery, PropertyValue, ReconQuery } from './batch.js';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

export function manifest(c: Catalog) {
  // Service URLs are the public base without its trailing slash, then the path.
  const url = c.base.replace(/\/$/, '');
  const defaultTypes = ['Battle', 'Person', 'Place', 'Polity', 'MilitaryUnit', 'Event']
    .map((id) => c.types.get(id))
    .filter((t): t is Term => !!t)
    .map(({ id, name }) => ({ id, name }));
  return {
    versions: ['0.2'],
    name: 'Siege of Busanjin (1592)',
    identifierSpace: c.resourceBase,
    schemaSpace: c.termBase,
    documentation: c.base,
    view: { url: `${c.resourceBase}{{id}}` },
    defaultTypes,
    preview: { url: `${url}/reconcile/preview?id={{id}}`, width: 400, height: 140 },
    suggest: {
      entity: { service_url: url, service_path: '/reconcile/suggest/entity', flyout_service_path: '/reconcile/flyout/entity?id=${id}' },
      type: { service_url: url, service_path: '/reconcile/suggest/type' },
      property: { service_url: url, service_path: '/reconcile/suggest/property' },
    },
    extend: {
      propose_properties: { service_url: url, service_path: '/reconcile/propose_properties' },
      property_settings: [
        { name: 'limit', label: 'Limit', type: 'number', default: 0, help_text: 'Maximum number of values per row (0 for all)' },
      ],
    },
  };
}

interface Candidate {
  id: string;
  name: string;
  description?: string;
  score: number;
  match: boolean;
  type: { id: string; name: string }[];
  features: { id: string; value: number | boolean }[];
}

export function reconcileBatch(c: Catalog, index: SearchIndex, batch: Map<string, ReconQuery>): Record<string, { result: Candidate[] }> {
  const out: Record<string, { result: Candidate[] }> = {};
  for (const [key, q] of batch) out[key] = { result: reconcile(c, index, q) };
  return out;
}

/**
 * Candidates for one query. The score (0–100) is the mean of the name's score and one point per
 * property constraint met; an exact label or spelling scores 1 for the name, so it ranks first.
 * `match` is set only on a sole candidate with an exact name and every constraint met.
 */
export function reconcile(c: Catalog, index: SearchIndex, q: ReconQuery): Candidate[] {
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(q.limit ?? DEFAULT_LIMIT)));
  const wanted = q.types.map((t) => typeId(c, t));
  const named = new Map<string, number>();
  if (q.query !== undefined && q.query.trim()) {
    for (const hit of index.search(q.query, { limit: index.size })) named.set(hit.iri.slice(c.resourceBase.length), hit.score);
  } else {
    for (const slug of c.labels.keys()) named.set(slug, 0);
  }
  const hasName = q.query !== undefined && q.query.trim() !== '';
  const candidates: Candidate[] = [];
  for (const [slug, nameScore] of named) {
    const types = c.typesOf.get(slug) ?? [];
    // A type filter matches subclasses too: Dadaejin (a fortification) is a place.
    const typed =
      wanted.length === 0 ||
      (q.typeStrict === 'all' ? wanted.every((t) => isOfType(c, slug, t)) : wanted.some((t) => isOfType(c, slug, t)));
    if (!typed && q.typeStrict !== 'should') continue;
    const met = q.properties.map((p) => propertyMatches(c, slug, p.pid, p.values));
    if (!hasName && !met.some(Boolean)) continue;
    const parts = [...(hasName ? [nameScore] : []), ...met.map((m) => (m ? 1 : 0))];
    let score = (100 * parts.reduce((a, b) => a + b, 0)) / parts.length;
    if (!typed) score *= 0.9; // type_strict "should": a preference, not a filter
    candidates.push({
      id: slug,
      name: c.labels.get(slug) ?? slug,
      ...(c.descriptions.has(slug) ? { description: c.descriptions.get(slug)! } : {}),
      score: Math.round(score * 10) / 10,
      match: false,
      type: types.map((t) => ({ id: t, name: c.types.get(t)?.name ?? t })),
      features: [
        ...(hasName ? [{ id: 'name', value: nameScore }] : []),
        ...q.properties.map((p, i) => ({ id: `property:${p.pid}`, value: met[i]! })),
      ],
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const exact = candidates.filter(
    (x) =>
      (hasName ? (x.features[0]!.value as number) >= 0.99 : true) &&
      x.features.slice(hasName ? 1 : 0).every((f) => f.value === true) &&
      x.score >= 99,
  );
  if (exact.length === 1) exact[0]!.match = true;
  return candidates.slice(0, limit);
}

function propertyMatches(c: Catalog, slug: string, pid: string, wanted: PropertyValue[]): boolean {
  const values = c.values.get(slug)?.get(propertyId(c, pid)) ?? [];
  return wanted.some((w) => values.some((v) => valueMatches(c, v, w)));
}

/** A value given as text matches an entity by any of its spellings ("Konishi" is Konishi Yukinaga). */
function valueMatches(c: Catalog, v: Value, w: PropertyValue): boolean {
  if (typeof w === 'object') return v.entity === w.id || v.text === w.id;
  if (typeof w === 'number') return Number(v.text) === w;
  if (typeof w === 'boolean') return v.text === String(w);
  const fold = (s: string) => romanizationKey(normalizeName(s));
  const names = [v.text, ...(v.entity ? (c.values.get(v.entity)?.get('altLabel') ?? []).map((a) => a.text) : [])];
  return v.entity === w || names.some((n) => fold(n) === fold(w)) || (v.datatype === xsd('date') && w.startsWith(v.text));
}

/** Accepts a type as its id (Person) or its full IRI. */
function typeId(c: Catalog, t: string): string {
  return t.startsWith(c.termBase) ? t.slice(c.termBase.length) : t;
}

function propertyId(c: Catalog, p: string): string {
  return p.startsWith(c.termBase) ? p.slice(c.termBase.length) : p;
}

/** Suggest (entity): names starting like the prefix, or matching it, best first. */
export function suggestEntities(c: Catalog, index: SearchIndex, prefix: string, type: string | undefined, limit: number) {
  const types = type ? [...(c.subtypes.get(typeId(c, type)) ?? [typeId(c, type)])].map((t) => `${c.termBase}${t}`) : undefined;
  return {
    result: index.search(prefix, { limit, ...(types ? { types } : {}) }).map((hit) => {
      const slug = hit.iri.slice(c.resourceBase.length);
      return {
        id: slug,
        name: hit.label,
        ...(c.descriptions.has(slug) ? { description: c.descriptions.get(slug)! } : {}),
        notable: (c.typesOf.get(slug) ?? []).map((t) => ({ id: t, name: c.types.get(t)?.name ?? t })),
      };
    }),
  };
}

/** Suggest (type, property): terms whose id or name starts with, or contains a word starting with, the prefix. */
export function suggestTerms(terms: Iterable<Term>, prefix: string, limit: number) {
  const p = normalizeName(prefix);
  const score = (t: Term) => {
    const id = normalizeName(t.id);
    const name = normalizeName(t.name);
    if (id === p || name === p) return 3;
    if (id.startsWith(p) || name.startsWith(p)) return 2;
    return name.split(' ').some((w) => w.startsWith(p)) ? 1 : 0;
  };
  const result = [...terms]
    .map((t) => ({ t, s: score(t) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.t.name.localeCompare(b.t.name))
    .slice(0, limit)
    .map(({ t }) => ({ id: t.id, name: t.name, ...(t.description ? { description: t.description } : {}) }));
  return { result };
}

/** Properties worth fetching for entities of a type: those its entities actually have. */
export function proposeProperties(c: Catalog, type: string | undefined, limit: number | undefined) {
  const t = type ? typeId(c, type) : undefined;
  const counts = new Map<string, number>();
  for (const [slug, byProp] of c.values) {
    if (t && !isOfType(c, slug, t)) continue;
    for (const pid of byProp.keys()) counts.set(pid, (counts.get(pid) ?? 0) + 1);
  }
  const properties = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit ?? counts.size)
    .map(([id]) => ({ id, name: c.properties.get(id)?.name ?? id }));
  return { ...(type ? { type } : {}), ...(limit !== undefined ? { limit } : {}), properties };
}

type Cell = { id: string; name: string } | { str: string } | { int: number } | { float: number } | { date: string };

export function extend(c: Catalog, q: ExtendQuery) {
  const meta = q.properties.map((p) => {
    const term = c.properties.get(propertyId(c, p.id));
    return { id: p.id, name: term?.name ?? p.id };
  });
  const rows: Record<string, Record<string, Cell[]>> = {};
  for (const id of q.ids) {
    const row: Record<string, Cell[]> = {};
    for (const p of q.properties) {
      const values = c.values.get(id)?.get(propertyId(c, p.id)) ?? [];
      row[p.id] = values.slice(0, p.limit ?? values.length).map(cell);
    }
    rows[id] = row;
  }
  return { meta, rows };
}

function cell(v: Value): Cell {
  if (v.entity) return { id: v.entity, name: v.text };
  switch (v.datatype) {
    case xsd('integer'):
    case xsd('nonNegativeInteger'):
    case xsd('int'):
      return { int: Number(v.text) };
    case xsd('decimal'):
    case xsd('double'):
    case xsd('float'):
      return { float: Number(v.text) };
    case xsd('date'):
      return { date: `${v.text}T00:00:00Z` };
    default:
      return { str: v.text };
  }
}
