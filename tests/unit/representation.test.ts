// A representation's bytes are kept as long as its graph is served: they must hold no more memory
// than their own length, whatever buffer they were cut from.
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { representation } from '../../src/rdf/representation.js';

const owns = (body: Buffer) => body.byteOffset === 0 && body.buffer.byteLength === body.length;

describe('representation', () => {
  it('gives a short string its own buffer, not a slice of the shared pool', () => {
    const rep = representation('text/plain; charset=utf-8', 'Chŏng Pal');
    expect(owns(rep.body)).toBe(true);
    expect(rep.body.toString('utf8')).toBe('Chŏng Pal');
  });

  it("copies zlib's small output out of its 16 KB chunk", () => {
    const text = Buffer.from('<resource/Busan> a <ontology#Fortress> .\n'.repeat(40));
    for (const compressed of [gzipSync(text), brotliCompressSync(text)]) {
      expect(compressed.buffer.byteLength).toBeGreaterThan(compressed.length); // what zlib gives
      const rep = representation('text/turtle', compressed);
      expect(owns(rep.body)).toBe(true);
      expect(rep.body.equals(compressed)).toBe(true);
    }
  });

  it('keeps a buffer that already owns its bytes, and the same ETag either way', () => {
    const own = Buffer.alloc(5000, 'a');
    expect(representation('text/plain', own).body).toBe(own);
    const slice = Buffer.concat([Buffer.from('xx'), own]).subarray(2);
    expect(representation('text/plain', slice).etag).toBe(representation('text/plain', own).etag);
  });
});
