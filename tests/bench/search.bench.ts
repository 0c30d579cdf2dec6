/**
 * npm run bench:search — library search under load, on PostgreSQL with the production build.
 *
 * The bench database gets 5,000 synthetic cards on top of the real library: local versions of the
 * 17 real procedures (a real card's title and ~80% of its sentences, a few sentences of other
 * cards, the office that wrote it), stored as content_documents + immutable content_versions like
 * imported cards, then indexed by the same rebuild the import runs. So a query finds a few hundred
 * to a few thousand cards, as a large real library would.
 *
 * 30 queries as operators type them (whole words, abbreviations, typed prefixes, typos, several
 * words, filters) are cycled by 50 concurrent callers and measured four ways: the search function
 * alone (no HTTP, one server's pool of 10 connections); the as-you-type HTTP request (the search
 * route's data, what the page fetches while typing); the full HTML page (the plain form, without
 * JavaScript); /healthz (one database ping) and a Remix route with no database work: the floor of
 * the HTTP stack on this machine at the same concurrency.
 * The single-connection figures give the latency of one search when nothing waits in line.
 * Budget (issue 5): p95 under 30 ms.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { rebuildLibrarySearch } from '../../app/library/search-index.server';
import { openLoop, findKnee, type Stats } from './open-loop';
import { FLOOR_PATH, createDatabase, ensureBuild, load, machine, percentile, remixFloor, signIn, startServer, stopServer, writeResult, type LoadResult } from './support';

const PORT = Number(process.env.BENCH_PORT || 3430);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = 50;
const CARDS = 5000;
const BUDGET_P95_MS = 30;
const OPEN_RATE = Number(process.env.BENCH_RATE || 100);

/** 30 queries as operators type them. */
export const QUERIES: Array<Record<string, string>> = [
  { q: 'rinnovo pds' },
  { q: 'ricongiungimento' },
  { q: 'ricongiungmento' }, // typo
  { q: 'C3' },
  { q: 'STP' },
  { q: 'permesso di soggiorno' },
  { q: 'ricong' }, // typed prefix
  { q: 'citt' }, // typed prefix
  { q: 'cittadinanza matrimonio' },
  { q: 'cittadinanaza' }, // typo
  { q: 'idoneità alloggiativa' },
  { q: 'idoneita' }, // no accent
  { q: 'SUI' },
  { q: 'test A2' },
  { q: 'msna' },
  { q: 'minori non accompagnati' },
  { q: 'codice fiscale' },
  { q: 'residenza anagrafe' },
  { q: 'anagr' }, // typed prefix
  { q: 'protezione internazionale' },
  { q: 'protezzione' }, // typo
  { q: 'cedolino' },
  { q: 'kit postale' },
  { q: 'permesso', tema: 'famiglia' },
  { q: 'iscrizione', tema: 'salute' },
  { q: 'questura', ufficio: 'questura' },
  { q: 'accordo integrazione' },
  { q: 'dimora abituale' },
  { q: 'PdS lungo periodo' },
  { q: 'commissione territoriale' },
];

