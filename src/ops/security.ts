// Security headers (helmet). The default Content-Security-Policy is the strictest: nothing may load.
// The HTML pages (views/layout.ts, the SPARQL and TPF pages) replace it with the policy each of them
// needs, and all of those allow only what the app itself serves.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export const DEFAULT_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: DEFAULT_CONTENT_SECURITY_POLICY },
    // Linked data is read cross-origin by design: do not isolate resources from other origins.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
}

/**
 * The headers helmet sets, captured once: they do not depend on the request, so the hot path
 * copies them instead of running the middleware for every response.
 */
export function securityHeaderSet(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => {
      headers[name] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  };
  securityHeaders()({} as never, res as never, () => {});
  return headers;
}
