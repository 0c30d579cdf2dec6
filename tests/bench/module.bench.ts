/**
 * npm run bench:module — the module page under load, on PostgreSQL with the production build,
 * next to a bare Node http server returning the same HTML bytes from memory.
 * Budget (issue 2): p95 under 50 ms; throughput ratio at least 0.05 (aim 0.2); (issue 18) at most 90 KB of
 * gzipped JavaScript.
 */
import zlib from 'node:zlib';
import { findKnee, openLoop, type Stats } from './open-loop';
import { FLOOR_PATH, bareNodeBaseline, createDatabase, ensureBuild, load, machine, remixFloor, signIn, startServer, stopServer, writeResult } from './support';

const PORT = 3200;
const BARE_PORT = 3201;
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS || 5);
const CONNECTIONS = 50;
const PATH = '/corsi/dream/fonti-attori-competenze';

ensureBuild();
const db = await createDatabase('aula_bench_module');
const server = await startServer({ port: PORT, databaseUrl: db.url });
try {
  const base = `http://localhost:${PORT}`;
  const cookie = await signIn(base, 'discente@aula.test');
  const page = await fetch(`${base}${PATH}`, { headers: { Cookie: cookie } });
  if (!page.ok) throw new Error(`pagina del modulo: ${page.status}`);
  const html = Buffer.from(await page.arrayBuffer());

  // Bytes the page loads: scripts (module preloads and entry) and stylesheets, gzipped.
  const text = html.toString('utf8');
  const js = new Set([...text.matchAll(/<link rel="modulepreload" href="([^"]+)"/g), ...text.matchAll(/import\("([^"]+\.js)"\)/g), ...text.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!));
  const css = new Set([...text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!));
  const gz = async (urls: Set<string>) => {
    let total = 0;
    for (const u of urls) total += zlib.gzipSync(Buffer.from(await (await fetch(new URL(u, base))).arrayBuffer()), { level: 9 }).length;
    return total;
  };
  const jsGzipBytes = await gz(js);
  const cssGzipBytes = await gz(css);

  // Warm up, then measure Aula.
  await load({ url: `${base}${PATH}`, connections: 10, seconds: 2, headers: { Cookie: cookie } });
  const aula = await load({ url: `${base}${PATH}`, connections: CONNECTIONS, seconds: SECONDS, headers: { Cookie: cookie } });

  // The floor: a Remix route of this server that does no database work, at the same concurrency.
  const floor = await remixFloor({ base, connections: CONNECTIONS, seconds: SECONDS });
  // And the smallest Remix document: the sign-in page for a visitor (no database, ~5 KB).
  await load({ url: `${base}/login`, connections: 10, seconds: 2 });
  const documentFloor = await load({ url: `${base}/login`, connections: CONNECTIONS, seconds: SECONDS });

  // Open loop (issue 18): requests on a fixed schedule whatever the answers, stepping the rate; the
  // knee is the highest rate whose p95 stays under 50 ms with no errors. The same for the floors.
  const RATES = [100, 200, 300, 400, 500, 600, 800];
  const step =
    (path: string, headers: Record<string, string> = {}) =>
    async (rate: number): Promise<Stats> =>
      (await openLoop({ base, rate, durationSeconds: STEP_SECONDS, next: () => ({ path, headers }) })).stats;
  const openModule = await findKnee(RATES, 50, step(PATH, { Cookie: cookie }));
  const openFloor = await findKnee(RATES, 50, step(FLOOR_PATH));
  const openDocument = await findKnee(RATES, 50, step('/login'));

  // The same bytes from a bare Node server, measured in the same run.
  const baseline = await bareNodeBaseline({ html, port: BARE_PORT, connections: CONNECTIONS, seconds: SECONDS });

  const result = {
    benchmark: 'module-page',
    date: new Date().toISOString(),
    machine: machine(),
    database: 'postgresql',
    path: PATH,
    connections: CONNECTIONS,
    seconds: SECONDS,
    htmlBytes: html.length,
    aula,
    bareNode: baseline,
    remixFloor: { path: FLOOR_PATH, ...floor },
    documentFloor: { path: '/login', ...documentFloor },
    openLoop: {
      stepSeconds: STEP_SECONDS,
      budgetP95Ms: 50,
      module: { knee: openModule.knee, steps: openModule.steps },
      remixFloor: { knee: openFloor.knee, steps: openFloor.steps },
      documentFloor: { knee: openDocument.knee, steps: openDocument.steps },
    },
    throughputRatio: Math.round((aula.requestsPerSecond / baseline.requestsPerSecond) * 1000) / 1000,
    jsGzipKB: Math.round(jsGzipBytes / 102.4) / 10,
    cssGzipKB: Math.round(cssGzipBytes / 102.4) / 10,
    budget: { p95Ms: 50, kneeAtLeast: 600, minRatio: 0.05, maxJsGzipKB: 90, maxCssGzipKB: 30 },
  };
  const file = writeResult('module', result);
  console.log(`\nPagina del modulo (${PATH}), ${CONNECTIONS} connessioni, ${SECONDS} s, PostgreSQL, build di produzione`);
  console.log(`macchina: ${result.machine.cpu}, ${result.machine.cores} core, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}`);
  console.log(`Aula      : ${aula.requestsPerSecond} req/s  p50 ${aula.p50} ms  p95 ${aula.p95} ms  p99 ${aula.p99} ms  errori ${aula.errors}  non-2xx ${aula.non2xx}`);
  console.log(`pavimento : ${floor.requestsPerSecond} req/s  p50 ${floor.p50} ms  p95 ${floor.p95} ms  p99 ${floor.p99} ms  (${FLOOR_PATH}: rotta Remix senza database)`);
  console.log(
    `documento : ${documentFloor.requestsPerSecond} req/s  p50 ${documentFloor.p50} ms  p95 ${documentFloor.p95} ms  p99 ${documentFloor.p99} ms  (/login: il documento Remix più piccolo, senza database)`,
  );
  console.log(`Node nudo : ${baseline.requestsPerSecond} req/s  p50 ${baseline.p50} ms  p95 ${baseline.p95} ms  p99 ${baseline.p99} ms`);
  const knee = (name: string, k: { knee: number | null; steps: Stats[] }) =>
    console.log(`${name.padEnd(22)} ginocchio ${k.knee ?? '–'} req/s · ${k.steps.map((st) => `${st.rate}/s p50 ${st.p50} p95 ${st.p95} ms${st.errors ? ` (${st.errors} errori)` : ''}`).join(' · ')}`);
  console.log(`ciclo aperto, p95 < 50 ms, passi di ${STEP_SECONDS} s:`);
  knee('pagina del modulo', openModule);
  knee('rotta Remix vuota', openFloor);
  knee('documento /login', openDocument);
  console.log(`rapporto di throughput: ${result.throughputRatio} (budget ≥ 0.05, obiettivo 0.2)`);
  console.log(`JavaScript gzip: ${result.jsGzipKB} KB (budget ≤ 90 KB) · CSS gzip: ${result.cssGzipKB} KB`);
  console.log(`p95 ${aula.p95 <= 50 ? 'entro' : 'FUORI'} budget (50 ms) · risultati in ${file}`);
} finally {
  await stopServer(server);
  await db.drop();
}
