// A quote shown where it stands in the article: the whole sentences it lies in (one, or several
// when a quote runs over a sentence boundary), split around the quoted span so a page can mark it.
import type { SourceText } from '../graph/source.js';

export interface QuoteInContext {
  before: string;
  quote: string;
  after: string;
  /** The code-point span of the context (the sentences), for a #char= link into the source text. */
  start: number;
  end: number;
}

export function quoteInContext(source: SourceText, start: number, end: number): QuoteInContext {
  const around = source.sentences.filter((s) => s.start < Math.max(end, start + 1) && s.end > start);
  const from = Math.min(start, ...around.map((s) => s.start));
  const to = Math.max(end, ...around.map((s) => s.end));
  return { before: source.slice(from, start), quote: source.slice(start, end), after: source.slice(end, to), start: from, end: to };
}
