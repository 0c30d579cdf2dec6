/**
 * npm run bench:studio — the lecturers' studio under load, on PostgreSQL with the production build.
 *
 * 1. The preview of a module of at least 20 KB (module 5, 28 KB) after a one-character edit (each request a new text, so nothing
 *    is cached), as the browser with JavaScript asks for it (single-fetch `.data` POST).
 *    Budget: p95 under 300 ms.
 * 2. The module page's throughput for learners (closed loop, 20 connections) during a burst of 20
 *    publishes of that same module (save a draft, publish it), next to the same figure without
 *    them, and the learners' open-loop latency at a fixed rate in both cases.
 *    Budget: publishing slows learners by at most 10 %.
 */
import postgres from 'postgres';
import { openLoop, type Stats } from './open-loop';
import { createDatabase, ensureBuild, load, machine, percentile, signIn, startServer, stopServer, writeResult, type LoadResult } from './support';

const PORT = 3210;
const PREVIEWS = Number(process.env.BENCH_PREVIEWS || 40);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const PUBLISHES = 20;
const RATE = Number(process.env.BENCH_RATE || 100);
const MODULE = 'protezione-internazionale';
const PATH = `/corsi/dream/${MODULE}`;

ensureBuild();
const db = await createDatabase('aula_bench_studio');
const server = await startServer({ port: PORT, databaseUrl: db.url, env: { AULA_TOTP_REQUIRED: 'false' } });
const sql = postgres(db.url, { onnotice: () => {} });
try {
  const base = `http://localhost:${PORT}`;
  const lecturer = await signIn(base, 'docente@aula.test');
  const learner = await signIn(base, 'discente@aula.test');
  const [doc] = await sql<{ id: string; source: string }[]>`
    select d.id, v.source from content_documents d join content_versions v on v.id = d.current_version_id
    where d.kind = 'module' and d.scope = 'dream' and d.slug = ${MODULE}`;
  if (!doc) throw new Error(`modulo ${MODULE} non trovato`);
  const editor = `${base}/studio/moduli/${doc.id}`;

  // A 20 KB module: the real module, with paragraphs of its own kind appended up to 20 KB.
  const paragraph = '\n\nLa domanda di protezione internazionale si presenta alla Questura, che la registra e la trasmette alla Commissione territoriale competente.';
  let big = doc.source;
  while (Buffer.byteLength(big) < 20 * 1024) big += paragraph;
  const post = async (url: string, form: Record<string, string>, cookie: string) => {
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { Cookie: cookie, Origin: base }, redirect: 'manual' });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - t0, body };
  };

  // 1. Preview after a one-character edit (warm up twice first).
  const times: number[] = [];
  for (let i = -2; i < PREVIEWS; i++) {
    const source = `${big}${i % 2 ? '.' : ','}${i}`;
    const r = await post(`${editor}.data`, { intent: 'preview', source, quizSource: '', revision: '0' }, lecturer);
    if (r.status !== 200 || !r.body.includes('Commissione territoriale')) throw new Error(`anteprima: ${r.status}`);
    if (i >= 0) times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  const preview = { bytes: Buffer.byteLength(big), runs: times.length, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times.at(-1) ?? 0) };

  // 2. Learners with and without a burst of publishes of the module they read.
  const page = await fetch(`${base}${PATH}`, { headers: { Cookie: learner } });
  if (!page.ok) throw new Error(`pagina del modulo: ${page.status}`);
  await load({ url: `${base}${PATH}`, connections: 10, seconds: 2, headers: { Cookie: learner } });
  const quiet = await load({ url: `${base}${PATH}`, connections: 20, seconds: SECONDS, headers: { Cookie: learner } });
  const quietOpen = (await openLoop({ base, rate: RATE, durationSeconds: SECONDS, next: () => ({ path: PATH, headers: { Cookie: learner } }) })).stats;

  const publishTimes: number[] = [];
  const burst = async () => {
    for (let i = 0; i < PUBLISHES; i++) {
      const source = `${doc.source}\n\nAggiornamento di prova numero ${i + 1} (benchmark).\n`;
      const saved = await post(`${editor}.data`, { intent: 'save', source, quizSource: '', revision: '0' }, lecturer);
      const revision = /"revision",(\d+)/.exec(saved.body)?.[1] ?? '1';
      const t0 = performance.now();
      const published = await post(`${editor}.data`, { intent: 'publish', revision, note: `prova ${i + 1}` }, lecturer);
      if (published.status !== 200) throw new Error(`pubblicazione ${i + 1}: ${published.status} ${published.body.slice(0, 200)}`);
      publishTimes.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, ((SECONDS * 1000) / PUBLISHES) * 0.5));
    }
  };
  const [busy] = await Promise.all([load({ url: `${base}${PATH}`, connections: 20, seconds: SECONDS, headers: { Cookie: learner } }), burst()]);
  const versions = (await sql<{ n: number }[]>`select count(*)::int as n from content_versions where document_id = ${doc.id}`)[0]?.n ?? 0;
  publishTimes.length = 0;
  const [busyOpen] = await Promise.all([openLoop({ base, rate: RATE, durationSeconds: SECONDS, next: () => ({ path: PATH, headers: { Cookie: learner } }) }).then((r) => r.stats), burst()]);
  publishTimes.sort((a, b) => a - b);

  const slowdown = Math.round((1 - busy.requestsPerSecond / quiet.requestsPerSecond) * 1000) / 10;
  const result = {
    benchmark: 'studio',
    date: new Date().toISOString(),
    machine: machine(),
    database: 'postgresql',
    preview,
    learners: { path: PATH, connections: 20, seconds: SECONDS, quiet, duringPublishes: busy, slowdownPercent: slowdown, versionsAfterFirstBurst: versions },
    openLoop: { rate: RATE, quiet: quietOpen, duringPublishes: busyOpen },
    publish: { count: PUBLISHES, p50: round(percentile(publishTimes, 50)), p95: round(percentile(publishTimes, 95)) },
    budget: { previewP95Ms: 300, maxSlowdownPercent: 10 },
  };
  const file = writeResult('studio', result);
  const line = (name: string, r: LoadResult) => console.log(`${name.padEnd(26)} ${r.requestsPerSecond} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  errori ${r.errors}  non-2xx ${r.non2xx}`);
  const open = (name: string, s: Stats) => console.log(`${name.padEnd(26)} ${s.rate}/s  p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms  errori ${s.errors}`);
  console.log(`\nStudio dei docenti, PostgreSQL, build di produzione`);
  console.log(`macchina: ${result.machine.cpu}, ${result.machine.cores} core, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}`);
  console.log(
    `anteprima di ${Math.round(preview.bytes / 1024)} KB dopo la modifica di un carattere (${preview.runs} volte): p50 ${preview.p50} ms  p95 ${preview.p95} ms  max ${preview.max} ms — budget p95 < 300 ms: ${preview.p95 < 300 ? 'entro' : 'FUORI'}`,
  );
  line('discenti, senza pubblicazioni', quiet);
  line(`discenti, ${PUBLISHES} pubblicazioni`, busy);
  open('ciclo aperto, senza', quietOpen);
  open(`ciclo aperto, ${PUBLISHES} pubblicazioni`, busyOpen);
  console.log(`pubblicazione: p50 ${result.publish.p50} ms  p95 ${result.publish.p95} ms · versioni dopo la prima raffica: ${versions}`);
  console.log(`rallentamento dei discenti: ${slowdown} % (budget ≤ 10 %): ${slowdown <= 10 ? 'entro' : 'FUORI'} · risultati in ${file}`);
} finally {
  await sql.end();
  await stopServer(server);
  await db.drop();
}
