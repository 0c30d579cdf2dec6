/** Shared pieces of the benchmarks: a PostgreSQL database per run, the production server, load. */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';

export const PG_BASE = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432';

export function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

export async function createDatabase(prefix: string) {
  const name = `${prefix}_${Date.now()}`;
  const admin = postgres(`${PG_BASE}/postgres`, { onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return {
    url: `${PG_BASE}/${name}`,
    async drop() {
      const a = postgres(`${PG_BASE}/postgres`, { onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export function ensureBuild() {
  if (!fs.existsSync('build/server/index.js') || process.env.BENCH_REBUILD === 'true') execSync('npm run build', { stdio: 'inherit' });
}

export async function startServer({ port, databaseUrl, env = {} }: { port: number; databaseUrl: string; env?: Record<string, string> }): Promise<ChildProcess> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'app/cli/serve.js'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl, AULA_DEMO: 'true', DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE || '10', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/healthz`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('il server non è partito');
}

export function stopServer(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function signIn(base: string, email: string, password = 'aula-demo-2026') {
  const res = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ email, password }), redirect: 'manual' });
  const m = /aula_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error(`accesso non riuscito per ${email}`);
  return m[0];
}

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

/** autocannon load with exact percentiles from every response time. */
export async function load({
  url,
  connections,
  seconds,
  headers = {},
  requests,
}: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  requests?: autocannon.Request[];
}): Promise<LoadResult> {
  const times: number[] = [];
  const instance = autocannon({ url, connections, duration: seconds, headers, requests });
  (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, time: number) => times.push(time));
  const result = await instance;
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requestsPerSecond: round(result.requests.total / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * The floor of the HTTP stack on this machine: a Remix resource route that does no database work
 * (the public key set, kept in memory). No route of the app can answer faster than this at the same
 * concurrency, so a budget below it cannot be met by the app's own code.
 */
export const FLOOR_PATH = '/certificati/chiavi.json';

export async function remixFloor({ base, connections, seconds }: { base: string; connections: number; seconds: number }): Promise<LoadResult> {
  await load({ url: `${base}${FLOOR_PATH}`, connections: 10, seconds: 2 });
  return load({ url: `${base}${FLOOR_PATH}`, connections, seconds });
}

/**
 * The same floor as a burst: `clients` at once, each making its steps one after the other; a step
 * is one or more requests (`steps` gives how many), timed as a whole like the step it stands for.
 */
export async function burstFloor({ base, clients, steps }: { base: string; clients: number; steps: number[] }) {
  const times: number[][] = steps.map(() => []);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (const [i, requests] of steps.entries()) {
        const t = performance.now();
        for (let r = 0; r < requests; r++) await (await fetch(`${base}${FLOOR_PATH}`)).arrayBuffer();
        times[i]!.push(performance.now() - t);
      }
    }),
  );
  return times.map((xs) => {
    xs.sort((a, b) => a - b);
    return { p50: Math.round(percentile(xs, 50) * 10) / 10, p95: Math.round(percentile(xs, 95) * 10) / 10 };
  });
}

/**
 * The baseline: the same HTML bytes from a bare Node http server in this process, warmed up
 * (10 connections, 2 s) then loaded as Aula was.
 */
export async function bareNodeBaseline({ html, port, connections, seconds }: { html: Buffer; port: number; connections: number; seconds: number }): Promise<LoadResult> {
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': html.length });
    res.end(html);
  });
  await new Promise<void>((r) => bare.listen(port, r));
  await load({ url: `http://localhost:${port}/`, connections: 10, seconds: 2 });
  const baseline = await load({ url: `http://localhost:${port}/`, connections, seconds });
  bare.close();
  return baseline;
}

export function writeResult(name: string, data: unknown) {
  const dir = path.resolve('tests/bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}
