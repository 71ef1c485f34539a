// The warm-up of a publication's documents (documents.ts) run in a worker thread that exits when
// it is done. Rendering loads the serializers (jsonld, oxigraph's RDF/XML writer) and leaves the
// heap grown by their garbage; a process keeps such memory once it has grown, a thread that exits
// gives it back. The server then holds the documents' bytes and nothing that made them.
//
// While the thread runs, a request for a document it has not sent yet is rendered by the thread too
// (between two of its entities), so the server's own thread never loads the serializers for it.
import { Worker } from 'node:worker_threads';
import type { SerializedBuild } from '../graph/build-cache.js';
import type { Dump } from '../graph/dumps.js';
import type { Representation } from '../rdf/representation.js';
import { workerEntry } from '../workers/entry.js';
import type { DocumentKey, Representations } from './document-keys.js';

/** What the thread is given: the graph, and what publishing derived from it. */
export interface WarmInput {
  build: SerializedBuild;
  base: string;
  context: { '@context': Record<string, unknown> };
  stylesheet: Buffer;
  cacheBytes: number;
}

/** Every document the warm-up rendered, as the thread sends it back. */
export interface HeldDocuments {
  /** Entity documents by cache key (see EntityDocuments.entries). */
  entities: [string, Representation][];
  ontology: Representations;
  void: Representations;
  landing: Representation;
  dumps: Dump[];
}

export type WarmThreadMessage =
  | { type: 'rendered'; id: number; rep: Representation }
  | { type: 'failed'; id: number; message: string }
  | { type: 'entities'; entries: [string, Representation][] }
  | { type: 'warmed'; held: HeldDocuments }
  | { type: 'error'; message: string };

export interface WarmRequest {
  id: number;
  slug: string;
  key: DocumentKey;
}

export interface WarmThread {
  /** The document, rendered by the thread; undefined once the thread has sent its documents. */
  render(slug: string, key: DocumentKey): Promise<Representation> | undefined;
  /** Everything rendered, or undefined when the thread was stopped because `proceed` said so. */
  done: Promise<HeldDocuments | undefined>;
}

const ENTRY = workerEntry(new URL('./warm-thread.js', import.meta.url));
/** How often the thread's publication is asked whether it is still the one served. */
const PROCEED_CHECK_MS = 100;

export function warmOffThread(input: WarmInput, proceed: () => boolean): WarmThread {
  const worker = new Worker(ENTRY, { workerData: input });
  const waiting = new Map<number, { resolve(rep: Representation): void; reject(e: Error): void }>();
  let nextId = 0;
  const entities: [string, Representation][] = [];
  let open = true;
  const finish = () => {
    open = false;
    clearInterval(check);
    // Requests already sent are answered first: the thread's cache has them.
    if (waiting.size === 0) void worker.terminate();
  };
  const check = setInterval(() => {
    if (!proceed()) void worker.terminate();
  }, PROCEED_CHECK_MS);
  check.unref();

  const done = new Promise<HeldDocuments | undefined>((resolve, reject) => {
    worker.on('message', (m: WarmThreadMessage) => {
      if (m.type === 'rendered' || m.type === 'failed') {
        const request = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.type === 'rendered') request?.resolve(reviveRepresentation(m.rep));
        else request?.reject(new Error(m.message));
        if (!open && waiting.size === 0) void worker.terminate();
      } else if (m.type === 'entities') {
        for (const [k, rep] of m.entries) entities.push([k, reviveRepresentation(rep)]);
      } else if (m.type === 'warmed') {
        finish();
        resolve({ ...reviveHeld(m.held), entities });
      } else {
        finish();
        reject(new Error(m.message));
      }
    });
    worker.once('error', (e) => {
      finish();
      reject(e);
    });
    worker.once('exit', (code) => {
      finish();
      for (const request of waiting.values()) request.reject(new Error(`the warm-up thread exited (code ${code})`));
      waiting.clear();
      // Stopped on purpose (proceed said no), or an exit before the documents came back.
      if (!proceed()) resolve(undefined);
      else reject(new Error(`the warm-up thread exited (code ${code}) without its documents`));
    });
  });

  return {
    render(slug, key) {
      if (!open) return undefined;
      const id = nextId++;
      const request: WarmRequest = { id, slug, key };
      return new Promise<Representation>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage(request);
      });
    },
    done,
  };
}

// A Buffer crosses threads as a plain Uint8Array: made a Buffer again over the same bytes.
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const reviveRepresentation = (rep: Representation): Representation => ({ ...rep, body: asBuffer(rep.body) });

function reviveHeld(held: HeldDocuments): HeldDocuments {
  const reviveMap = (docs: Representations): Representations => new Map([...docs].map(([k, rep]) => [k, reviveRepresentation(rep)]));
  return {
    entities: held.entities.map(([k, rep]) => [k, reviveRepresentation(rep)]),
    ontology: reviveMap(held.ontology),
    void: reviveMap(held.void),
    landing: reviveRepresentation(held.landing),
    dumps: held.dumps.map((d) => ({ ...d, body: asBuffer(d.body) })),
  };
}
