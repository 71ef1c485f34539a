// The floor of fronting a store from Node.js: a bare node:http proxy, in its own process, that
// forwards each POST to one SPARQL endpoint over kept-alive connections and sends the answer back
// as it came, checking nothing. What it costs is what any proxy written on node:http pays on
// this machine (two HTTP exchanges a query); what the publisher costs beyond it is its own.
// Started by startBareProxy (bench/proxy.ts): the endpoint in argv, its URL on stdout.
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const endpoint = new URL(process.argv[2]!);
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const headers = {
      'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded',
      accept: req.headers.accept ?? '*/*',
      'content-length': String(body.length),
    };
    const upstream = request(endpoint, { method: 'POST', agent, headers }, (answer) => {
      const parts: Buffer[] = [];
      answer.on('data', (c: Buffer) => parts.push(c));
      answer.on('end', () => {
        const bytes = Buffer.concat(parts);
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': answer.headers['content-type'] ?? 'application/octet-stream',
          'content-length': bytes.length,
        });
        res.end(bytes);
      });
    });
    upstream.on('error', () => res.writeHead(502).end());
    upstream.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`));