/** Deterministic pseudo-random numbers (mulberry32), so every run indexes the same cards. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENTI = ['Lucca', 'Camaiore', 'Viareggio', 'Capannori', 'Gallicano', 'Castelnuovo di Garfagnana', 'Pietrasanta', 'Massarosa', 'Barga', 'Luino', 'Varese', 'Pisa', 'Livorno', 'Prato'];

async function seedSyntheticCards(url: string) {
  const client = postgres(url, { max: 4, onnotice: () => {} });
  const db = drizzle(client);
  const base = await client<Array<{ id: string; slug: string; frontmatter: Record<string, unknown>; compiled_code: string; plain_text: string; meta: Record<string, unknown> }>>`
    select d.id, d.slug, v.frontmatter, v.compiled_code, v.plain_text, v.meta
    from content_documents d join content_versions v on v.id = d.current_version_id
    where d.kind = 'library_card' and d.scope = 'library' order by d.slug`;
  if (base.length < 10) throw new Error(`schede reali importate: ${base.length}`);
  // Sentences of each real card, and of all of them.
  const own = base.map((c) => c.plain_text.split(/(?<=[.;:])\s+/).filter((x) => x.length > 20));
  const all = own.flat();
  const random = rng(5705);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const started = Date.now();
  for (let from = 0; from < CARDS; from += 500) {
    const docs: Array<Record<string, unknown>> = [];
    const versions: Array<Record<string, unknown>> = [];
    for (let i = from; i < Math.min(CARDS, from + 500); i++) {
      // A local version of one of the 17 procedures: most of its sentences, a few from other cards,
      // and the office that wrote it.
      const m = i % base.length;
      const model = base[m]!;
      const fm = model.frontmatter as { title: string; summary: string };
      const ente = pick(ENTI);
      const sentences = [...own[m]!.filter(() => random() < 0.8), ...Array.from({ length: 4 }, () => pick(all)), `A ${ente} l'ufficio riceve su appuntamento.`];
      for (let k = sentences.length - 1; k > 0; k--) {
        const j = Math.floor(random() * (k + 1));
        [sentences[k], sentences[j]] = [sentences[j]!, sentences[k]!];
      }
      const body = sentences.join('\n');
      const docId = randomUUID();
      const versionId = randomUUID();
      const frontmatter = { ...model.frontmatter, title: `${fm.title}: prassi di ${ente} (${i + 1})`, summary: fm.summary, reviewedAt: random() < 0.2 ? '2024-06-30' : '2025-12-31' };
      docs.push({ id: docId, kind: 'library_card', scope: 'library', slug: `sintetica-${i + 1}`, current_version_id: versionId });
      versions.push({
        id: versionId,
        document_id: docId,
        version_no: 1,
        source: '',
        frontmatter: JSON.stringify(frontmatter),
        compiled_code: model.compiled_code,
        plain_text: body,
        meta: JSON.stringify({ ...model.meta, cardRefs: [], wordCount: body.split(/\s+/).length }),
        source_hash: `sintetica-${i + 1}`,
      });
    }
    await client`insert into content_documents ${client(docs, 'id', 'kind', 'scope', 'slug', 'current_version_id')}`;
    await client`insert into content_versions ${client(versions as never, 'id', 'document_id', 'version_no', 'source', 'frontmatter', 'compiled_code', 'plain_text', 'meta', 'source_hash')}`;
  }
  const index = await db.transaction((tx) => rebuildLibrarySearch(tx as never));
  await client`analyze library_search`;
  await client`analyze library_search_words`;
  await client.end();
  return { ...index, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/**
 * The search itself (parsing, synonyms, SQL, snippets) without HTTP: `connections` concurrent
 * callers of searchLibrary on a pool of DATABASE_POOL_SIZE (10) PostgreSQL connections, like one
 * server instance.
 */
