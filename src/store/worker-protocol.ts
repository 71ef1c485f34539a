// The messages between the query pool and its workers.
export type QueryFormName = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

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
      /** SELECT only, when the row cap can apply: the query asking for cap + 1 rows, and for cap rows. */
      probeQuery?: string;
      cappedQuery?: string;
      maxRows: number;
      /** Media type of the serialized results: SPARQL results (SELECT/ASK) or RDF (CONSTRUCT/DESCRIBE). */
      format: string;
      dataset: DatasetSpec;
      baseIri?: string;
    };

export type WorkerReply =
  | { id: number; ok: true; body: string; truncated: boolean; /** The evaluation's own time in the worker. */ ms?: number }
  | { id: number; ok: false; error: string };

/** Sent once by a worker when it has loaded its data and listens: its first query's time starts then. */
export interface WorkerReady {
  ready: true;
}
