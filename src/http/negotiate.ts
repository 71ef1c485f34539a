// Content negotiation as data: each route offers a table of media types, each naming the
// representation it selects; the negotiator (RFC 9110 q-values, wildcards, parameters, q=0)
// picks one. A missing Accept, or one that names no media range at all ("garbage", ";;;"), selects
// the first offer: RFC 9110 §12.5.1 lets a server disregard a field it cannot read, and Turtle is
// the default. A field that names ranges but accepts none of ours (image/png, text/turtle;q=0) is a 406.
import type { IncomingHttpHeaders } from 'node:http';
import Negotiator from 'negotiator';
import { COMPACTED_PROFILE, EXPANDED_PROFILE, type RdfKey } from '../graph/descriptions.js';
import { RDF_FORMATS } from '../rdf/formats.js';
import type { DocumentKey } from '../publication/documents.js';

export interface Offer<K extends string> {
  key: K;
  /** The media type as the negotiator compares it, parameters included. */
  type: string;
}

/** Every RDF media type (and alias) we serve, Turtle first: it is the answer to no Accept or to *\/*. */
export const RDF_OFFERS: readonly Offer<RdfKey>[] = [
  ...RDF_FORMATS.flatMap((f) => [
    { key: f.ext as RdfKey, type: f.mediaType },
    ...(f.ext === 'jsonld'
      ? [
          { key: 'jsonld' as RdfKey, type: `${f.mediaType};profile="${COMPACTED_PROFILE}"` },
          { key: 'jsonld-expanded' as RdfKey, type: `${f.mediaType};profile="${EXPANDED_PROFILE}"` },
        ]
      : []),
  ]),
  ...RDF_FORMATS.flatMap((f) => f.aliases.map((alias) => ({ key: f.ext as RdfKey, type: alias }))),
];

export const HTML_OFFERS: readonly Offer<'html'>[] = [
  { key: 'html', type: 'text/html' },
  { key: 'html', type: 'application/xhtml+xml' },
];

export const DOCUMENT_OFFERS: readonly Offer<DocumentKey>[] = [...RDF_OFFERS, ...HTML_OFFERS];

/** The media types to list in a 406: the primary type of each offer, once. */
export function offeredTypes(offers: readonly Offer<string>[]): string[] {
  return [...new Set(offers.map((o) => o.type))];
}

/** Something shaped like type/subtype at the start of an element of the list. */
const MEDIA_RANGE = /(?:^|,)\s*[^\s/,;]+\/[^\s/,;]+/;

/**
 * The representation the request prefers among the offers, or undefined when it accepts none
 * of them (a 406). Clients send the same few Accept headers again and again: each is negotiated
 * once per table of offers.
 */
export function negotiate<K extends string>(req: { headers: IncomingHttpHeaders }, offers: readonly Offer<K>[]): K | undefined {
  const accept = req.headers.accept;
  if (accept === undefined || accept.trim() === '' || !MEDIA_RANGE.test(accept)) return offers[0]?.key;
  let chosenFor = CHOSEN.get(offers) as Map<string, K | null> | undefined;
  if (!chosenFor) CHOSEN.set(offers, (chosenFor = new Map()));
  const known = chosenFor.get(accept);
  if (known !== undefined) return known ?? undefined;
  let key: K | undefined;
  try {
    const preferred = new Negotiator(req).mediaType(offers.map((o) => o.type));
    key = offers.find((o) => o.type === preferred)?.key;
  } catch {
    key = offers[0]?.key;
  }
  if (chosenFor.size >= 256) chosenFor.clear();
  chosenFor.set(accept, key ?? null);
  return key;
}

const CHOSEN = new WeakMap<readonly Offer<string>[], Map<string, string | null>>();

/** Offers of one media type each, under its own name, plus the aliases clients send for them. */
export function typeOffers(types: readonly string[], aliases: Record<string, string> = {}): Offer<string>[] {
  return [
    ...types.map((t) => ({ key: t, type: t })),
    ...Object.entries(aliases)
      .filter(([, to]) => types.includes(to))
      .map(([from, to]) => ({ key: to, type: from })),
  ];
}

/**
 * The content coding to send among those a document is stored in, or undefined for identity
 * (also when Accept-Encoding is absent or unreadable: identity is always acceptable then).
 */
export function negotiateEncoding(req: { headers: IncomingHttpHeaders }, stored: readonly string[]): string | undefined {
  if (!stored.length || !req.headers['accept-encoding']) return undefined;
  try {
    const chosen = new Negotiator(req).encoding([...stored, 'identity']);
    return chosen && chosen !== 'identity' ? chosen : undefined;
  } catch {
    return undefined;
  }
}
