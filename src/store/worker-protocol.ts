// The messages between the query pool and its workers.
import type { QueryFormName } from '../query/analyze.js';

export type { QueryFormName };

/** Which dataset a query runs over: the merge of all graphs (each statement once), the query's own FROM/FROM NAMED,
 *  or the graphs the protocol request named. */
export type DatasetSpec = 'union' | 'query' | { defaultGraphs: string[]; namedGraphs: string[] };

export type WorkerRequest =
  /** The dataset as N-Quads in UTF-8: half the memory of a JavaScript string of it. */
  | { type: 'load'; id: number; nquads: Uint8Array }
  | {
      type: 'query';
      id: number;
      form: QueryFormName;
      query: string;
      /** When the row cap can apply: the query asking for cap + 1 rows (SELECT), or for cap + 1
       *  solutions (CONSTRUCT/DESCRIBE, so the engine never builds more than that), and for cap rows. */
      probeQuery?: string;
      cappedQuery?: string;
      /** CONSTRUCT/DESCRIBE with `probeQuery`: a SELECT with a row only when the query has more
       *  solutions than `probeQuery` let through (its triples alone cannot tell). */
      moreQuery?: string;
      maxRows: number;
      /** Media type of the serialized results: SPARQL results (SELECT/ASK) or RDF (CONSTRUCT/DESCRIBE). */
      format: string;
      dataset: DatasetSpec;
      baseIri?: string;
    };

/** Why a worker must not answer again: its engine's stack overflowed (the query nests or chains
 *  too deeply for it), or its WebAssembly failed (a panic). Either may leave oxigraph's memory
 *  corrupt, so the pool replaces the worker before it serves anyone. */
export type Fatal = 'stack' | 'panic';

export type WorkerReply =
  | {
      id: number;
      ok: true;
      body: string;
      truncated: boolean;
      /** The evaluation's own time in the worker. */
      ms?: number;
      /** Bytes the worker holds outside its JavaScript heap after the query (oxigraph's
       *  WebAssembly memory, which never shrinks), so the pool can recycle a worker a big query grew. */
      external?: number;
    }
  | { id: number; ok: false; error: string; fatal?: Fatal };

/** Sent once by a worker when it has loaded its data and listens: its first query's time starts
 *  then. `external`: its memory outside the JavaScript heap with the data loaded. */
export interface WorkerReady {
  ready: true;
  external?: number;
}
