// Queries and a wait that the tests of the query pool share.
import { BASE } from './server.js';

/** Four unconstrained patterns over a few thousand triples: it runs until it is stopped. */
export const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';

/** One row, the siege's date: a query any worker answers at once. */
export const SIEGE_DATE = `PREFIX bo: <${BASE}ontology#> PREFIX : <${BASE}resource/> SELECT ?date WHERE { :Siege_of_Busanjin bo:date ?date }`;

/** Resolves once `condition` holds; fails, naming `what`, after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Settings for tests about the pool itself, whose requests all come from one address: that
 *  client may use every worker and the whole queue (fair sharing is tested in hostile.test.ts). */
export const ONE_CLIENT = { SPARQL_WORKERS_PER_CLIENT: '64', SPARQL_QUEUE_PER_CLIENT: '10000' };
