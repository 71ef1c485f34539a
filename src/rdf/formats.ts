// The one table of RDF media types: file extension, media type, and whether the format carries
// named graphs. Routes negotiate against this table; serializers are picked from it.
export interface RdfFormat {
  ext: string;
  mediaType: string;
  /** Other media types clients send for the same format. */
  aliases: string[];
  /** N-Quads and TriG carry the provenance graphs; the others carry the triples. */
  quads: boolean;
  charset: boolean;
}

export const RDF_FORMATS: readonly RdfFormat[] = [
  { ext: 'ttl', mediaType: 'text/turtle', aliases: ['application/x-turtle'], quads: false, charset: true },
  { ext: 'jsonld', mediaType: 'application/ld+json', aliases: ['application/json'], quads: false, charset: false },
  { ext: 'nt', mediaType: 'application/n-triples', aliases: ['text/plain'], quads: false, charset: true },
  { ext: 'nq', mediaType: 'application/n-quads', aliases: ['text/x-nquads'], quads: true, charset: true },
  { ext: 'trig', mediaType: 'application/trig', aliases: [], quads: true, charset: true },
  { ext: 'rdf', mediaType: 'application/rdf+xml', aliases: ['application/xml', 'text/xml'], quads: false, charset: true },
];

export function formatByExt(ext: string): RdfFormat | undefined {
  return RDF_FORMATS.find((f) => f.ext === ext);
}

export function formatByMediaType(type: string): RdfFormat | undefined {
  const t = type.toLowerCase();
  return RDF_FORMATS.find((f) => f.mediaType === t || f.aliases.includes(t));
}

export function contentType(f: RdfFormat): string {
  return f.charset ? `${f.mediaType}; charset=utf-8` : f.mediaType;
}
