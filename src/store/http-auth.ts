// Requests to a SPARQL store with the credentials it asks for: Basic sent up front when configured
// as such, otherwise the store's 401 challenge decides (Virtuoso's /sparql-auth speaks Digest, RFC
// 7616). Two clients: authFetch (fetch, for `load`'s few large requests) and StoreClient (node:http
// on kept-alive connections, for queries: one per request to the publisher, where fetch's own
// machinery and a challenge round trip per request cost more than the request itself).
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

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
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
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
export async function authFetch(
  url: string,
  init: RequestInit & { body?: string | URLSearchParams },
  credentials?: Credentials,
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (credentials?.scheme === 'basic') headers.set('authorization', basic(credentials));
  const first = await send(url, { ...init, headers });
  if (first.status !== 401) return first;
  const challenge = first.headers.get('www-authenticate') ?? '';
  await first.body?.cancel();
  if (!credentials)
    throw new AuthenticationError(
      `${url} asks for credentials (${challenge.split(' ')[0] || 'no scheme'}): set SPARQL_USER and SPARQL_PASSWORD`,
    );
  if (credentials.scheme === 'basic')
    throw new AuthenticationError(`${url} rejected the credentials of user ${JSON.stringify(credentials.user)}`);
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

function digest(challenge: string, { user, password }: Credentials, method: string, url: URL, count = 1): string {
  const params = Object.fromEntries(
    [...challenge.replace(/^digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [
      m[1]!.toLowerCase(),
      m[2] ?? m[3] ?? '',
    ]),
  );
  const algorithm = (params.algorithm ?? 'MD5').toUpperCase();
  const hashName = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  const h = (s: string) => createHash(hashName).update(s).digest('hex');
  const uri = url.pathname + url.search;
  const cnonce = randomBytes(8).toString('hex');
  const nc = count.toString(16).padStart(8, '0');
  let ha1 = h(`${user}:${params.realm ?? ''}:${password}`);
  if (algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${params.nonce}:${cnonce}`);
  const ha2 = h(`${method}:${uri}`);
  const qop = params.qop
    ?.split(',')
    .map((s) => s.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const response = qop ? h(`${ha1}:${params.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${params.nonce}:${ha2}`);
  const fields = [
    `username="${user}"`,
    `realm="${params.realm ?? ''}"`,
    `nonce="${params.nonce ?? ''}"`,
    `uri="${uri}"`,
    `algorithm=${params.algorithm ?? 'MD5'}`,
    `response="${response}"`,
    ...(params.opaque !== undefined ? [`opaque="${params.opaque}"`] : []),
    ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
  ];
  return `Digest ${fields.join(', ')}`;
}

/** A store's answer, read whole. */
export interface StoreResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The request outlived its time limit (the socket is destroyed with it). */
export class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * POSTs to one store over a pool of kept-alive connections (node's http.Agent), at most
 * `connections` at once (more wait in the agent's queue, as they would in the store's). With
 * credentials, a Digest challenge is kept and answered up front on the next requests (nonce count
 * incremented, RFC 7616 3.4), so a query costs one round trip, not two; a stale nonce is answered
 * once more.
 */
export class StoreClient {
  private readonly agent: http.Agent;
  private readonly url: URL;
  private readonly transport: typeof http | typeof https;
  private challenge: { header: string; count: number } | undefined;
  /** 401 challenges answered so far (tests read it: one per nonce, not one per request). */
  challenges = 0;

  constructor(
    url: string,
    private readonly credentials: Credentials | undefined,
    connections: number,
  ) {
    this.url = new URL(url);
    this.transport = this.url.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: 'lifo' });
  }

  async post(body: string, headers: Record<string, string>, timeoutMs: number): Promise<StoreResponse> {
    const bytes = Buffer.from(body);
    const deadline = performance.now() + timeoutMs;
    const first = await this.send(bytes, { ...headers, ...this.authorization() }, deadline);
    if (first.status !== 401) return first;
    const challenge = String(first.headers['www-authenticate'] ?? '');
    const { credentials } = this;
    if (!credentials)
      throw new AuthenticationError(
        `${this.url.href} asks for credentials (${challenge.split(' ')[0] || 'no scheme'}): set SPARQL_USER and SPARQL_PASSWORD`,
      );
    if (credentials.scheme === 'basic' || !/^(digest|basic)\b/i.test(challenge)) {
      throw new AuthenticationError(
        credentials.scheme === 'basic'
          ? `${this.url.href} rejected the credentials of user ${JSON.stringify(credentials.user)}`
          : `${this.url.href} asks for an authentication scheme this client does not speak: ${challenge}`,
      );
    }
    // Answered with the challenge just received. Concurrent queries share one nonce and may reach
    // the store out of their count's order; one refused so gets a fresh challenge and goes again.
    let latest = challenge;
    for (let attempt = 1; ; attempt++) {
      this.challenges++;
      this.challenge = { header: latest, count: 0 };
      const again = await this.send(bytes, { ...headers, ...this.authorization() }, deadline);
      if (again.status !== 401) return again;
      latest = String(again.headers['www-authenticate'] ?? '');
      if (attempt === 2 || !/^digest\b/i.test(latest)) {
        this.challenge = undefined;
        throw new AuthenticationError(`${this.url.href} rejected the credentials of user ${JSON.stringify(credentials.user)}`);
      }
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private authorization(): Record<string, string> {
    const { credentials, challenge } = this;
    if (!credentials) return {};
    if (credentials.scheme === 'basic') return { authorization: basic(credentials) };
    if (!challenge) return {};
    if (/^basic\b/i.test(challenge.header)) return { authorization: basic(credentials) };
    return { authorization: digest(challenge.header, credentials, 'POST', this.url, ++challenge.count) };
  }

  /** One request; sent again once on a new connection when a kept-alive one was closed by the
   *  store as it was reused (safe: queries are read-only). */
  private async send(body: Buffer, headers: Record<string, string>, deadline: number): Promise<StoreResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(body, headers, deadline);
      } catch (e) {
        const err = e as Error & { code?: string; reused?: boolean };
        if (err instanceof RequestTimeoutError) throw err;
        if (attempt === 1 && err.reused && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) continue;
        throw new UnreachableError(this.url.href, err.code ?? err.message);
      }
    }
  }

  private once(body: Buffer, headers: Record<string, string>, deadline: number): Promise<StoreResponse> {
    return new Promise((resolve, reject) => {
      const req = this.transport.request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': String(body.length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
          });
          res.on('error', fail);
        },
      );
      function fail(e: Error) {
        clearTimeout(timer);
        reject(Object.assign(e, { reused: req.reusedSocket }));
      }
      const timer = setTimeout(
        () => req.destroy(new RequestTimeoutError('the store did not answer in time')),
        Math.max(1, deadline - performance.now()),
      );
      req.on('error', fail);
      req.end(body);
    });
  }
}
