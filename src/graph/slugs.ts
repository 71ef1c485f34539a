// Slugs: the last segment of an entity IRI, and the other spellings people type for it.
// Variants come from the data itself (every rdfs:label and skos:altLabel), so a new spelling
// in data/ redirects without code: "Chŏng_Pal", "Joeng_Bal", "jeong bal" all lead to Jeong_Bal.
import { normalizeName } from '../rdf/names.js';
import { type Minter, rdfs, skos } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';

/** The slug of an entity IRI minted under resource/, or undefined (hash IRIs are not entities). */
export function slugOf(iri: string, m: Minter): string | undefined {
  const prefix = m.resource('');
  if (!iri.startsWith(prefix)) return undefined;
  const slug = iri.slice(prefix.length);
  return slug && !slug.includes('#') && !slug.includes('/') ? slug : undefined;
}

/** How a requested slug is compared with names: underscores are spaces; case and diacritics do not count. */
export function variantKey(slugOrName: string): string {
  return normalizeName(slugOrName.replace(/_/g, ' '));
}

/**
 * Spelling variant key → canonical slug, from the slugs and the labels of every entity.
 * A key two entities share leads nowhere: a redirect must never guess.
 */
export function spellingVariants(quads: Quad[], slugs: Iterable<string>, m: Minter): Map<string, string> {
  const candidates = new Map<string, Set<string>>();
  const add = (key: string, slug: string) => {
    if (!key) return;
    candidates.set(key, (candidates.get(key) ?? new Set()).add(slug));
  };
  const known = new Set(slugs);
  for (const slug of known) add(variantKey(slug), slug);
  for (const q of quads) {
    if (q.predicate.value !== rdfs('label') && q.predicate.value !== skos('altLabel')) continue;
    const slug = slugOf(q.subject.value, m);
    if (slug && known.has(slug)) add(variantKey(q.object.value), slug);
  }
  const variants = new Map<string, string>();
  for (const [key, found] of candidates) if (found.size === 1) variants.set(key, [...found][0]!);
  return variants;
}

export type SlugLookup = { found: string } | { moved: string } | { missing: true };

/** A requested slug: served as it is, redirected to its canonical spelling, or unknown. */
export function lookupSlug(requested: string, known: { has(slug: string): boolean }, variants: Map<string, string>): SlugLookup {
  if (known.has(requested)) return { found: requested };
  const canonical = variants.get(variantKey(requested));
  return canonical ? { moved: canonical } : { missing: true };
}
