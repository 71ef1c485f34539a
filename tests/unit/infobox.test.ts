import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { interpretInfobox, InfoboxError, parseCount, parseDate, readInfobox } from '../../src/graph/infobox.js';
import { parseSource } from '../../src/graph/source.js';

const ARTICLE = readFileSync(resolve(__dirname, '../../data/source/siege-of-busanjin.txt'), 'utf8');
const interpret = (text: string) => interpretInfobox(readInfobox(parseSource(text)));
const facts = () => new Map(interpret(ARTICLE).map(({ row, fact }) => [row.key, fact]));

describe('the real article', () => {
  it('reads all thirteen rows with their lines and quotes', () => {
    const source = parseSource(ARTICLE);
    const rows = readInfobox(source);
    expect(rows.map((r) => r.key)).toEqual([
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
    ]);
    for (const row of rows) {
      expect(source.slice(row.start, row.end)).toBe(`${row.key}: ${row.value}`);
      expect(ARTICLE.split('\n')[row.line - 1]).toBe(`- ${row.key}: ${row.value}`);
    }
  });

  it('cleans "Chŏng PalKIA" into Chŏng Pal, killed in action', () => {
    expect(facts().get('Commander2')).toEqual({ key: 'Commander', side: 2, name: 'Chŏng Pal', killedInAction: true });
    expect(facts().get('Commander1')).toEqual({ key: 'Commander', side: 1, name: 'Sō Yoshitoshi', killedInAction: false });
  });

  it('reads the date as a Gregorian xsd:date', () => {
    expect(facts().get('Date')).toEqual({ key: 'Date', date: '1592-05-24' });
  });

  it('splits the place and drops the article from the conflict name', () => {
    expect(facts().get('Place')).toEqual({ key: 'Place', names: ['Busanjin-gu', 'Busan'] });
    expect(facts().get('Conflict')).toEqual({ key: 'Conflict', name: 'Siege of Busan Castle' });
  });

  it('reads numbers with thousands separators, and two counts in one row', () => {
    expect(facts().get('Strength1')).toEqual({ key: 'Strength', side: 1, counts: [{ kind: 'exact', value: 16700, raw: '16,700' }] });
    expect(facts().get('Strength2')).toEqual({
      key: 'Strength',
      side: 2,
      counts: [
        { kind: 'exact', value: 600, unit: 'soldiers', raw: '600 soldiers' },
        { kind: 'exact', value: 8000, unit: 'civilians', raw: '8,000 civilians' },
      ],
    });
  });

  it('keeps "?" as explicitly unknown, the en-dash range as minimum and maximum, and drops the stray "|"', () => {
    expect(facts().get('Casualties1')).toEqual({ key: 'Casualties', side: 1, unspecified: { kind: 'unknown', raw: '?' } });
    expect(facts().get('Casualties2')).toEqual({
      key: 'Casualties',
      side: 2,
      killed: { kind: 'range', minimum: 1200, maximum: 8500, unit: 'killed', raw: '1,200–8,500 killed' },
      captured: { kind: 'exact', value: 200, unit: 'captured', raw: '200 captured' },
    });
  });
});

describe('malformed infoboxes give an error naming the line', () => {
  const variant = (from: string, to: string) => {
    expect(ARTICLE).toContain(from);
    return ARTICLE.replace(from, to);
  };
  const cases: [string, string, RegExp][] = [
    ['a missing key', variant('- Result: Sack of Busan\n', ''), /line \d+: missing key "Result"/],
    ['an unknown key', variant('- Result: Sack of Busan', '- Victor: Japan'), /line 8: Victor: unknown key/],
    ['a garbage date', variant('- Date: 24 May 1592', '- Date: the day after'), /line 6: Date: not a date/],
    ['an impossible date', variant('- Date: 24 May 1592', '- Date: 34 Mai 1592'), /line 6: Date: not a date/],
    ['a garbage count', variant('- Strength1: 16,700', '- Strength1: lots'), /line 13: Strength1: cannot read "lots"/],
    ['an inverted range', variant('1,200–8,500 killed', '8,500–1,200 killed'), /line 16: Casualties2: cannot read/],
    ['an unknown casualty kind', variant('200 captured|', '200 wounded|'), /line 16: Casualties2: unknown kind of casualty "wounded"/],
    ['an empty value', variant('- Partof: Imjin War', '- Partof: '), /line 5: Partof: empty value/],
    ['a repeated key', variant('- Partof: Imjin War', '- Partof: Imjin War\n- Partof: Imjin War'), /line 6: key "Partof" repeats line 5/],
    ['a row that is not "Key: value"', variant('- Partof: Imjin War', 'Partof Imjin War'), /line 5: not a "- Key: value" row/],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    expect(() => interpret(text)).toThrow(InfoboxError);
    expect(() => interpret(text)).toThrow(message);
  });

  it('no infobox at all', () => {
    expect(() => interpret('= Title =\n\nJust prose.\n')).toThrow(/no "Infobox" block/);
  });
});

describe('parseCount and parseDate', () => {
  it.each([
    ['16,700', { kind: 'exact', value: 16700, raw: '16,700' }],
    ['1,200-8,500 killed', { kind: 'range', minimum: 1200, maximum: 8500, unit: 'killed', raw: '1,200-8,500 killed' }],
    ['?', { kind: 'unknown', raw: '?' }],
    ['12,34', undefined],
    ['many', undefined],
  ])('%s', (text, expected) => expect(parseCount(text)).toEqual(expected));

  it.each([
    ['24 May 1592', '1592-05-24'],
    ['1 January 1593', '1593-01-01'],
    ['May 24 1592', undefined],
    ['0 May 1592', undefined],
  ])('%s', (text, expected) => expect(parseDate(text)).toBe(expected));
});
