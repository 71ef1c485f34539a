// What one client's answer may cost the server: an answer over SPARQL_MAX_RESPONSE_MB is refused
// before it is sent, and a client that never reads its reply is cut off after SEND_TIMEOUT_MS, so
// its bytes are not held; meanwhile another client is served.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ SPARQL_MAX_RESPONSE_MB: '4', SEND_TIMEOUT_MS: '300', SPARQL_MAX_ROWS: '100000', SPARQL_CACHE_MB: '0' });
});
afterAll(async () => {
  await server?.close();
});

/** Every quad, its terms concatenated `times` times: about 0.4 MB of SPARQL JSON a time, from a short query. */
const big = (times: number) => `SELECT ?big WHERE { GRAPH ?g { ?s ?p ?o } BIND(CONCAT(STR(?s), STR(?p), STR(?o), STR(?g)) AS ?x)
  BIND(CONCAT(${Array(times).fill('?x').join(', ')}) AS ?big) }`;

describe('response limits', () => {
  it('refuses an answer over the limit with 507 and a message that names the setting', async () => {
    const res = await fetch(new URL(`/sparql?query=${encodeURIComponent(big(24))}`, server.url), {
      headers: { accept: 'application/sparql-results+json' },
    });
    expect(res.status).toBe(507);
    expect(await res.text()).toMatch(/SPARQL_MAX_RESPONSE_BYTES|over this endpoint's limit/);
    const small = await fetch(new URL(`/sparql?query=${encodeURIComponent('ASK {}')}`, server.url));
    expect(small.status).toBe(200);
  });

  it('cuts off a client that never reads its reply, and serves another meanwhile', async () => {
    // A server that lets a 20 MB answer through: far more than loopback's socket buffers hold.
    const roomy = await startTestServer({
      SPARQL_MAX_RESPONSE_MB: '64',
      SEND_TIMEOUT_MS: '300',
      SPARQL_MAX_ROWS: '100000',
      SPARQL_CACHE_MB: '0',
    });
    try {
      const accepted = new Promise<Socket>((resolve) => roomy.server.once('connection', resolve));
      const { port } = new URL(roomy.url);
      const client = connect(Number(port), '127.0.0.1');
      client.pause();
      const serverSide = await accepted;
      client.write(`GET /sparql?query=${encodeURIComponent(big(60))} HTTP/1.1\r\nHost: x\r\nAccept: text/tab-separated-values\r\n\r\n`);
      const closed = new Promise<void>((resolve) => serverSide.once('close', () => resolve()));
      const innocent = await fetch(new URL('/data/Busan.ttl', roomy.url));
      expect(innocent.status).toBe(200);
      // The server lets go of the connection (and the bytes it held for it) though the client never read.
      await closed;
      expect(serverSide.destroyed).toBe(true);
      client.destroy();
    } finally {
      await roomy.close();
    }
  });
});
