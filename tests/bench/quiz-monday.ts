/**
 * The Monday 9:00 scenario of bench:quiz (issue 18): LEARNERS learners, each with their own session,
 * arrive over ARRIVAL_SECONDS (Poisson arrivals). Each opens the quiz, starts a 10-question attempt
 * (the POST and the attempt page), saves each answer after 2–6 s of thinking, submits, and reads the
 * review. Every step is timed from the moment the learner sends it; the arrivals follow their
 * schedule whatever the server does (open loop).
 */
import crypto from 'node:crypto';
import type postgres from 'postgres';
import { percentile } from './support';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
function token(): string {
  const bytes = crypto.randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** Learners and their sessions, written straight into the database (as sign-in would). */
export async function createLearners(sql: postgres.Sql, count: number, passwordHash: string): Promise<string[]> {
  const cookies: string[] = [];
  for (let from = 0; from < count; from += 500) {
    const batch = Array.from({ length: Math.min(500, count - from) }, (_, k) => ({ email: `lunedi${from + k}@aula.test`, name: `Discente ${from + k}`, password_hash: passwordHash }));
    const users = await sql<Array<{ id: string }>>`insert into users ${sql(batch)} returning id`;
    await sql`insert into user_roles ${sql(users.map((u) => ({ user_id: u.id, role: 'learner' })))}`;
    const sessions = users.map((u) => {
      const t = token();
      cookies.push(`aula_session=${t}`);
      return { id: crypto.createHash('sha256').update(t).digest('hex'), user_id: u.id, expires_at: new Date(Date.now() + 30 * 86_400_000), method: 'password', last_seen_at: new Date() };
    });
    await sql`insert into sessions ${sql(sessions)}`;
  }
  return cookies;
}

export interface MondayResult {
  learners: number;
  arrivalSeconds: number;
  seconds: number;
  completedAttemptsPerSecond: number;
  steps: Record<'open' | 'start' | 'save' | 'submit' | 'review', { n: number; p50: number; p95: number; p99: number }>;
  errors: number;
  errorSamples: string[];
}

export async function mondayMorning({ base, cookies, arrivalSeconds, quizPath }: { base: string; cookies: string[]; arrivalSeconds: number; quizPath: string }): Promise<MondayResult> {
  const times = { open: [] as number[], start: [] as number[], save: [] as number[], submit: [] as number[], review: [] as number[] };
  let errors = 0;
  const errorSamples: string[] = [];
  const fail = (what: string) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what);
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const form = (o: Record<string, string>) => new URLSearchParams(o);
  const rate = cookies.length / arrivalSeconds;
  const arrivals: number[] = [];
  for (let t = 0, i = 0; i < cookies.length; i++) {
    t += (-Math.log(1 - Math.random()) * 1000) / rate;
    arrivals.push(t);
  }
  const t0 = performance.now();
  let completed = 0;
  await Promise.all(
    cookies.map(async (cookie, i) => {
      await sleep(arrivals[i]! - (performance.now() - t0));
      const headers = { Cookie: cookie, Origin: base };
      const timed = async (bucket: number[], send: () => Promise<Response>, expected: number) => {
        const t = performance.now();
        const res = await send();
        await res.arrayBuffer();
        bucket.push(performance.now() - t);
        if (res.status !== expected) fail(`${res.status} ≠ ${expected}`);
        return res;
      };
      try {
        await timed(times.open, () => fetch(`${base}${quizPath}`, { headers }), 200);
        const t = performance.now();
        const started = await fetch(`${base}${quizPath}`, { method: 'POST', body: form({ intent: 'start' }), headers, redirect: 'manual' });
        const location = started.headers.get('location');
        if (started.status !== 302 || !location) throw new Error(`start ${started.status}`);
        const page = await fetch(`${base}${location}`, { headers });
        const answers = answersFrom(await page.text());
        times.start.push(performance.now() - t);
        if (page.status !== 200) fail(`attempt page ${page.status}`);
        if (Object.keys(answers).length !== 10) fail(`${Object.keys(answers).length} domande sulla pagina`);
        const given: Record<string, string> = {};
        for (const [field, value] of Object.entries(answers)) {
          await sleep(2000 + Math.random() * 4000);
          given[field] = value;
          await timed(times.save, () => fetch(`${base}${location}`, { method: 'POST', body: form({ intent: 'save', ...given }), headers, redirect: 'manual' }), 200);
        }
        const submitted = await timed(times.submit, () => fetch(`${base}${location}`, { method: 'POST', body: form({ intent: 'submit', ...given }), headers, redirect: 'manual' }), 302);
        const review = submitted.headers.get('location');
        if (review) await timed(times.review, () => fetch(`${base}${review}`, { headers }), 200);
        completed++;
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const stat = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const r = (n: number) => Math.round(n * 10) / 10;
    return { n: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)) };
  };
  return {
    learners: cookies.length,
    arrivalSeconds,
    seconds: Math.round(seconds * 10) / 10,
    completedAttemptsPerSecond: Math.round((completed / seconds) * 10) / 10,
    steps: { open: stat(times.open), start: stat(times.start), save: stat(times.save), submit: stat(times.submit), review: stat(times.review) },
    errors,
    errorSamples,
  };
}

/**
 * One answer per question, read from the attempt page: the first option of each question (option
 * ids are opaque and differ per attempt, so they cannot be written in advance).
 */
export function answersFrom(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = /\bname="(q_[^"]+)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    if (name && value !== undefined && /type="(radio|checkbox)"/.test(tag) && !(name in out)) out[name] = value;
  }
  return out;
}
