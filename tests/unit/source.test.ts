import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSource, readSource } from '../../src/graph/source.js';
import { ROOT } from '../helpers/fixtures.js';

const PROJECT_COPY = join(ROOT, 'data/source/siege-of-busanjin.txt');
const SHARED = join(ROOT, '../shared/source/siege-of-busanjin.txt');

describe('the source article', () => {
  it('the project ships the very text of the shared source', () => {
    expect(existsSync(SHARED)).toBe(true);
    expect(readFileSync(PROJECT_COPY, 'utf8')).toBe(readFileSync(SHARED, 'utf8'));
  });

  it('finds the sections in order', () => {
    expect(readSource(PROJECT_COPY).sections.map((s) => s.name)).toEqual([
      'Infobox',
      'Lead',
      'Background',
      'Battle',
      'Aftermath',
      'Legacy',
      'See also',
    ]);
  });

  it('splits prose into sentences whose offsets give back their text', () => {
    const source = readSource(PROJECT_COPY);
    for (const s of source.sentences) expect(source.slice(s.start, s.end)).toBe(s.text);
    expect(source.sentences.find((s) => s.text.startsWith('Commander Chŏng Pal was struck'))?.section).toBe('Battle');
  });

  it('counts offsets in code points, not UTF-16 units', () => {
    const source = parseSource('Infobox\n- Conflict: 𝔸 war\n\nThe 𝔸 siege. Another one.\n');
    const hit = source.find('siege');
    expect(hit).toHaveLength(1);
    expect(source.slice(hit[0]!, hit[0]! + 5)).toBe('siege');
    expect(source.sentenceAt({ start: hit[0]!, end: hit[0]! + 5 })?.text).toBe('The 𝔸 siege.');
  });
});
