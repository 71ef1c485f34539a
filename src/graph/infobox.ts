// Reads the article's infobox (the "- Key: value" block) and turns it into statements.
// The infobox is parsed, never retyped: every value is cleaned of its extraction debris
// ("Chŏng PalKIA", a stray "|", "1,200–8,500") here, with the raw line kept as the claim's quote.
import type { SourceText } from './source.js';

export interface InfoboxRow {
  key: string;
  value: string;
  /** 1-based line of the source file. */
  line: number;
  /** Code-point span of "Key: value" (without the "- " bullet): the claim's quote. */
  start: number;
  end: number;
}

export class InfoboxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`infobox line ${line}: ${message}`);
    this.name = 'InfoboxError';
  }
}

/** A count as the infobox states it. */
export type Count =
  | { kind: 'exact'; value: number; unit?: string; raw: string }
  | { kind: 'range'; minimum: number; maximum: number; unit?: string; raw: string }
  | { kind: 'unknown'; raw: string };

/** A typed reading of one row, before it is turned into RDF. */
export type InfoboxFact =
  | { key: 'Conflict'; name: string }
  | { key: 'Partof'; name: string }
  | { key: 'Date'; date: string }
  | { key: 'Place'; names: string[] }
  | { key: 'Result'; text: string }
  | { key: 'Combatant'; side: 1 | 2; name: string }
  | { key: 'Commander'; side: 1 | 2; name: string; killedInAction: boolean }
  | { key: 'Strength'; side: 1 | 2; counts: Count[] }
  | { key: 'Casualties'; side: 1 | 2; killed?: Count; captured?: Count; unspecified?: Count };

export const REQUIRED_KEYS = [
  'Conflict',
  'Partof',
  'Date',
  'Place',
  'Result',
  'Combatant1',
  'Combatant2',
  'Commander1',
  'Commander2',
  'Strength1',
  'Strength2',
  'Casualties1',
  'Casualties2',
] as const;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Finds the infobox block in the source and splits it into rows. */
export function readInfobox(source: SourceText): InfoboxRow[] {
  const section = source.sections.find((s) => s.name === 'Infobox');
  if (!section) throw new InfoboxError(1, 'no "Infobox" block in the source');
  const rows: InfoboxRow[] = [];
  let offset = section.start;
  let line = source.slice(0, offset).split('\n').length;
  for (const text of source.slice(section.start, section.end).split('\n')) {
    const length = Array.from(text).length;
    if (text.trim()) {
      const m = /^- ([A-Za-z]+[0-9]?):\s?(.*)$/.exec(text);
      if (!m) throw new InfoboxError(line, `not a "- Key: value" row: ${JSON.stringify(text)}`);
      const [, key, value] = m as unknown as [string, string, string];
      rows.push({ key, value, line, start: offset + 2, end: offset + length });
    }
    offset += length + 1;
    line++;
  }
  return rows;
}

/** Interprets every row; an unknown key, a missing key or a value that does not parse is an error. */
export function interpretInfobox(rows: InfoboxRow[]): { row: InfoboxRow; fact: InfoboxFact }[] {
  const seen = new Map<string, InfoboxRow>();
  const facts = rows.map((row) => {
    const earlier = seen.get(row.key);
    if (earlier) throw new InfoboxError(row.line, `key "${row.key}" repeats line ${earlier.line}`);
    seen.set(row.key, row);
    return { row, fact: interpretRow(row) };
  });
  const lastLine = rows.at(-1)?.line ?? 1;
  for (const key of REQUIRED_KEYS) {
    if (!seen.has(key)) throw new InfoboxError(lastLine, `missing key "${key}"`);
  }
  return facts;
}

