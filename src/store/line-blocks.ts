// Cutting N-Quads (or N-Triples) bytes into blocks at line ends, so a parser can take a big
// dataset a block at a time. A UTF-8 sequence never holds a line feed, so each block decodes whole.

/** The blocks of `bytes`, each about `size` bytes and ending at a line end (or the data's end);
 *  a line longer than `size` is a block of its own. */
export function* lineBlocks(bytes: Buffer, size: number): Generator<Buffer> {
  for (let start = 0; start < bytes.length;) {
    let end = Math.min(bytes.length, start + size);
    if (end < bytes.length) {
      const lineEnd = bytes.lastIndexOf(0x0a, end - 1);
      end = lineEnd >= start ? lineEnd + 1 : bytes.indexOf(0x0a, end) + 1 || bytes.length;
    }
    yield bytes.subarray(start, end);
    start = end;
  }
}
