// One representation of a resource, computed once: its bytes, its Content-Type and a strong ETag
// derived from the bytes, so the same graph always answers with the same validator.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export interface Representation {
  /** The Content-Type header value, charset included where the type takes one. */
  contentType: string;
  body: Buffer;
  /** Strong entity tag, quoted. */
  etag: string;
}

export function representation(contentType: string, body: string | Buffer): Representation {
  const bytes = typeof body === 'string' ? stringBytes(body) : ownBytes(body);
  const digest = createHash('sha256').update(contentType).update('\n').update(bytes).digest('base64url');
  return { contentType, body: bytes, etag: `"${digest.slice(0, 27)}"` };
}

// A representation is kept for as long as its graph is served, so its bytes get a buffer of their
// own, exactly their size. zlib's output is a slice of its 16 KB output chunk, and a short string's
// bytes a slice of Buffer's shared 8 KB pool: kept as they are, each small document would hold the
// whole chunk (and sent to another thread, as the warm-up's documents are, copy all of it): twice
// the documents' size held, for the article.
function ownBytes(bytes: Buffer): Buffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  const own = Buffer.allocUnsafeSlow(bytes.byteLength);
  bytes.copy(own);
  return own;
}

function stringBytes(text: string): Buffer {
  const own = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  own.write(text, 'utf8');
  return own;
}

export type Encoding = 'br' | 'gzip';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compresses in zlib's thread pool, so the event loop keeps answering meanwhile. Brotli's window
 *  is sized to the input (its default is 4 MB, allocated by every encoder whatever the input): the
 *  same kind of brotli, made with a small fraction of the memory. */
export function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(body, { level: 6 });
  const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_LGWIN, BROTLI_PARAM_SIZE_HINT, BROTLI_MIN_WINDOW_BITS, BROTLI_MAX_WINDOW_BITS } =
    zlib.constants;
  const window = Math.min(BROTLI_MAX_WINDOW_BITS, Math.max(BROTLI_MIN_WINDOW_BITS, Math.ceil(Math.log2(body.length + 1))));
  return brotli(body, { params: { [BROTLI_PARAM_QUALITY]: 5, [BROTLI_PARAM_LGWIN]: window, [BROTLI_PARAM_SIZE_HINT]: body.length } });
}
