/**
 * The open-loop load generator of every benchmark. Requests are sent on a schedule fixed in advance
 * (a constant rate, or Poisson arrivals), whether or not earlier ones have answered, as real users
 * do; each latency is measured from the request's *scheduled* send time, so a server that falls
 * behind shows the queueing its users would feel (no coordinated omission). Connections come from a
 * keep-alive agent that opens more sockets when all are busy.
 */
import http from 'node:http';

export interface Sample {
  /** ms since the start, when the request was due */
  at: number;
  /** ms from the due time to the end of the response body */
  latency: number;
  status: number;
  error?: string;
}

export interface Stats {
  rate: number;
  durationSeconds: number;
  sent: number;
  completed: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** completed per second over the run */
  throughput: number;
}

export interface RequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, keepAliveMsecs: 10_000 });

/** One HTTP request; resolves with the status (or throws), having read the whole body. */
export function send(base: string, spec: RequestSpec): Promise<number> {
  const url = new URL(spec.path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: spec.method ?? 'GET', agent, headers: { 'accept-encoding': 'gzip', ...(spec.body ? { 'content-length': Buffer.byteLength(spec.body).toString() } : {}), ...spec.headers } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (spec.body) req.write(spec.body);
    req.end();
  });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (x: number) => Math.round(x * 10) / 10;

export function summarise(samples: Sample[], rate: number, durationSeconds: number, ok: (status: number) => boolean = (s) => s >= 200 && s < 400): Stats {
  const good = samples.filter((s) => !s.error && ok(s.status));
  const lat = good.map((s) => s.latency).sort((a, b) => a - b);
  return {
    rate,
    durationSeconds,
    sent: samples.length,
    completed: good.length,
    errors: samples.length - good.length,
    p50: round(percentile(lat, 50)),
    p95: round(percentile(lat, 95)),
    p99: round(percentile(lat, 99)),
    max: round(lat.at(-1) ?? 0),
    throughput: round(good.length / durationSeconds),
  };
}

/**
 * Sends `rate` requests a second for `durationSeconds`. `next(i)` gives the i-th request (so each
 * can differ: another learner, another query). With `poisson`, gaps are exponential with the same
 * mean rate. Waits for every response (or its 30 s timeout) before returning.
 */
export async function openLoop({
  base,
  rate,
  durationSeconds,
  next,
  poisson = false,
  ok,
}: {
  base: string;
  rate: number;
  durationSeconds: number;
  next: (i: number) => RequestSpec | Promise<RequestSpec>;
  poisson?: boolean;
  ok?: (status: number) => boolean;
}): Promise<{ stats: Stats; samples: Sample[] }> {
  const due: number[] = [];
  for (let t = 0, i = 0; ; i++) {
    t = poisson ? t + (-Math.log(1 - Math.random()) * 1000) / rate : (i * 1000) / rate;
    if (t >= durationSeconds * 1000) break;
    due.push(t);
  }
  const samples: Sample[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < due.length; i++) {
    const at = due[i]!;
    const wait = at - (performance.now() - start);
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      (async () => {
        const spec = await next(i);
        try {
          const status = await send(base, spec);
          samples.push({ at, latency: performance.now() - start - at, status });
        } catch (error) {
          samples.push({ at, latency: performance.now() - start - at, status: 0, error: error instanceof Error ? error.message : String(error) });
        }
      })(),
    );
  }
  await Promise.all(pending);
  return { stats: summarise(samples, rate, durationSeconds, ok), samples };
}

/**
 * The knee: the highest rate (from `rates`, ascending) whose p95 stays under `budgetMs` with no
 * errors. Stops at the first rate that misses.
 */
export async function findKnee(rates: number[], budgetMs: number, run: (rate: number) => Promise<Stats>): Promise<{ knee: number | null; steps: Stats[] }> {
  const steps: Stats[] = [];
  let knee: number | null = null;
  for (const rate of rates) {
    const s = await run(rate);
    steps.push(s);
    if (s.errors === 0 && s.p95 < budgetMs) knee = rate;
    else break;
  }
  return { knee, steps };
}
