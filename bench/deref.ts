// The dereferencing workload of the harness (bench/harness.ts): an entity's documents (Turtle,
// JSON-LD, HTML) from the publisher, against a bare node:http server (bench/deref-server.ts, its
// own process) that sends the very bytes the publisher sent for the same path.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild } from './processes.js';

const SERVER = fileURLToPath(new URL('./deref-server.ts', import.meta.url));

export interface DerefDocument {
  format: 'Turtle' | 'JSON-LD' | 'HTML';
  path: string;
  bytes: number;
  contentType: string;
}

/** The documents of one entity, by its slug. */
export function derefPaths(slug: string): { format: DerefDocument['format']; path: string }[] {
  return [
    { format: 'Turtle', path: `/data/${slug}.ttl` },
    { format: 'JSON-LD', path: `/data/${slug}.jsonld` },
    { format: 'HTML', path: `/page/${slug}` },
  ];
}

export interface BareServer {
  child: ChildProcess;
  pid: number;
  url: string;
  documents: DerefDocument[];
  stop(): Promise<void>;
}

/** Fetches each document from the publisher (uncompressed, as the load generator asks for it) and
 *  starts the bare server with those bytes. */
export async function startBareServer(appUrl: string, slug: string): Promise<BareServer> {
  const child = fork(SERVER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const documents: DerefDocument[] = [];
    for (const { format, path } of derefPaths(slug)) {
      const res = await fetch(new URL(path, appUrl), { headers: { 'accept-encoding': 'identity' } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`${path}: ${res.status} from the publisher`);
      const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
      child.send({ kind: 'bytes', path, body: body.toString('base64'), contentType });
      documents.push({ format, path, bytes: body.length, contentType });
    }
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bare server did not start within 30 s')), 30_000);
      child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
      child.on('message', (m: { kind: string; url?: string }) => {
        if (m.kind === 'ready') {
          clearTimeout(timer);
          resolve(m.url!);
        }
      });
      child.send({ kind: 'listen' });
    });
    child.removeAllListeners('exit');
    return { child, pid: child.pid!, url, documents, stop: () => stopChild(child) };
  } catch (e) {
    await stopChild(child);
    throw e;
  }
}
