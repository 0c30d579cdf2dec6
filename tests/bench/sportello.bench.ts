/**
 * npm run bench:sportello — the front-desk register under load, on PostgreSQL with the production
 * build (issue 17).
 *
 * The bench database gets 12 sportelli (the 5 of the demo and 7 more on the demo's units) and
 * 200,000 consultations over the last 3 years, generated in SQL with the shape of real ones (topics,
 * cards, outcomes, a third with mediation, nationalities, age bands). Then, open loop (requests sent
 * at a fixed arrival rate, whatever the server's answers):
 * - recording: the demo operator posts the form at 50 a second, each post with its own form token
 *   (302 is success); budget p95 < 100 ms;
 * - the indicators page for the whole network (admin, the twelve months up to now) and the FAMI
 *   quarterly XLSX export of the last quarter, each at 10 a second; budget p95 < 300 ms.
 * BENCH_SECONDS (default 15) per phase. Prints the p95s and the machine; writes
 * tests/bench/results/sportello.json.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openLoop, type Stats } from './open-loop';
import { createDatabase, ensureBuild, machine, signIn, startServer, stopServer, writeResult } from './support';

const PORT = Number(process.env.BENCH_PORT || 3640);
const SECONDS = Number(process.env.BENCH_SECONDS || 15);
const CONSULTATIONS = Number(process.env.BENCH_CONSULTATIONS || 200_000);
const RECORD_RATE = 50;
const READ_RATE = 10;
const BUDGET_RECORD_MS = 100;
const BUDGET_READ_MS = 300;

const TOPIC_CARDS: Array<[string, string]> = [
  ['soggiorno', 'rinnovo-permesso-lavoro'],
  ['famiglia', 'ricongiungimento-familiare'],
  ['cittadinanza', 'cittadinanza-residenza'],
  ['soggiorno', 'permesso-lungo-periodo'],
  ['soggiorno', 'test-a2'],
  ['famiglia', 'idoneita-alloggiativa'],
  ['salute', 'ssn-stp-eni'],
  ['asilo', 'protezione-internazionale-domanda'],
  ['anagrafe', 'anagrafe-straniero-dimora-abituale'],
  ['scuola', 'diritto-studio-minori'],
];

async function seed(url: string) {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const units = await sql<Array<{ id: string; name: string }>>`select id, name from organisations where parent_id is not null order by name limit 7`;
  await sql`insert into sportelli ${sql(units.map((u, i) => ({ id: `sportello-bench-${i + 1}`, name: `Sportello di prova ${i + 1} – ${u.name}`, organisation_id: u.id })))} on conflict do nothing`;
  const desks = (await sql<Array<{ id: string }>>`select id from sportelli order by id`).map((r) => r.id);
  if (desks.length !== 12) throw new Error(`sportelli: ${desks.length}`);
  const started = Date.now();
  const topics = TOPIC_CARDS.map(([t]) => t);
  const cards = TOPIC_CARDS.map(([, c]) => c);
  await sql`
    insert into consultations (sportello_id, occurred_at, topics, cards, outcome, referred_office_id, mediation, mediation_language, nationality, sex, age_band, first_visit, form_token)
    select (${desks}::text[])[1 + (i % 12)],
      now() - (random() * interval '1095 days'),
      array[(${topics}::text[])[1 + (i * 7 % 10)]],
      array[(${cards}::text[])[1 + (i * 7 % 10)]],
      o.outcome,
      case when o.outcome = 'inviato' then 'prefettura-lucca-immigrazione' end,
      m.mediation,
      case when m.mediation then (array['ar','en','fr','ur','zh','uk','bn','wo'])[1 + (i % 8)] end,
      (array['MA','AL','RO','UA','SN','NG','PK','BD','CN','PE','TN','IN','EG','LK','GH'])[1 + (i * 13 % 15)],
      (array['F','M','F','M','X'])[1 + (i % 5)],
      (array['18-29','30-44','45-64','65+','0-17'])[1 + (i * 3 % 5)],
      i % 3 <> 0,
      'bench-' || i
    from generate_series(1, ${CONSULTATIONS}) as i,
      lateral (select (array['risolto','risolto','risolto','inviato','da_richiamare','appuntamento'])[1 + (i * 11 % 6)] as outcome) o,
      lateral (select i % 3 = 0 as mediation) m`;
  await sql`analyze consultations`;
  const n = (await sql<Array<{ n: number }>>`select count(*)::int as n from consultations`)[0]!.n;
  await sql.end();
  return { consultations: n, sportelli: desks.length, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

function previousQuarter(now = new Date()) {
  const q = Math.floor(now.getUTCMonth() / 3) + 1;
  return q === 1 ? `${now.getUTCFullYear() - 1}-T4` : `${now.getUTCFullYear()}-T${q - 1}`;
}

function line(name: string, s: Stats, budget: number) {
  const verdict = s.errors === 0 && s.p95 < budget ? 'entro il budget' : 'FUORI BUDGET';
  return `${name.padEnd(44)} ${String(s.rate).padStart(3)}/s  p50 ${String(s.p50).padStart(6)} ms  p95 ${String(s.p95).padStart(6)} ms  p99 ${String(s.p99).padStart(6)} ms  errori ${s.errors}/${s.sent}  (budget p95 < ${budget} ms: ${verdict})`;
}

async function main() {
  ensureBuild();
  const db = await createDatabase('aula_bench_sportello');
  const server = await startServer({ port: PORT, databaseUrl: db.url });
  const base = `http://localhost:${PORT}`;
  try {
    const seeded = await seed(db.url);
    console.log(`[bench:sportello] ${seeded.consultations} consulenze su ${seeded.sportelli} sportelli in ${seeded.seconds} s`);
    const operator = await signIn(base, 'operatore@aula.test');
    const admin = await signIn(base, 'admin@aula.test');
    const warm = async (path: string, cookie: string) => {
      for (let i = 0; i < 5; i++) await fetch(`${base}${path}`, { headers: { Cookie: cookie } }).then((r) => r.arrayBuffer());
    };
    const quarter = previousQuarter();
    await warm('/sportello/indicatori', admin);
    await warm(`/sportello/indicatori.xlsx?trimestre=${quarter}`, admin);

    const form = (i: number) =>
      new URLSearchParams({
        token: `${randomBytes(12).toString('base64url')}-${i}`,
        sportello: i % 2 ? 'sportello-lumit-camaiore' : 'mediatore-arabo-camaiore',
        occurredAt: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
          .format(new Date())
          .replace(' ', 'T'),
        topics: TOPIC_CARDS[i % 10]![0],
        cards: TOPIC_CARDS[i % 10]![1],
        outcome: 'risolto',
      }).toString();
    const record = await openLoop({
      base,
      rate: RECORD_RATE,
      durationSeconds: SECONDS,
      ok: (s) => s === 302,
      next: (i) => ({ method: 'POST', path: '/sportello/nuova', body: form(i), headers: { Cookie: operator, Origin: base, 'content-type': 'application/x-www-form-urlencoded' } }),
    });
    const page = await openLoop({ base, rate: READ_RATE, durationSeconds: SECONDS, next: () => ({ path: '/sportello/indicatori', headers: { Cookie: admin } }) });
    const fami = await openLoop({ base, rate: READ_RATE, durationSeconds: SECONDS, next: () => ({ path: `/sportello/indicatori.xlsx?trimestre=${quarter}`, headers: { Cookie: admin } }) });

    const m = machine();
    console.log(
      `\n[bench:sportello] macchina: ${m.cpu}, ${m.cores} core, ${m.memoryGiB} GiB, Node ${m.node}; PostgreSQL locale, pool di ${process.env.DATABASE_POOL_SIZE || 10} connessioni; ${SECONDS} s per fase, carico ad arrivi fissi (open loop)`,
    );
    console.log(line('registrazione (POST /sportello/nuova)', record.stats, BUDGET_RECORD_MS));
    console.log(line('indicatori, tutta la rete (12 mesi)', page.stats, BUDGET_READ_MS));
    console.log(line(`riepilogo FAMI ${quarter} (XLSX, tutta la rete)`, fami.stats, BUDGET_READ_MS));
    const file = writeResult('sportello', {
      at: new Date().toISOString(),
      machine: m,
      seeded,
      secondsPerPhase: SECONDS,
      record: { ...record.stats, budgetP95Ms: BUDGET_RECORD_MS },
      indicators: { ...page.stats, budgetP95Ms: BUDGET_READ_MS },
      famiExport: { ...fami.stats, quarter, budgetP95Ms: BUDGET_READ_MS },
    });
    console.log(`[bench:sportello] risultati in ${file}`);
  } finally {
    await stopServer(server);
    await db.drop();
  }
}

await main();
