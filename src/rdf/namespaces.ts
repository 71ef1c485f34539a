// The one table of vocabularies the project uses. Everything else imports from here,
// so a prefix is declared once and serializers, SPARQL examples and pages agree.
export const PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  prov: 'http://www.w3.org/ns/prov#',
  oa: 'http://www.w3.org/ns/oa#',
  sh: 'http://www.w3.org/ns/shacl#',
  schema: 'http://schema.org/',
  dbo: 'http://dbpedia.org/ontology/',
  sem: 'http://semanticweb.cs.vu.nl/2009/11/sem/',
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  vann: 'http://purl.org/vocab/vann/',
  wd: 'http://www.wikidata.org/entity/',
  wdt: 'http://www.wikidata.org/prop/direct/',
  p: 'http://www.wikidata.org/prop/',
  ps: 'http://www.wikidata.org/prop/statement/',
  pq: 'http://www.wikidata.org/prop/qualifier/',
  pr: 'http://www.wikidata.org/prop/reference/',
  wikibase: 'http://wikiba.se/ontology#',
} as const;

/** Builds IRIs in one vocabulary: `ns.rdfs('label')`. */
function vocabulary(base: string): (local: string) => string {
  return (local) => base + local;
}

export const rdf = vocabulary(PREFIXES.rdf);
export const rdfs = vocabulary(PREFIXES.rdfs);
export const xsd = vocabulary(PREFIXES.xsd);
export const owl = vocabulary(PREFIXES.owl);
export const skos = vocabulary(PREFIXES.skos);
export const dct = vocabulary(PREFIXES.dct);
export const foaf = vocabulary(PREFIXES.foaf);
export const prov = vocabulary(PREFIXES.prov);
export const oa = vocabulary(PREFIXES.oa);
export const schema = vocabulary(PREFIXES.schema);
export const wd = vocabulary(PREFIXES.wd);

/**
 * The IRIs minted at the public base. Data files are written relative to the base
 * (`<resource/Busan>`, `<ontology#Battle>`), so these are the only place a path layout lives.
 */
export interface Minter {
  readonly base: string;
  resource(slug: string): string;
  /** An ontology term, a hash IRI of the ontology document. */
  term(local: string): string;
  ontology: string;
  claim(id: string): string;
  graph(name: string): string;
  source(name: string): string;
}

export function minter(base: string): Minter {
  if (!/^https?:\/\/[^/]+\/(.*\/)?$/.test(base)) {
    throw new Error(`BASE_URL must be an http(s) URL ending with "/": ${base}`);
  }
  return {
    base,
    resource: (slug) => `${base}resource/${slug}`,
    term: (local) => `${base}ontology#${local}`,
    ontology: `${base}ontology`,
    claim: (id) => `${base}claim/${id}`,
    graph: (name) => `${base}graph/${name}`,
    source: (name) => `${base}source/${name}`,
  };
}
