// The entity routes, /resource/{Slug}, /data/{Slug}[.ext] and /page/{Slug}, as one node:http
// handler over the documents in memory (rendered on first request when they are not). Dereferencing is the hot path of a linked-data server:
// app.ts runs this before express's router, which would otherwise cost more than the response
// itself (docs/BENCHMARKS.md, "Dereferencing"). It answers GET and HEAD; anything else, and every
// other path, is left to express (OPTIONS preflight included).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Site } from '../publication.js';
import { plainText, writePlanned, type Planned } from './planned.js';
import { dataResponse } from './routes/data.js';
import { pageResponse } from './routes/page.js';
import { resourceResponse } from './routes/resource.js';

const ENTITY_PATH = /^\/(resource|data|page)\/([^/?#]+)(?:\?.*)?$/;

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function entityDocuments(site: Site, log: (entry: Record<string, unknown>) => void = (e) => console.error(JSON.stringify(e))): NodeHandler {
  return (req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    const match = ENTITY_PATH.exec(req.url ?? '');
    if (!match) return false;
    const fail = (error: unknown): Planned => {
      if (error instanceof URIError) return plainText(400, 'Malformed percent-encoding in the path');
      log({ level: 'error', url: req.url, status: 500, error: String((error as Error)?.stack ?? error) });
      return plainText(500, 'Internal server error');
    };
    let plan: Planned | Promise<Planned>;
    try {
      const segment = decodeURIComponent(match[2]!);
      const pub = site.current;
      const facts = { method, headers: req.headers };
      plan = match[1] === 'resource' ? resourceResponse(pub, segment, facts)
        : match[1] === 'data' ? dataResponse(pub, segment, facts)
        : pageResponse(pub, segment, facts);
    } catch (error) {
      plan = fail(error);
    }
    // A client gone while its document was rendered: writing to it is a no-op, never a crash.
    if (plan instanceof Promise) plan.catch(fail).then((p) => writePlanned(method, res, p)).catch((e: unknown) => log({ level: 'error', url: req.url, error: String(e) }));
    else writePlanned(method, res, plan);
    return true;
  };
}
