/**
 * npm run bench:lighthouse — Lighthouse (the `lighthouse` package, driving Debian's Chromium through
 * chrome-launcher) on the module page, the library search and the quiz page, with its default
 * simulated mobile throttling, against the production build on PostgreSQL (issue 18).
 * Budget: performance ≥ 95, accessibility 100 on every page. The learner's session cookie is sent
 * with every request Lighthouse makes (extraHeaders).
 * LIGHTHOUSE_RUNS=3 runs each page three times and keeps the median performance score.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { createDatabase, ensureBuild, machine, signIn, startServer, stopServer, writeResult } from './support';

const PORT = 3210;
const BASE = `http://localhost:${PORT}`;
const RUNS = Number(process.env.LIGHTHOUSE_RUNS || 1);
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const PAGES = [
  { name: 'module', path: '/corsi/dream/fonti-attori-competenze' },
  { name: 'library search', path: '/biblioteca/cerca?q=permesso+di+soggiorno' },
  { name: 'quiz', path: '/corsi/dream/fonti-attori-competenze/quiz' },
];
const BUDGET = { performance: 95, accessibility: 100 };

interface PageResult {
  name: string;
  path: string;
  performance: number;
  accessibility: number;
  runs: number[];
  metrics: Record<string, number>;
  /** Audits that cost performance or accessibility points, worst first. */
  losses: { id: string; title: string; score: number | null; displayValue?: string }[];
}

ensureBuild();
const db = await createDatabase('aula_bench_lighthouse');
const server = await startServer({ port: PORT, databaseUrl: db.url });
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', chromeFlags: CHROME_FLAGS });
const results: PageResult[] = [];
try {
  const cookie = await signIn(BASE, 'discente@aula.test');
  for (const page of PAGES) {
    const check = await fetch(`${BASE}${page.path}`, { headers: { Cookie: cookie } });
    if (check.status !== 200) throw new Error(`${page.path}: ${check.status}`);
    const runs: { perf: number; lhr: NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'] }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const out = await lighthouse(
        `${BASE}${page.path}`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], extraHeaders: { Cookie: cookie } },
        undefined,
      );
      if (!out) throw new Error(`Lighthouse non ha prodotto un risultato per ${page.path}`);
      const lhr = out.lhr;
      if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.message}`);
      runs.push({ perf: Math.round((lhr.categories.performance?.score ?? 0) * 100), lhr });
    }
    runs.sort((a, b) => a.perf - b.perf);
    const median = runs[Math.floor(runs.length / 2)]!;
    const lhr = median.lhr;
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? 0;
    const losses = (['performance', 'accessibility'] as const).flatMap((cat) =>
      (lhr.categories[cat]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => ({ id: ref.id, title: lhr.audits[ref.id]!.title, score: lhr.audits[ref.id]!.score, displayValue: lhr.audits[ref.id]!.displayValue })),
    );
    results.push({
      name: page.name,
      path: page.path,
      performance: median.perf,
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      runs: runs.map((r) => r.perf),
      metrics: {
        firstContentfulPaintMs: Math.round(audit('first-contentful-paint')),
        largestContentfulPaintMs: Math.round(audit('largest-contentful-paint')),
        totalBlockingTimeMs: Math.round(audit('total-blocking-time')),
        cumulativeLayoutShift: Math.round(audit('cumulative-layout-shift') * 1000) / 1000,
        speedIndexMs: Math.round(audit('speed-index')),
        totalByteWeightKB: Math.round(audit('total-byte-weight') / 102.4) / 10,
      },
      losses,
    });
  }
} finally {
  chrome.kill();
  await stopServer(server);
  await db.drop();
}

const result = {
  benchmark: 'lighthouse',
  date: new Date().toISOString(),
  machine: machine(),
  database: 'postgresql',
  lighthouse: (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version,
  chromium: '/usr/bin/chromium',
  throttling: 'simulated mobile (Lighthouse default)',
  runsPerPage: RUNS,
  pages: results,
  budget: BUDGET,
  met: results.every((p) => p.performance >= BUDGET.performance && p.accessibility >= BUDGET.accessibility),
};
const file = writeResult('lighthouse', result);
console.log(`\nLighthouse ${result.lighthouse}, Chromium di Debian, throttling mobile simulato, build di produzione su PostgreSQL`);
for (const p of results) {
  const m = p.metrics;
  console.log(
    `${p.name.padEnd(15)} prestazioni ${String(p.performance).padStart(3)}${RUNS > 1 ? ` (${p.runs.join(', ')})` : ''} · accessibilità ${String(p.accessibility).padStart(3)} · FCP ${m.firstContentfulPaintMs} ms, LCP ${m.largestContentfulPaintMs} ms, TBT ${m.totalBlockingTimeMs} ms, CLS ${m.cumulativeLayoutShift}, SI ${m.speedIndexMs} ms, ${m.totalByteWeightKB} KB`,
  );
  for (const l of p.losses) console.log(`    ${l.id}: ${l.title}${l.displayValue ? ` — ${l.displayValue}` : ''} (${l.score})`);
}
console.log(`budget: prestazioni ≥ ${BUDGET.performance}, accessibilità ${BUDGET.accessibility} — ${result.met ? 'rispettato' : 'NON rispettato'} · risultati in ${file}`);
