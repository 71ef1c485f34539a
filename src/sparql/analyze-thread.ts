// The thread that parses queries too long to parse on the server's own thread (see
// analyze-off-thread.ts). One query at a time; what it sends back is plain data.
import { parentPort } from 'node:worker_threads';
import { analyze, QuerySyntaxError, toTransferable, type Prologue, type TransferableAnalysis } from '../query/analyze.js';

export interface AnalyzeRequest {
  id: number;
  query: string;
  baseIri?: string;
  prologue?: Prologue;
  /** The row caps the receiver will ask capped() and graphCap() for. */
  rows: number[];
}

export type AnalyzeReply =
  | { ready: true; id?: undefined }
  | { id: number; ok: true; analysis: TransferableAnalysis }
  /** A refusal of the query (its error's name and message), never the thread's own failure. */
  | { id: number; ok: false; name: string; message: string };

parentPort!.on('message', (req: AnalyzeRequest) => {
  let reply: AnalyzeReply;
  try {
    reply = { id: req.id, ok: true, analysis: toTransferable(analyze(req.query, req.baseIri, req.prologue), req.rows) };
  } catch (e) {
    const error = e instanceof Error ? e : new QuerySyntaxError(String(e));
    reply = { id: req.id, ok: false, name: error.name, message: error.message };
  }
  parentPort!.postMessage(reply);
});

// Started and listening: a parse's time limit counts from here, not from the thread's start.
parentPort!.postMessage({ ready: true });
