// One representation of a resource, computed once: its bytes, its Content-Type and a strong ETag
// derived from the bytes, so the same graph always answers with the same validator.
import { createHash } from 'node:crypto';

export interface Representation {
  /** The Content-Type header value, charset included where the type takes one. */
  contentType: string;
  body: Buffer;
  /** Strong entity tag, quoted. */
  etag: string;
}

export function representation(contentType: string, body: string | Buffer): Representation {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const digest = createHash('sha256').update(contentType).update('\n').update(bytes).digest('base64url');
  return { contentType, body: bytes, etag: `"${digest.slice(0, 27)}"` };
}
