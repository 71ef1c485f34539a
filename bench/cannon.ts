// The load generator: autocannon on loopback, bounded in time, every response's latency kept so
// that rounds of the same side can be merged; and the A B A B alternation that gives a ratio to a
// baseline measured in the same run, on the same machine, minutes apart at most.
import autocannon from 'autocannon';
import { percentile } from './machine.js';
import { cpuMs, rssBytes, type EventLoopDelay } from './processes.js';

export interface Target {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Spread the load: each request takes the next of these (path and/or body) in turn, shared by
   *  every connection, so consecutive requests ask for different documents. */
  rotate?: { path?: string; body?: string }[];
}

/** autocannon's options for a target. */
function targetOptions({ url, method = 'GET', headers = {}, body, rotate }: Target): autocannon.Options {
  let next = 0;
  const requests = rotate?.length
    ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...rotate[next++ % rotate.length] }) }]
    : undefined;
  return { url, method, headers, ...(body !== undefined ? { body } : {}), ...(requests ? { requests } : {}) };
}

/** One side of a comparison: what to load, and the process that answers (for its RSS). */
export interface Side {
  label: string;
  target: Target;
  pid?: number;
  /** The publisher's event-loop-delay probe, when it has one. */
  eld?: { reset(): Promise<void>; read(): Promise<EventLoopDelay | undefined> };
}

export interface Stats {
  /** 2xx answers. */
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  /** Highest RSS of the answering process seen while loaded (sampled every 200 ms). */
  rssMax: number;
  /** CPU time (user + system, every thread) of the answering process per 2xx answer, in µs:
   *  on a machine the load saturates, what a request costs, less noisy than req/s. */
  cpuUsPerRequest: number;
  /** CPU time of the load generator (this process: autocannon and its bookkeeping) per 2xx
   *  answer, in µs: what each request costs the machine before any side answers it. */
  loadUsPerRequest: number;
  /** Event-loop delay while loaded (the worst round). */
  eld?: EventLoopDelay;
}

interface Round {
  requests: number;
  seconds: number;
  latencies: number[];
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  rssMax: number;
  /** CPU time of the answering process during the round, in ms. */
  cpuMs: number;
  /** CPU time of this process (the load generator) during the round, in ms. */
  loadCpuMs: number;
  eld?: EventLoopDelay;
}

const HARD_LIMIT_S = 120;

async function round(side: Side, connections: number, seconds: number): Promise<Round> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let rssMax = 0;
  const sample = () => {
    if (side.pid) rssMax = Math.max(rssMax, rssBytes(side.pid) || 0);
  };
  await side.eld?.reset();
  const cpuBefore = side.pid ? cpuMs(side.pid) : NaN;
  const loadBefore = process.cpuUsage();
  const timer = setInterval(sample, 200);
  const started = performance.now();
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        ...targetOptions(side.target),
        connections,
        duration: Math.min(seconds, HARD_LIMIT_S),
        timeout: 10,
      },
      (err, result) => (err ? reject(err as Error) : resolve(result)),
    );
  });
  // Throughput and latency count 2xx answers only: a fast 503 is not a served request.
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await done;
  clearInterval(timer);
  sample();
  const cpu = side.pid ? cpuMs(side.pid) - cpuBefore : NaN;
  const load = process.cpuUsage(loadBefore);
  const elapsed = (performance.now() - started) / 1000;
  const eld = await side.eld?.read();
  return {
    requests: latencies.length,
    seconds: result.duration || elapsed,
    latencies,
    errors: result.errors,
    non2xx: result.non2xx,
    statuses,
    rssMax,
    cpuMs: cpu,
    loadCpuMs: (load.user + load.system) / 1000,
    ...(eld ? { eld } : {}),
  };
}

function merge(rounds: Round[]): Stats {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const elds = rounds.map((r) => r.eld).filter((e): e is EventLoopDelay => !!e);
  const eld = elds.length ? elds.reduce((a, b) => (b.p99 > a.p99 ? b : a)) : undefined;
  return {
    requests,
    seconds,
    reqPerSec: seconds ? requests / seconds : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
    statuses,
    rssMax: Math.max(...rounds.map((r) => r.rssMax)),
    cpuUsPerRequest: requests ? (rounds.reduce((n, r) => n + r.cpuMs, 0) * 1000) / requests : NaN,
    loadUsPerRequest: requests ? (rounds.reduce((n, r) => n + r.loadCpuMs, 0) * 1000) / requests : NaN,
    ...(eld ? { eld } : {}),
  };
}

/** A B A B …: `rounds` rounds of each side, alternating, each `seconds` long. */
export async function compare(
  a: Side,
  b: Side | undefined,
  connections: number,
  seconds: number,
  rounds: number,
): Promise<{ a: Stats; b?: Stats }> {
  const as: Round[] = [];
  const bs: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await round(a, connections, seconds));
    if (b) bs.push(await round(b, connections, seconds));
  }
  return { a: merge(as), ...(b ? { b: merge(bs) } : {}) };
}

/** Several sides in turn (A B C A B C …): `rounds` rounds of each, each `seconds` long. */
export async function compareMany(sides: Side[], connections: number, seconds: number, rounds: number): Promise<Stats[]> {
  const all: Round[][] = sides.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (const [k, side] of sides.entries()) all[k]!.push(await round(side, connections, seconds));
  }
  return all.map(merge);
}

/** A short untimed run to warm a side (JIT, caches, connections). */
export async function warm(side: Side, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  await autocannon({ ...targetOptions(side.target), connections: 8, duration: seconds, timeout: 10 });
}