async function loadEngine(url: string, seconds: number, connections: number, cached = false): Promise<LoadResult> {
  process.env.DATABASE_URL = url;
  const engine = await import('../../app/library/search.server');
  const searchLibrary = cached ? engine.searchLibrary : engine.searchLibraryUncached;
  const { parseSearchParams } = await import('../../app/library/search-query');
  const params = QUERIES.map((p) => parseSearchParams(new URLSearchParams(p)).data!);
  const times: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = worker; Date.now() < end; i++) {
        const started = performance.now();
        try {
          await searchLibrary(params[i % params.length]!);
          times.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requestsPerSecond: round(times.length / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    requests: times.length,
    errors,
    non2xx: 0,
  };
}

if (process.env.BENCH_ENGINE_ONLY) {
  // Measures the search engine alone on an existing, seeded database, then stops.
  const url = process.env.BENCH_ENGINE_ONLY;
  await loadEngine(url, 2, 10);
  const r = await loadEngine(url, SECONDS, CONNECTIONS);
  console.log(r);
  const { closeDb } = await import('../../app/utils/db.server');
  await closeDb();
  process.exit(0);
}

if (process.env.BENCH_SEED_ONLY) {
  // Seeds an existing, migrated and imported database (for looking at query plans), then stops.
  console.log(await seedSyntheticCards(process.env.BENCH_SEED_ONLY));
  process.exit(0);
}

ensureBuild();
const db = await createDatabase('aula_bench_search');
const server = await startServer({ port: PORT, databaseUrl: db.url });
try {
  const base = `http://localhost:${PORT}`;
  const seeded = await seedSyntheticCards(db.url);
  console.log(`\n${CARDS} schede sintetiche: indice di ${seeded.documents} documenti e ${seeded.words} parole, costruito in ${seeded.seconds} s`);
  const cookie = await signIn(base, 'discente@aula.test');
  const headers = { Cookie: cookie };

  const pagePath = (p: Record<string, string>) => `/biblioteca/cerca?${new URLSearchParams(p)}`;
  // What the page fetches while the operator types (useFetcher, single fetch): the search route's data only.
  const dataPath = (p: Record<string, string>) => `/biblioteca/cerca.data?${new URLSearchParams({ ...p, _routes: 'routes/biblioteca.cerca' })}`;

  // Every query answers 200, on the page and as data.
  let empty = 0;
  for (const p of QUERIES) {
    const res = await fetch(`${base}${pagePath(p)}`, { headers });
    if (res.status !== 200) throw new Error(`${pagePath(p)}: ${res.status}`);
    if (!(await res.text()).includes('class="aula-results"')) empty++;
    const data = await fetch(`${base}${dataPath(p)}`, { headers });
    if (data.status !== 200) throw new Error(`${dataPath(p)}: ${data.status}`);
  }
  // The real card, or one of its 300 local versions (same title and text), comes first.
  const firsts: Record<string, string> = {};
  for (const [q, title] of [
    ['rinnovo pds', 'Rinnovo del permesso di soggiorno per lavoro subordinato'],
    ['ricongiungmento', 'Nulla osta al ricongiungimento familiare'],
    ['C3', 'Domanda di protezione internazionale'],
    ['STP', 'Iscrizione al SSN, codice STP e codice ENI'],
  ] as const) {
    const html = await (await fetch(`${base}${pagePath({ q })}`, { headers })).text();
    const first = /<ol class="aula-results"[^>]*><li><span[^>]*>[^<]*<\/span><h3[^>]*><a[^>]*>([^<]+)</.exec(html)?.[1] ?? '';
    firsts[q] = first;
    console.log(`  «${q}» → ${first}${first.replace(/&#x27;|&#39;/g, "'").startsWith(title) ? '' : `  (atteso: ${title}…)`}`);
  }

  if (process.env.BENCH_OPEN_ONLY) {
    // BENCH_OPEN_ONLY=true: only the open loop at BENCH_RATE, BENCH_OPEN_RUNS times (default 3) on the
    // same seeded database, each from an empty result cache, and their median (comparing changes
    // on a machine shared with other work). Writes no result file.
    const typedOnly = QUERIES.flatMap((p) => Array.from({ length: Math.max(1, p.q!.length - 2) }, (_, k) => ({ ...p, q: p.q!.slice(0, Math.min(p.q!.length, k + 3)) })));
    const adminOnly = postgres(db.url, { max: 1, onnotice: () => {} });
    await load({ url: base, connections: 10, seconds: 2, headers, requests: QUERIES.map((p) => ({ method: 'GET' as const, path: dataPath(p) })) });
    const runs: Stats[] = [];
    for (let i = 0; i < Number(process.env.BENCH_OPEN_RUNS || 3); i++) {
      await adminOnly`update library_search_state set version = version + 1`;
      const { stats } = await openLoop({ base, rate: OPEN_RATE, durationSeconds: SECONDS, next: (k) => ({ path: dataPath(typedOnly[k % typedOnly.length]!), headers }) });
      runs.push(stats);
      console.log(
        `ciclo aperto a ${OPEN_RATE}/s, prova ${i + 1}: p50 ${stats.p50} ms  p95 ${stats.p95} ms  p99 ${stats.p99} ms  errori ${stats.errors}  (carico medio ${os.loadavg()[0]!.toFixed(2)})`,
      );
    }
    await adminOnly.end();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`mediana di ${runs.length} prove: p50 ${median(runs.map((r) => r.p50))} ms  p95 ${median(runs.map((r) => r.p95))} ms  p99 ${median(runs.map((r) => r.p99))} ms`);
    process.exitCode = 0;
  } else {
    const requests = (path: (p: Record<string, string>) => string) => QUERIES.map((p) => ({ method: 'GET' as const, path: path(p) }));
    // The search alone (no HTTP), then over HTTP while typing, the full page, and the floor of the
    // HTTP stack on this machine (/healthz: one database ping) at the same concurrency.
    await loadEngine(db.url, 2, 10);
    const engine = await loadEngine(db.url, SECONDS, CONNECTIONS);
    const engineSingle = await loadEngine(db.url, Math.max(3, SECONDS / 2), 1);
    await load({ url: base, connections: 10, seconds: 2, headers, requests: requests(dataPath) });
    const typing = await load({ url: base, connections: CONNECTIONS, seconds: SECONDS, headers, requests: requests(dataPath) });
    const typingSingle = await load({ url: base, connections: 1, seconds: Math.max(3, SECONDS / 2), headers, requests: requests(dataPath) });
    await load({ url: base, connections: 10, seconds: 2, headers, requests: requests(pagePath) });
    const page = await load({ url: base, connections: CONNECTIONS, seconds: SECONDS, headers, requests: requests(pagePath) });
    // Open loop (issue 18): searches sent at a fixed rate whatever the answers, as operators type:
    // every query letter by letter from its third letter, the 30 queries one after the other. Each
    // run starts with an empty result cache (a new index version), so the first pass through the
    // prefixes is computed and later ones may come from the cache, as at a real desk.
    const typed = QUERIES.flatMap((p) => {
      const q = p.q!;
      return Array.from({ length: Math.max(1, q.length - 2) }, (_, k) => ({ ...p, q: q.slice(0, Math.min(q.length, k + 3)) }));
    });
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    const openRun = async (rate: number): Promise<Stats> => {
      await admin`update library_search_state set version = version + 1`;
      return (await openLoop({ base, rate, durationSeconds: SECONDS, next: (i) => ({ path: dataPath(typed[i % typed.length]!), headers }) })).stats;
    };
    const openAt100 = await openRun(OPEN_RATE);
    const openKnee = await findKnee([50, 100, 200, 300, 400, 600], BUDGET_P95_MS, openRun);
    await admin.end();
    const engineCached = await loadEngine(db.url, Math.max(3, SECONDS / 2), CONNECTIONS, true);
    const floor = await load({ url: `${base}/healthz`, connections: CONNECTIONS, seconds: Math.max(3, SECONDS / 2) });
    const emptyFloor = await remixFloor({ base, connections: CONNECTIONS, seconds: Math.max(3, SECONDS / 2) });

    const result = {
      benchmark: 'library-search',
      date: new Date().toISOString(),
      machine: machine(),
      loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
      database: 'postgresql',
      syntheticCards: CARDS,
      indexedDocuments: seeded.documents,
      indexedWords: seeded.words,
      indexBuildSeconds: seeded.seconds,
      queries: QUERIES.length,
      queriesWithoutResults: empty,
      firstResults: firsts,
      connections: CONNECTIONS,
      seconds: SECONDS,
      engine,
      engineOneCaller: engineSingle,
      engineCached,
      openLoop: { typedPrefixes: typed.length, rate: OPEN_RATE, atRate: openAt100, knee: openKnee.knee, kneeSteps: openKnee.steps },
      asYouType: typing,
      asYouTypeOneConnection: typingSingle,
      htmlPage: page,
      healthzFloor: floor,
      remixFloor: { path: FLOOR_PATH, ...emptyFloor },
      budget: { p95Ms: BUDGET_P95_MS },
    };
    const file = writeResult('search', result);
    console.log(
      `\nRicerca della biblioteca: ${CARDS} schede sintetiche + la biblioteca reale (${seeded.documents} documenti), ${QUERIES.length} query, ${SECONDS} s per misura, PostgreSQL, build di produzione`,
    );
    console.log(`macchina: ${result.machine.cpu}, ${result.machine.cores} core, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, carico medio ${result.loadAverage.join(' ')}`);
    const line = (name: string, r: LoadResult) =>
      console.log(`${name.padEnd(44)} ${String(r.requestsPerSecond).padStart(8)} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  errori ${r.errors}  non-2xx ${r.non2xx}`);
    line(`motore di ricerca, ${CONNECTIONS} chiamanti`, engine);
    line('motore di ricerca, 1 chiamante', engineSingle);
    line(`HTTP mentre si digita, ${CONNECTIONS} connessioni`, typing);
    line('HTTP mentre si digita, 1 connessione', typingSingle);
    line(`HTTP pagina HTML completa, ${CONNECTIONS} connessioni`, page);
    line(`HTTP /healthz (pavimento), ${CONNECTIONS} connessioni`, floor);
    line(`HTTP rotta Remix senza database, ${CONNECTIONS} conn.`, emptyFloor);
    line(`motore con la cache dei risultati, ${CONNECTIONS} chiam.`, engineCached);
    const o = openAt100;
    console.log(
      `ciclo aperto a ${OPEN_RATE} ricerche/s (${typed.length} prefissi digitati): p50 ${o.p50} ms  p95 ${o.p95} ms  p99 ${o.p99} ms  errori ${o.errors}  → ${o.p95 < BUDGET_P95_MS && o.errors === 0 ? 'entro' : 'FUORI'} budget (${BUDGET_P95_MS} ms)`,
    );
    console.log(`ginocchio (p95 < ${BUDGET_P95_MS} ms, ciclo aperto): ${openKnee.knee ?? 'nessuno'} ricerche/s · ${openKnee.steps.map((st) => `${st.rate}/s p95 ${st.p95} ms`).join(' · ')}`);
    console.log(`p95 mentre si digita a ${CONNECTIONS} connessioni ${typing.p95 <= BUDGET_P95_MS ? 'entro' : 'FUORI'} budget (${BUDGET_P95_MS} ms) · risultati in ${file}`);
  }
} finally {
  const { closeDb } = await import('../../app/utils/db.server');
  await closeDb();
  await stopServer(server);
  await db.drop();
}
