// SPARQL results from a remote store, read as JSON and written in the format the client asked
// for. Reading JSON only is what lets the remote store fix the store's quirks in one place
// (Virtuoso's obsolete "typed-literal" type) and count rows against the cap.
export type JsonTerm =
  | { type: 'uri'; value: string }
  | { type: 'bnode'; value: string }
  | { type: 'literal'; value: string; 'xml:lang'?: string; datatype?: string };

export interface SelectResults {
  head: { vars: string[]; link?: string[] };
  results: { bindings: Record<string, JsonTerm>[] };
}
export interface AskResults {
  head: Record<string, unknown>;
  boolean: boolean;
}
export type JsonResults = SelectResults | AskResults;

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** SPARQL 1.1 JSON from what a store sent: `typed-literal` becomes `literal` with its datatype,
 *  xsd:string and rdf:langString datatypes are implied (RDF 1.1), unknown members are dropped. */
export function normalizeResults(raw: unknown): JsonResults {
  const r = raw as { head?: { vars?: string[] }; boolean?: unknown; results?: { bindings?: Record<string, Record<string, string>>[] } };
  if (typeof r?.boolean === 'boolean') return { head: {}, boolean: r.boolean };
  if (!r?.results || !Array.isArray(r.results.bindings)) throw new Error('the store sent JSON that is not SPARQL results');
  // Each row is fixed where it is: the rows JSON.parse just made are this function's alone, and a
  // copy of each (with Object.entries) doubled the time of a large answer.
  const bindings = r.results.bindings as unknown as Record<string, JsonTerm>[];
  for (const row of r.results.bindings) {
    if (!row || typeof row !== 'object') throw new Error('the store sent a result row that is not an object');
    for (const name in row) (row as unknown as Record<string, JsonTerm>)[name] = normalizeTerm(row[name]!);
  }
  return { head: { vars: r.head?.vars ?? [] }, results: { bindings } };
}

function normalizeTerm(t: Record<string, string>): JsonTerm {
  switch (t.type) {
    case 'uri':
      return { type: 'uri', value: t.value! };
    case 'bnode':
      return { type: 'bnode', value: t.value!.replace(/^nodeID:\/\//, '').replace(/^_:/, '') };
    case 'literal':
    case 'typed-literal': {
      const lang = t['xml:lang'];
      if (lang) return { type: 'literal', value: t.value!, 'xml:lang': lang };
      const datatype = t.datatype;
      if (!datatype || datatype === XSD_STRING || datatype === RDF_LANG_STRING) return { type: 'literal', value: t.value! };
      return { type: 'literal', value: datatype === XSD_BOOLEAN ? canonicalBoolean(t.value!) : t.value!, datatype };
    }
    default:
      throw new Error(`the store sent a result term of unknown type ${JSON.stringify(t.type)}`);
  }
}

/** Virtuoso keeps booleans as integers and gives "1"^^xsd:boolean back: the canonical form is "true". */
export function canonicalBoolean(value: string): string {
  return value === '1' ? 'true' : value === '0' ? 'false' : value;
}

export function writeResults(results: JsonResults, mediaType: string): string {
  switch (mediaType) {
    case 'application/sparql-results+json':
      return JSON.stringify(results);
    case 'application/sparql-results+xml':
      return toXml(results);
    case 'text/csv':
      return toCsv(results);
    case 'text/tab-separated-values':
      return toTsv(results);
    default:
      throw new Error(`no SPARQL results writer for ${mediaType}`);
  }
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toXml(r: JsonResults): string {
  const head = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">';
  if ('boolean' in r) return `${head}<head></head><boolean>${r.boolean}</boolean></sparql>`;
  const vars = r.head.vars.map((v) => `<variable name="${xml(v)}"/>`).join('');
  const rows = r.results.bindings
    .map(
      (row) =>
        `<result>${Object.entries(row)
          .map(([n, t]) => `<binding name="${xml(n)}">${xmlTerm(t)}</binding>`)
          .join('')}</result>`,
    )
    .join('');
  return `${head}<head>${vars}</head><results>${rows}</results></sparql>`;
}

function xmlTerm(t: JsonTerm): string {
  if (t.type === 'uri') return `<uri>${xml(t.value)}</uri>`;
  if (t.type === 'bnode') return `<bnode>${xml(t.value)}</bnode>`;
  if (t['xml:lang']) return `<literal xml:lang="${xml(t['xml:lang'])}">${xml(t.value)}</literal>`;
  if (t.datatype) return `<literal datatype="${xml(t.datatype)}">${xml(t.value)}</literal>`;
  return `<literal>${xml(t.value)}</literal>`;
}

// CSV (SPARQL 1.1 Query Results CSV and TSV Formats): plain values; TSV: terms in Turtle syntax.
function toCsv(r: JsonResults): string {
  if ('boolean' in r) return `_askResult\r\n${r.boolean}\r\n`;
  const cell = (t?: JsonTerm) => {
    if (!t) return '';
    const v = t.type === 'bnode' ? `_:${t.value}` : t.value;
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return [r.head.vars.join(','), ...r.results.bindings.map((row) => r.head.vars.map((v) => cell(row[v])).join(','))].join('\r\n') + '\r\n';
}

function toTsv(r: JsonResults): string {
  if ('boolean' in r) return `?_askResult\n${r.boolean}\n`;
  const esc = (s: string) =>
    s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  const cell = (t?: JsonTerm) => {
    if (!t) return '';
    if (t.type === 'uri') return `<${t.value}>`;
    if (t.type === 'bnode') return `_:${t.value}`;
    if (t['xml:lang']) return `"${esc(t.value)}"@${t['xml:lang']}`;
    return t.datatype ? `"${esc(t.value)}"^^<${t.datatype}>` : `"${esc(t.value)}"`;
  };
  return (
    [r.head.vars.map((v) => `?${v}`).join('\t'), ...r.results.bindings.map((row) => r.head.vars.map((v) => cell(row[v])).join('\t'))].join(
      '\n',
    ) + '\n'
  );
}
