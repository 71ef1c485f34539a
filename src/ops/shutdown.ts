// Graceful shutdown on SIGTERM: stop accepting connections, let in-flight requests finish within a
// deadline (asking keep-alive clients to go away), then close what is left and release the store.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Shutdown {
  /** Marks responses `Connection: close` once draining has begun (on node's own response: a
   *  request arriving during the drain must not depend on any framework's methods). */
  mark(req: IncomingMessage, res: ServerResponse): void;
  draining(): boolean;
  shutdown(): Promise<void>;
}

export function gracefulShutdown(server: Server, options: { deadlineMs: number; onClosed(): Promise<void> }): Shutdown {
  let draining = false;
  let done: Promise<void> | undefined;
  return {
    mark: (_req, res) => {
      if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    },
    draining: () => draining,
    shutdown() {
      done ??= new Promise<void>((resolve) => {
        draining = true;
        const deadline = setTimeout(() => server.closeAllConnections(), options.deadlineMs);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          void options.onClosed().finally(resolve);
        });
        server.closeIdleConnections();
      });
      return done;
    },
  };
}
