// Hot reload: build and validate the new graph off to the side; if it fails, keep serving the old
// one and log the report; if it passes, publish it into a fresh store and swap it in with one
// assignment. Requests that began on the old publication finish on it: the old store is retired
// only after a grace period, so every response comes wholly from one graph.
import type { BuiltGraph } from '../graph/build.js';
import { publish, warmInBackground, type PublishOptions, type CurrentPublication } from '../publication/publication.js';
import type { GraphStore } from '../store/store.js';
import type { Logger } from './logging.js';
import type { Metrics } from './metrics.js';

export type ReloadOutcome = { ok: true; quads: number; ms: number } | { ok: false; error: string };

export interface ReloaderDeps {
  site: CurrentPublication;
  rebuild(): Promise<BuiltGraph>;
  createStore(): GraphStore | Promise<GraphStore>;
  /** How long the old store keeps answering the requests that started on it. */
  retireAfterMs: number;
  publishOptions?: PublishOptions;
  metrics?: Metrics;
  logger?: Logger;
}

export interface Reloader {
  reload(reason: string): Promise<ReloadOutcome>;
  /** Retires any store still waiting for its grace period (on shutdown). */
  close(): Promise<void>;
}

export function createReloader(deps: ReloaderDeps): Reloader {
  let running: Promise<ReloadOutcome> | undefined;
  let queued: Promise<ReloadOutcome> | undefined;
  const retiring = new Set<{ store: GraphStore; timer: NodeJS.Timeout }>();

  async function once(reason: string): Promise<ReloadOutcome> {
    const started = performance.now();
    let graph: BuiltGraph;
    try {
      graph = await deps.rebuild();
    } catch (e) {
      const error = (e as Error).message;
      deps.metrics?.reloads.inc({ outcome: 'rejected' });
      deps.logger?.error({ reason, report: error }, 'reload rejected: the new graph failed the build; still serving the previous one');
      return { ok: false, error };
    }
    const store = await deps.createStore();
    try {
      const next = await publish(graph, store, deps.publishOptions);
      const previous = deps.site.current;
      deps.site.current = next;
      warmInBackground(deps.site, deps.logger);
      const retire = { store: previous.store, timer: setTimeout(() => void finish(retire, true), deps.retireAfterMs) };
      retiring.add(retire);
    } catch (e) {
      await store.close().catch(() => {});
      deps.metrics?.reloads.inc({ outcome: 'failed' });
      deps.logger?.error({ reason, error: String(e) }, 'reload failed while publishing; still serving the previous graph');
      return { ok: false, error: String(e) };
    }
    const ms = performance.now() - started;
    deps.metrics?.reloads.inc({ outcome: 'ok' });
    deps.logger?.info({ reason, quads: graph.quads.length, ms: Math.round(ms) }, 'graph reloaded');
    return { ok: true, quads: graph.quads.length, ms };
  }

  /** `drain`: the store first answers what waits in it (each query bounded by its time limit);
   *  on shutdown it is closed at once, the server's own deadline having passed. */
  async function finish(entry: { store: GraphStore; timer: NodeJS.Timeout }, drain = false) {
    clearTimeout(entry.timer);
    if (drain) await entry.store.drain?.().catch(() => {});
    if (!retiring.delete(entry)) return;
    await entry.store.close().catch(() => {});
  }

  return {
    reload(reason) {
      // One reload at a time; changes that arrive meanwhile are folded into one more.
      if (!running) {
        running = once(reason).finally(() => {
          running = undefined;
        });
        return running;
      }
      queued ??= running.then(() => {
        queued = undefined;
        return this.reload(reason);
      });
      return queued;
    },
    async close() {
      await Promise.all([...retiring].map((entry) => finish(entry)));
    },
  };
}
