// fetch with the credentials a SPARQL store asks for: Basic sent up front when configured as such,
// otherwise the store's 401 challenge decides (Virtuoso's /sparql-auth speaks Digest, RFC 7616).
import { createHash, randomBytes } from 'node:crypto';

export interface Credentials {
  user: string;
  password: string;
  /** 'basic' sends the header on the first request; 'auto' answers whatever the 401 asks for. */
  scheme: 'basic' | 'auto';
}

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

/** Nothing answers at the URL (refused, unknown host, reset): the store is down or misnamed. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
  constructor(readonly url: string, readonly reason: string) {
    super(`cannot reach ${url} (${reason})`);
  }
}

/** fetch, with "fetch failed" turned into which URL and why; a timeout stays a TimeoutError. */
async function send(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw err;
      const code = err.cause?.code ?? err.cause?.message ?? err.message;
      // A kept-alive connection the server closed as we reused it: sent again once on a new one.
      // Safe here: queries are read-only, and loads replace graphs or add triples (a set).
      if (attempt === 1 && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET')) continue;
      throw new UnreachableError(url, code);
    }
  }
}

/** One request, re-sent once with credentials when the server challenges it. The body must be a
 *  string or URLSearchParams, so it can be sent twice. */
export async function authFetch(url: string, init: RequestInit & { body?: string | URLSearchParams }, credentials?: Credentials): Promise<Response> {
  const headers = new Headers(init.headers);
  if (credentials?.scheme === 'basic') headers.set('authorization', basic(credentials));
  const first = await send(url, { ...init, headers });
  if (first.status !== 401) return first;
  const challenge = first.headers.get('www-authenticate') ?? '';
  await first.body?.cancel();
  if (!credentials) throw new AuthenticationError(`${url} asks for credentials (${challenge.split(' ')[0] || 'no scheme'}): set SPARQL_USER and SPARQL_PASSWORD`);
  if (credentials.scheme === 'basic') throw new AuthenticationError(`${url} rejected the credentials of user ${JSON.stringify(credentials.user)}`);
  const retry = new Headers(init.headers);
  if (/^digest\s/i.test(challenge)) retry.set('authorization', digest(challenge, credentials, init.method ?? 'GET', new URL(url)));
  else if (/^basic\b/i.test(challenge)) retry.set('authorization', basic(credentials));
  else throw new AuthenticationError(`${url} asks for an authentication scheme this client does not speak: ${challenge}`);
  const second = await send(url, { ...init, headers: retry });
  if (second.status === 401) {
    await second.body?.cancel();
    throw new AuthenticationError(`${url} rejected the credentials of user ${JSON.stringify(credentials.user)}`);
  }
  return second;
}

function basic({ user, password }: Credentials): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function digest(challenge: string, { user, password }: Credentials, method: string, url: URL): string {
  const params = Object.fromEntries([...challenge.replace(/^digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1]!.toLowerCase(), m[2] ?? m[3] ?? '']));
  const algorithm = (params.algorithm ?? 'MD5').toUpperCase();
  const hashName = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  const h = (s: string) => createHash(hashName).update(s).digest('hex');
  const uri = url.pathname + url.search;
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  let ha1 = h(`${user}:${params.realm ?? ''}:${password}`);
  if (algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${params.nonce}:${cnonce}`);
  const ha2 = h(`${method}:${uri}`);
  const qop = params.qop?.split(',').map((s) => s.trim()).includes('auth') ? 'auth' : undefined;
  const response = qop ? h(`${ha1}:${params.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${params.nonce}:${ha2}`);
  const fields = [
    `username="${user}"`, `realm="${params.realm ?? ''}"`, `nonce="${params.nonce ?? ''}"`, `uri="${uri}"`,
    `algorithm=${params.algorithm ?? 'MD5'}`, `response="${response}"`,
    ...(params.opaque !== undefined ? [`opaque="${params.opaque}"`] : []),
    ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
  ];
  return `Digest ${fields.join(', ')}`;
}