function interpretRow(row: InfoboxRow): InfoboxFact {
  const value = row.value.trim();
  const fail = (why: string): never => {
    throw new InfoboxError(row.line, `${row.key}: ${why}: ${JSON.stringify(row.value)}`);
  };
  if (!value) fail('empty value');
  const numbered = /^(Combatant|Commander|Strength|Casualties)([12])$/.exec(row.key);
  const key = numbered ? numbered[1]! : row.key;
  const side = (numbered ? Number(numbered[2]) : 0) as 1 | 2;
  switch (key) {
    case 'Conflict':
      return { key, name: value.replace(/^The\s+/, '') };
    case 'Partof':
      return { key, name: value };
    case 'Result':
      return { key, text: value };
    case 'Date':
      return { key, date: parseDate(value) ?? fail('not a date like "24 May 1592"') };
    case 'Place': {
      const names = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return { key, names };
    }
    case 'Combatant':
      return { key, side, name: cleanName(value) };
    case 'Commander': {
      // "KIA" glued to the name is the infobox's "killed in action" marker, lost its separator.
      const m = /^(.*?)\s*(?:\(?KIA\)?|†)$/.exec(value);
      return { key, side, name: cleanName(m ? m[1]! : value), killedInAction: Boolean(m) };
    }
    case 'Strength': {
      const counts = splitParts(value).map((part) => parseCount(part) ?? fail(`cannot read "${part}" as a count`));
      return { key, side, counts };
    }
    case 'Casualties': {
      const fact: Extract<InfoboxFact, { key: 'Casualties' }> = { key, side };
      for (const part of splitParts(value)) {
        const count = parseCount(part) ?? fail(`cannot read "${part}" as a count`);
        const unit = count.kind === 'unknown' ? undefined : count.unit;
        if (count.kind === 'unknown' || unit === undefined) fact.unspecified = count;
        else if (/^(killed|dead|deaths)$/.test(unit)) fact.killed = count;
        else if (/^(captured|prisoners?)$/.test(unit)) fact.captured = count;
        else fail(`unknown kind of casualty "${unit}"`);
      }
      return fact;
    }
    default:
      return fail('unknown key');
  }
}

/** "600 soldiers , 8,000 civilians." → ["600 soldiers", "8,000 civilians"], without the debris. */
function splitParts(value: string): string[] {
  return value
    .replace(/[|.\s]+$/, '')
    .split(',')
    .reduce<string[]>((parts, piece) => {
      // A comma inside a number ("8,000") is a thousands separator, not a list separator.
      const last = parts.length - 1;
      if (last >= 0 && /\d$/.test(parts[last]!) && /^\d{3}\b/.test(piece)) parts[last] += `,${piece}`;
      else parts.push(piece.trim());
      return parts;
    }, [])
    .map((s) => s.trim())
    .filter(Boolean);
}

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+|\d+`;

export function parseCount(text: string): Count | undefined {
  const raw = text.trim();
  if (/^\?+$/.test(raw)) return { kind: 'unknown', raw };
  const m = new RegExp(`^(${NUMBER})(?:\\s*[–—-]\\s*(${NUMBER}))?(?:\\s+([A-Za-z][A-Za-z ]*))?$`).exec(raw);
  if (!m) return undefined;
  const num = (s: string) => Number(s.replace(/,/g, ''));
  const unit = m[3]?.trim();
  if (m[2] !== undefined) {
    const minimum = num(m[1]!);
    const maximum = num(m[2]);
    if (minimum > maximum) return undefined;
    return { kind: 'range', minimum, maximum, raw, ...(unit ? { unit } : {}) };
  }
  return { kind: 'exact', value: num(m[1]!), raw, ...(unit ? { unit } : {}) };
}

/** "24 May 1592" → "1592-05-24" (the article's Gregorian date), or undefined. */
export function parseDate(text: string): string | undefined {
  const m = /^(\d{1,2}) ([A-Z][a-z]+) (\d{3,4})$/.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!) + 1;
  const day = Number(m[1]);
  if (month === 0 || day < 1 || day > 31) return undefined;
  return `${m[3]!.padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function cleanName(value: string): string {
  // The native-name parentheses were emptied by the extraction: drop "()".
  return value
    .replace(/\(\s*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
