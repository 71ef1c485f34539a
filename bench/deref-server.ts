// The baseline of the dereferencing benchmark: a bare node:http server, in its own process, that
// answers GET {path} with the very bytes (and Content-Type) the publisher sent for that path. The
// parent sends the documents over IPC, then `{ kind: 'listen' }`; the server answers with its URL,
// and with its RSS when asked.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Message = { kind: 'bytes'; path: string; body: string; contentType: string } | { kind: 'listen' } | { kind: 'rss' };

const documents = new Map<string, { body: Buffer; contentType: string }>();
const send = (m: unknown) => process.send!(m);

const server = createServer((req, res) => {
  const doc = documents.get(req.url ?? '');
  if (!doc) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': doc.contentType, 'Content-Length': doc.body.length });
  res.end(doc.body);
});

process.on('message', (m: Message) => {
  if (m.kind === 'bytes') documents.set(m.path, { body: Buffer.from(m.body, 'base64'), contentType: m.contentType });
  if (m.kind === 'rss') send({ kind: 'rss', rss: process.memoryUsage().rss });
  if (m.kind === 'listen') {
    server.listen(0, '127.0.0.1', () => send({ kind: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  }
});
// The parent's end of the channel closing means the run is over.
process.on('disconnect', () => process.exit(0));
