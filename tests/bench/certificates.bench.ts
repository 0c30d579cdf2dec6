/**
 * npm run bench:certificates — certificate PDF generation time and the public verification page
 * under load, on PostgreSQL with the production build, next to a bare Node http server returning
 * the same HTML bytes from memory, in the same run.
 * Budget (issue 4): median PDF generation under 50 ms.
 *
 * - PDF: `renderCertificatePdf` in process (what the route does per request, from stored data),
 *   and the whole `/certificati/<code>.pdf` request (session, database read, render) one at a time.
 * - Verification: `/certificati/verifica/<code>` at 50 connections. The page is rate-limited per IP
 *   (one database upsert per request, included in the measurement); the server runs with
 *   TRUST_PROXY=true and each request carries one of 5,000 X-Forwarded-For addresses, as many
 *   clients would, so the limit is exercised but not reached.
 */
import { renderCertificatePdf, type CertificatePdfData } from '../../app/certificates/pdf.server';
import { bareNodeBaseline, createDatabase, ensureBuild, load, machine, percentile, signIn, startServer, stopServer, writeResult } from './support';

const PORT = 3520;
const BARE_PORT = 3521;
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = 50;
const PDF_RUNS = Number(process.env.BENCH_PDF_RUNS || 300);
const ADDRESSES = 5000;

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { runs: sorted.length, median: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1] ?? 0) };
};

ensureBuild();
const db = await createDatabase('aula_bench_certificates');
const base = `http://localhost:${PORT}`;
const server = await startServer({ port: PORT, databaseUrl: db.url, env: { TRUST_PROXY: 'true', AULA_BASE_URL: base } });
try {
  // A certificate for the demo learner (every module marked complete, issued under the lock).
  const issued = await fetch(`${base}/test-hooks/complete-course`, { method: 'POST', body: new URLSearchParams({ email: 'discente@aula.test', course: 'dream' }) });
  if (!issued.ok) throw new Error(`rilascio dell'attestato: ${issued.status}`);
  const { code } = (await issued.json()) as { code: string };
  const cookie = await signIn(base, 'discente@aula.test');
  const verification = (await (await fetch(`${base}/certificati/verifica/${code}.json`)).json()) as { certificate: Omit<CertificatePdfData, 'certificateTitle' | 'wording' | 'verifyUrl'> };

  // 1. PDF generation in process, from the stored fields.
  const data: CertificatePdfData = {
    ...verification.certificate,
    certificateTitle: 'Attestato di frequenza con verifica finale',
    wording:
      "Si attesta che la persona titolare del presente attestato ha frequentato il corso di formazione «Diritto dell'immigrazione e dell'asilo per gli operatori dei servizi pubblici e del privato sociale», promosso dall'area DREAM della Scuola Superiore Sant'Anna e dalla Prefettura di Lucca nell'ambito del progetto LUMIT, completando tutti i moduli previsti e superando la verifica finale di apprendimento sui contenuti del corso, aggiornati alla normativa vigente al 31 dicembre 2025.",
    verifyUrl: `${base}/certificati/verifica/${code}`,
  };
  for (let i = 0; i < 20; i++) await renderCertificatePdf(data);
  const renderTimes: number[] = [];
  let pdfBytes = 0;
  for (let i = 0; i < PDF_RUNS; i++) {
    const t0 = performance.now();
    const bytes = await renderCertificatePdf(data);
    renderTimes.push(performance.now() - t0);
    pdfBytes = bytes.byteLength;
  }
  const render = stats(renderTimes);

  // 2. The whole PDF request, one at a time.
  const requestTimes: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/certificati/${code}.pdf`, { headers: { Cookie: cookie } });
    const body = Buffer.from(await res.arrayBuffer());
    if (!res.ok || body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`PDF: ${res.status}`);
    if (i >= 10) requestTimes.push(performance.now() - t0);
  }
  const pdfRequest = stats(requestTimes);

  // 3. The verification page at 50 connections, each request from one of many addresses.
  const path = `/certificati/verifica/${code}`;
  let n = 0;
  const fromManyAddresses = [
    {
      method: 'GET' as const,
      path,
      setupRequest: (req: { headers?: Record<string, string> }) => {
        n = (n + 1) % ADDRESSES;
        return { ...req, headers: { ...(req.headers ?? {}), 'x-forwarded-for': `10.${(n >> 8) & 255}.${n & 255}.7` } };
      },
    },
  ];
  const page = await fetch(`${base}${path}`, { headers: { 'x-forwarded-for': '10.255.255.1' } });
  if (!page.ok) throw new Error(`pagina di verifica: ${page.status}`);
  const html = Buffer.from(await page.arrayBuffer());
  await load({ url: base, connections: 10, seconds: 2, requests: fromManyAddresses as never });
  const aula = await load({ url: base, connections: CONNECTIONS, seconds: SECONDS, requests: fromManyAddresses as never });

  const baseline = await bareNodeBaseline({ html, port: BARE_PORT, connections: CONNECTIONS, seconds: SECONDS });

  const result = {
    benchmark: 'certificates',
    date: new Date().toISOString(),
    machine: machine(),
    database: 'postgresql',
    pdf: { bytes: pdfBytes, renderMs: render, requestMs: pdfRequest },
    verification: { path: '/certificati/verifica/<code>', connections: CONNECTIONS, seconds: SECONDS, htmlBytes: html.length, addresses: ADDRESSES, aula, bareNode: baseline },
    throughputRatio: Math.round((aula.requestsPerSecond / baseline.requestsPerSecond) * 1000) / 1000,
    budget: { pdfMedianMs: 50 },
  };
  const file = writeResult('certificates', result);
  console.log(`\nAttestati — PostgreSQL, build di produzione`);
  console.log(`macchina: ${result.machine.cpu}, ${result.machine.cores} core, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}`);
  console.log(`PDF (${Math.round(pdfBytes / 1024)} KB), generazione in processo, ${render.runs} volte: mediana ${render.median} ms  p95 ${render.p95} ms  max ${render.max} ms`);
  console.log(`PDF, richiesta HTTP completa (sessione, lettura, generazione), ${pdfRequest.runs} volte: mediana ${pdfRequest.median} ms  p95 ${pdfRequest.p95} ms`);
  console.log(`Verifica (${result.verification.path}), ${CONNECTIONS} connessioni, ${SECONDS} s:`);
  console.log(`  Aula      : ${aula.requestsPerSecond} req/s  p50 ${aula.p50} ms  p95 ${aula.p95} ms  p99 ${aula.p99} ms  errori ${aula.errors}  non-2xx ${aula.non2xx}`);
  console.log(`  Node nudo : ${baseline.requestsPerSecond} req/s  p50 ${baseline.p50} ms  p95 ${baseline.p95} ms  p99 ${baseline.p99} ms`);
  console.log(`  rapporto di throughput: ${result.throughputRatio}`);
  console.log(`mediana PDF ${render.median < 50 ? 'entro' : 'FUORI'} budget (50 ms) · risultati in ${file}`);
} finally {
  await stopServer(server);
  await db.drop();
}
