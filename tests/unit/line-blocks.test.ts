// Cutting N-Quads at line ends for a block-by-block load.
import { describe, expect, it } from 'vitest';
import { lineBlocks } from '../../src/store/line-blocks.js';

const lines = (n: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => `<http://e/${i}> <http://p/ŏ> "line ${i} Chŏng" .\n`).join(''), 'utf8');

describe('lineBlocks', () => {
  it('cuts only at line ends, keeps every byte in order, and each block decodes whole', () => {
    const data = lines(500);
    const blocks = [...lineBlocks(data, 1000)];
    expect(blocks.length).toBeGreaterThan(10);
    for (const b of blocks) {
      expect(b[b.length - 1]).toBe(0x0a);
      expect(b.toString('utf8')).not.toContain('\ufffd');
    }
    expect(Buffer.concat(blocks).equals(data)).toBe(true);
  });

  it('a line longer than a block is a block of its own', () => {
    const long = Buffer.from(`<http://e/a> <http://p/q> "${'x'.repeat(5000)}" .\n<http://e/b> <http://p/q> "y" .\n`);
    const blocks = [...lineBlocks(long, 100)];
    expect(blocks.map((b) => b.length)).toEqual([long.indexOf(0x0a) + 1, long.length - long.indexOf(0x0a) - 1]);
  });

  it('keeps a last line without a line end, and gives nothing for nothing', () => {
    const data = Buffer.from('<a> <b> <c> .\n<d> <e> <f> .');
    expect(Buffer.concat([...lineBlocks(data, 5)]).equals(data)).toBe(true);
    expect([...lineBlocks(Buffer.alloc(0), 5)]).toEqual([]);
  });
});
