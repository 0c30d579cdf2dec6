/**
 * npm run bench — every benchmark one after the other (never two at once on this machine), then one
 * table of the figures against their budgets, in Markdown and JSON, in tests/bench/results/summary.*.
 * BENCH_ONLY=module,search runs a subset; the table is built from whatever results/*.json exist.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ALL = ['module', 'search', 'quiz', 'certificates', 'mail', 'sportello', 'studio'];
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : ALL;
const dir = path.resolve('tests/bench/results');

for (const name of only) {
  console.log(`\n== bench:${name} ==`);
  const r = spawnSync('npm', ['run', `bench:${name}`], { stdio: 'inherit' });
  if (r.status !== 0) console.error(`bench:${name} non riuscito (codice ${r.status})`);
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const read = (name: string): Json | null => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Json;
  } catch {
    return null;
  }
};

interface Row {
  benchmark: string;
  measure: string;
  result: string;
  budget: string;
  met: boolean | null;
  date: string;
}
const rows: Row[] = [];
const add = (benchmark: string, data: Json | null, measure: string, result: (d: Json) => string, budget: string, met: (d: Json) => boolean | null) => {
  if (!data) return rows.push({ benchmark, measure, result: 'non misurato', budget, met: null, date: '' });
  let value = '–';
  let ok: boolean | null = null;
  try {
    value = result(data);
    ok = met(data);
  } catch {
    /* a result file from an older benchmark version */
  }
  rows.push({ benchmark, measure, result: value, budget, met: ok, date: String(data.date ?? '').slice(0, 10) });
};

const mod = read('module');
add(
  'module',
  mod,
  'knee, open loop (p95 < 50 ms)',
  (d) => `${d.openLoop.module.knee ?? 0} req/s (empty route ${d.openLoop.remixFloor.knee ?? 0}, /login ${d.openLoop.documentFloor.knee ?? 0})`,
  '≥ 600 req/s',
  (d) => (d.openLoop.module.knee ?? 0) >= 600,
);
add(
  'module',
  mod,
  'JavaScript, gzipped',
  (d) => `${d.jsGzipKB} KB`,
  '≤ 90 KB',
  (d) => d.jsGzipKB <= 90,
);
add(
  'module',
  mod,
  'CSS, gzipped',
  (d) => `${d.cssGzipKB} KB`,
  '≤ 30 KB',
  (d) => d.cssGzipKB <= 30,
);
add(
  'module',
  mod,
  'closed loop, 50 connections',
  (d) => `${d.aula.requestsPerSecond} req/s, p95 ${d.aula.p95} ms; bare Node ${d.bareNode.requestsPerSecond} req/s`,
  'continuity only',
  () => null,
);
const search = read('search');
add(
  'search',
  search,
  `open loop, 100 searches/s while typing`,
  (d) => `p50 ${d.openLoop.atRate.p50} ms, p95 ${d.openLoop.atRate.p95} ms, ${d.openLoop.atRate.errors} errors; knee ${d.openLoop.knee ?? 0}/s`,
  'p95 < 30 ms',
  (d) => d.openLoop.atRate.p95 < 30 && d.openLoop.atRate.errors === 0,
);
add(
  'search',
  search,
  'the search alone, one caller (uncached)',
  (d) => `p50 ${d.engineOneCaller.p50} ms, p95 ${d.engineOneCaller.p95} ms`,
  '–',
  () => null,
);
const quiz = read('quiz');
add(
  'quiz',
  quiz,
  `burst: ${quiz?.learners ?? '?'} learners at once`,
  (d) => `p95 start ${d.start.p95} ms, save ${d.save.p95} ms, submit ${d.submit.p95} ms; ${d.errors} errors; ${d.submissionsPerSecond} attempts/s (Moodle: 4–5/s)`,
  'p95 < 300 ms, 0 errors',
  (d) => d.errors === 0 && Math.max(d.start.p95, d.save.p95, d.submit.p95) < 300,
);
add(
  'quiz',
  quiz,
  `Monday 9:00: ${quiz?.monday?.learners ?? '?'} learners over ${quiz?.monday?.arrivalSeconds ?? '?'} s (Poisson)`,
  (d) =>
    `p95 open ${d.monday.steps.open.p95}, start ${d.monday.steps.start.p95}, save ${d.monday.steps.save.p95}, submit ${d.monday.steps.submit.p95}, review ${d.monday.steps.review.p95} ms; ${d.monday.errors} errors; ${d.monday.completedAttemptsPerSecond} attempts/s; ${d.monday.database_check.graded} graded`,
  'p95 < 300 ms, 0 errors, all graded',
  (d) => d.monday.errors === 0 && d.monday.database_check.ok && Math.max(...Object.values(d.monday.steps as Record<string, { p95: number }>).map((x) => x.p95)) < 300,
);
add(
  'quiz',
  quiz,
  'graded attempts',
  (d) => `${d.database_check.graded} of ${d.learners}`,
  'exactly all',
  (d) => d.database_check.ok === true,
);
const certs = read('certificates');
add(
  'certificates',
  certs,
  'PDF generation',
  (d) => `median ${d.pdf.renderMs.median} ms, p95 ${d.pdf.renderMs.p95} ms`,
  'median < 50 ms',
  (d) => d.pdf.renderMs.median < 50,
);
const mail = read('mail');
add(
  'mail',
  mail,
  `${mail?.messages ?? '?'} messages to a local SMTP sink`,
  (d) => `${d.messagesPerSecond} msg/s, worker peak RSS ${d.peakRssMB} MB, ${d.lost} lost, ${d.duplicated} duplicated`,
  '≥ 200 msg/s, RSS < 300 MB, 0 lost, 0 dup.',
  (d) => d.messagesPerSecond >= 200 && d.peakRssMB < 300 && d.lost === 0 && d.duplicated === 0,
);
const studio = read('studio');
add(
  'studio',
  studio,
  `preview of a ${studio ? Math.round(studio.preview.bytes / 1024) : '?'} KB module after a one-character edit`,
  (d) => `p50 ${d.preview.p50} ms, p95 ${d.preview.p95} ms`,
  'p95 < 300 ms',
  (d) => d.preview.p95 < 300,
);
add(
  'studio',
  studio,
  'learners on the module page during 20 publishes of it',
  (d) => `${d.learners.duringPublishes.requestsPerSecond} req/s vs ${d.learners.quiet.requestsPerSecond} without (${d.learners.slowdownPercent} % slower)`,
  'at most 10 % slower',
  (d) => d.learners.slowdownPercent <= 10,
);

const cpu = os.cpus()[0]?.model.trim() ?? '?';
const header = `Measured on ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL 15 and the load generator on the same machine.`;
const mark = (m: boolean | null) => (m === null ? '' : m ? 'met' : '**missed**');
const md = [
  header,
  '',
  '| benchmark | measure | result | budget | | date |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.benchmark} | ${r.measure} | ${r.result} | ${r.budget} | ${mark(r.met)} | ${r.date} |`),
].join('\n');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'summary.md'), md + '\n');
fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify({ machine: header, rows }, null, 2));
console.log(`\n${md}\n\nTabella in ${path.join(dir, 'summary.md')} e summary.json`);
