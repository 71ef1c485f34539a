// Graceful shutdown on SIGTERM: stop accepting connections, let in-flight requests finish within a
// deadline (asking keep-alive clients to go away), then close what is left and release the store.
import type { Server } from 'node:http';
import type { RequestHandler } from 'express';

export interface Shutdown {
  /** Marks responses `Connection: close` once draining has begun. */
  middleware: RequestHandler;
  draining(): boolean;
  shutdown(): Promise<void>;
}

export function gracefulShutdown(server: Server, options: { deadlineMs: number; onClosed(): Promise<void> }): Shutdown {
  let draining = false;
  let done: Promise<void> | undefined;
  return {
    middleware: (_req, res, next) => {
      if (draining) res.set('Connection', 'close');
      next();
    },
    draining: () => draining,
    shutdown() {
      done ??= new Promise<void>((resolve) => {
        draining = true;
        const deadline = setTimeout(() => server.closeAllConnections(), options.deadlineMs);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          options.onClosed().finally(resolve);
        });
        server.closeIdleConnections();
      });
      return done;
    },
  };
}
