/**
 * npm run bench:coordination — the coordinators' workspace at the size of a province, on PostgreSQL
 * with the production build (issue 13).
 *
 * A fresh database gets, under the demo coordinator's LUMIT network, 120 units (12 Comuni of 9
 * offices each) and 20,000 learners; 60,000 assignments (three courses each, due dates from a month
 * ago to three months ahead); the progress events and module status of half of them, and a
 * certificate for a third of those; 5,000 records of training done elsewhere. All of it in SQL
 * (INSERT … SELECT generate_series), in a few seconds. Then, for the coordinator of the whole
 * network and for the coordinator of one Comune (1/12 of the people):
 * - the dashboard and the people page at a fixed 20 requests per second (open loop); budget p95 < 150 ms;
 * - exports of 60,000 rows, XLSX and CSV: the people table has one row per person and course, so the
 *   three courses' exports of the 20,000 people run at once (3 × 20,000 rows): total time, rows
 *   received, and the server's peak RSS increase (primary and workers); budget < 200 MB;
 * - the dry run of a 5,000-row enrolment file (upload, then the dry run); budget < 10 s.
 * BENCH_SECONDS (default 15) per open-loop phase. Prints the figures; writes
 * tests/bench/results/coordination.json and coordination.md. BENCH_SEED_ONLY=true stops after the
 * data and keeps the database (its URL is printed), to profile the queries on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { openLoop, type Stats } from './open-loop';
import { createDatabase, ensureBuild, machine, signIn, startServer, stopServer, writeResult } from './support';

const PORT = Number(process.env.BENCH_PORT || 3660);
const SECONDS = Number(process.env.BENCH_SECONDS || 15);
const LEARNERS = 20_000;
const COMUNI = 12;
const OFFICES = 9;
const RATE = 20;
const BUDGET_PAGE_MS = 150;
const BUDGET_RSS_MB = 200;
const BUDGET_DRY_RUN_S = 10;
const FILE_ROWS = 5_000;
const COORDINATOR = 'coordinatore@aula.test';
const COMUNE_COORDINATOR = 'coordinatore.comune@bench.test';

async function seed(url: string) {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const started = Date.now();
  const [scope] = await sql<Array<{ id: string }>>`select r.organisation_id as id from user_roles r join users u on u.id = r.user_id where u.email = ${COORDINATOR} and r.role = 'coordinator'`;
  if (!scope?.id) throw new Error('il coordinatore demo non ha un ambito');
  // 12 Comuni under the network, 9 offices under each: 120 units.
  await sql`insert into organisations (name, kind, parent_id) select 'Comune di prova ' || lpad(c::text, 2, '0'), 'comune', ${scope.id}::uuid from generate_series(1, ${COMUNI}) c`;
  await sql`insert into organisations (name, kind, parent_id)
    select o.name || ' – Ufficio ' || f, 'comune', o.id from organisations o, generate_series(1, ${OFFICES}) f where o.name like 'Comune di prova %' and o.parent_id = ${scope.id}::uuid`;
  const [units] = await sql<Array<{ n: number }>>`select count(*)::int as n from organisations where name like 'Comune di prova %'`;
  // 20,000 learners, each in one office (round robin), with a learner role.
  await sql`insert into users (email, name)
    select 'persona' || i || '@bench.test',
      (array['Rossi','Bianchi','Esposito','Romano','Colombo','Ricci','Marino','Greco','Bruno','Gallo','Conti','De Luca','Mancini','Costa','Giordano'])[1 + (i * 7 % 15)]
        || ' ' || (array['Anna','Marco','Giulia','Luca','Sara','Paolo','Elena','Fatima','Ahmed','Chiara','Davide','Irene'])[1 + (i * 5 % 12)] || ' ' || i
    from generate_series(1, ${LEARNERS}) i`;
  await sql`with offices as (select id, row_number() over (order by name) - 1 as k from organisations where name like 'Comune di prova % – Ufficio %'),
      people as (select id, (substring(email from 'persona(\\d+)@')::int) as i from users where email like 'persona%@bench.test')
    insert into memberships (user_id, organisation_id) select p.id, o.id from people p join offices o on o.k = p.i % ${COMUNI * OFFICES}`;
  await sql`insert into user_roles (user_id, role) select id, 'learner' from users where email like 'persona%@bench.test'`;
  // Three courses: DREAM and two copies of its definition.
  await sql`insert into courses (slug, title, definition, source_hash) select 'bench-corso-' || k, 'Corso di prova ' || k, definition, source_hash from courses, generate_series(2, 3) k where slug = 'dream'`;
  const courses = await sql<Array<{ id: string; slug: string }>>`select id, slug from courses where slug = 'dream' or slug like 'bench-corso-%' order by slug`;
  if (courses.length !== 3) throw new Error(`corsi: ${courses.length}`);
  const modules = await sql<Array<{ id: string }>>`select id from content_documents where kind = 'module' and scope = 'dream' order by slug limit 3`;
  const courseIds = courses.map((c) => c.id);
  const moduleIds = modules.map((m) => m.id);
  // 60,000 assignments: due from 30 days ago to 90 days ahead (end of a day in Rome).
  await sql`insert into enrolments (user_id, course_id, enrolled_at, due_at)
    select u.id, (${courseIds}::uuid[])[k], now() - interval '60 days',
      ((current_date + ((hashtext(u.id::text || k) & 1023) % 120 - 30))::timestamp at time zone 'Europe/Rome')
    from users u, generate_series(1, 3) k where u.email like 'persona%@bench.test'`;
  // Half of them have progress: a module visited and read (events and the status table).
  await sql`create temporary table progressed as
    select e.user_id, e.course_id, (${moduleIds}::uuid[])[array_position(${courseIds}::uuid[], e.course_id)] as document_id,
      now() - ((hashtext(e.user_id::text) & 1023) % 50) * interval '1 day' as at
    from enrolments e join users u on u.id = e.user_id
    where u.email like 'persona%@bench.test' and (hashtext(e.user_id::text || e.course_id::text) & 1) = 0`;
  await sql`insert into progress_events (user_id, document_id, kind, created_at) select user_id, document_id, 'visited', at - interval '1 hour' from progressed
    union all select user_id, document_id, 'read', at from progressed`;
  await sql`insert into module_status (user_id, document_id, course_id, last_visited_at, read_at) select user_id, document_id, course_id, at, at from progressed`;
  // A third of those completed, with a certificate (hours count toward the year).
  await sql`insert into certificates (code, user_id, course_id, holder_name, course_slug, course_title, course_version, hours, issuers, issued_at, signature, key_id)
    select 'BENCH-' || row_number() over (), p.user_id, p.course_id, u.name, c.slug, c.title, '1', 12, '["DREAM"]'::jsonb, p.at, 'bench', 'bench'
    from progressed p join users u on u.id = p.user_id join courses c on c.id = p.course_id
    where (hashtext(p.user_id::text || 'c') & 3) = 0`;
  await sql`insert into training_records (user_id, title, provider, completed_on, hours)
    select id, 'Corso esterno', 'Ente di formazione', current_date - 10, 8 from users where email like 'persona%@bench.test' and (hashtext(id::text || 't') & 3) = 0`;
  // The coordinator of one Comune (same password as the demo accounts).
  await sql`insert into users (email, name, password_hash) select ${COMUNE_COORDINATOR}, 'Coordinatrice del Comune', password_hash from users where email = ${COORDINATOR}`;
  await sql`insert into user_roles (user_id, role, organisation_id)
    select u.id, 'coordinator', o.id from users u, organisations o where u.email = ${COMUNE_COORDINATOR} and o.name = 'Comune di prova 01'`;
  await sql`analyze`;
  const count = async (q: PromiseLike<ReadonlyArray<{ n: number }>>) => (await q)[0]!.n;
  const figures = {
    units: units!.n,
    learners: await count(sql<Array<{ n: number }>>`select count(*)::int as n from users where email like 'persona%@bench.test'`),
    assignments: await count(sql<Array<{ n: number }>>`select count(*)::int as n from enrolments e join users u on u.id = e.user_id where u.email like 'persona%@bench.test'`),
    withProgress: await count(sql<Array<{ n: number }>>`select count(*)::int as n from progressed`),
    progressEvents: await count(sql<Array<{ n: number }>>`select count(*)::int as n from progress_events`),
    certificates: await count(sql<Array<{ n: number }>>`select count(*)::int as n from certificates where code like 'BENCH-%'`),
    comunePeople: await count(
      sql<Array<{ n: number }>>`select count(distinct m.user_id)::int as n from memberships m join organisations o on o.id = m.organisation_id where o.name like 'Comune di prova 01%'`,
    ),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  const officeNames = (await sql<Array<{ name: string }>>`select name from organisations where name like 'Comune di prova % – Ufficio %' order by name`).map((r) => r.name);
  await sql.end();
  return { figures, courseIds, officeNames };
}

/** Waits until no query of the bench database is running (at most 10 minutes); returns the seconds waited. */
async function drain(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const t = Date.now();
  try {
    for (let i = 0; i < 1200; i++) {
      const [r] = await sql<Array<{ n: number }>>`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
      if (r!.n === 0) break;
      await new Promise((done) => setTimeout(done, 500));
    }
  } finally {
    await sql.end();
  }
  return Math.round((Date.now() - t) / 100) / 10;
}

/** Resident memory (kB) of a process and all its descendants, from /proc. */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(m?.[1] ?? 0);
    } catch {
      /* gone */
    }
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return total;
}

/** Runs `work` while sampling the server's RSS every 25 ms; returns its result, the time, and the peak increase. */
async function withRss<T>(pid: number, work: () => Promise<T>) {
  const before = treeRssKb(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(pid))), 25);
  const t = performance.now();
  try {
    const result = await work();
    return { result, seconds: Math.round(performance.now() - t) / 1000, rssBeforeMB: Math.round(before / 1024), rssIncreaseMB: Math.round((peak - before) / 1024) };
  } finally {
    clearInterval(timer);
  }
}

async function exportRows(base: string, cookie: string, format: 'xlsx' | 'csv', courseId: string): Promise<{ bytes: number; rows: number | null }> {
  const res = await fetch(`${base}/coordinamento/esporta?format=${format}&courseId=${courseId}`, { headers: { Cookie: cookie } });
  if (res.status !== 200) throw new Error(`esportazione ${format}: ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (format === 'csv') return { bytes: body.length, rows: body.toString('utf8').trimEnd().split('\n').length - 1 };
  return { bytes: body.length, rows: null };
}

async function xlsxRows(base: string, cookie: string, courseId: string): Promise<number> {
  const ExcelJS = (await import('exceljs')).default;
  const res = await fetch(`${base}/coordinamento/esporta?format=xlsx&courseId=${courseId}`, { headers: { Cookie: cookie } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return wb.worksheets[0]!.rowCount - 1;
}

async function dryRunFile(base: string, cookie: string, officeNames: string[]) {
  const tag = Date.now().toString(36);
  const lines = ['E-mail;Nome;Cognome;Unità'];
  for (let i = 0; i < FILE_ROWS; i++) {
    // One in five is already a learner of the network (assigned, not created); one in fifty has a bad e-mail.
    const email = i % 50 === 7 ? `non-valida-${i}` : i % 5 === 0 ? `persona${i + 1}@bench.test` : `nuova${i}.${tag}@bench.test`;
    lines.push(`${email};Nome${i};Cognome${i};${officeNames[i % officeNames.length]}`);
  }
  const file = new Blob([lines.join('\n')], { type: 'text/csv' });
  const upload = new FormData();
  upload.set('intent', 'upload');
  upload.set('file', file, 'iscrizioni.csv');
  let t = performance.now();
  const up = await fetch(`${base}/coordinamento/iscrizioni`, { method: 'POST', body: upload, redirect: 'manual', headers: { Cookie: cookie, Origin: base } });
  const uploadSeconds = Math.round(performance.now() - t) / 1000;
  const batchId = /lotto=([0-9a-f-]{36})/.exec(up.headers.get('location') ?? '')?.[1];
  if (!batchId) throw new Error(`caricamento del file: ${up.status}`);
  t = performance.now();
  const dry = await fetch(`${base}/coordinamento/iscrizioni`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, Origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'dryRun', batchId, email: '0', name: '1', surname: '2', unit: '3' }).toString(),
  });
  const dryRunSeconds = Math.round(performance.now() - t) / 1000;
  if (dry.status !== 302) throw new Error(`prova: ${dry.status}`);
  const page = await (await fetch(`${base}/coordinamento/iscrizioni?lotto=${batchId}`, { headers: { Cookie: cookie } })).text();
  return { rows: FILE_ROWS, uploadSeconds, dryRunSeconds, pageShowsOutcome: page.includes('esito') };
}

const verdict = (ok: boolean) => (ok ? 'entro il budget' : 'FUORI BUDGET');
function line(name: string, s: Stats) {
  return `${name.padEnd(48)} ${String(s.rate).padStart(3)}/s  p50 ${String(s.p50).padStart(6)} ms  p95 ${String(s.p95).padStart(6)} ms  p99 ${String(s.p99).padStart(6)} ms  errori ${s.errors}/${s.sent}  (budget p95 < ${BUDGET_PAGE_MS} ms: ${verdict(s.errors === 0 && s.p95 < BUDGET_PAGE_MS)})`;
}

async function main() {
  ensureBuild();
  const db = await createDatabase('aula_bench_coordination');
  const server = await startServer({ port: PORT, databaseUrl: db.url });
  const base = `http://localhost:${PORT}`;
  let keep = false;
  try {
    const { figures, courseIds, officeNames } = await seed(db.url);
    console.log(
      `[bench:coordination] ${figures.units} unità, ${figures.learners} persone, ${figures.assignments} assegnazioni, ${figures.withProgress} con progressi (${figures.progressEvents} eventi), ${figures.certificates} attestati in ${figures.seconds} s; il Comune 01 ha ${figures.comunePeople} persone`,
    );
    if (process.env.BENCH_SEED_ONLY === 'true') {
      keep = true;
      console.log(`[bench:coordination] database conservato: ${db.url}`);
      return;
    }
    const who = { rete: await signIn(base, COORDINATOR), comune: await signIn(base, COMUNE_COORDINATOR) };
    const pages = { dashboard: '/coordinamento', persone: '/coordinamento/persone' } as const;
    for (const cookie of Object.values(who))
      for (const p of Object.values(pages))
        for (let i = 0; i < 3; i++) {
          const r = await fetch(`${base}${p}`, { headers: { Cookie: cookie } });
          if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
          await r.arrayBuffer();
        }

    const load: Record<string, Stats> = {};
    const drained: Record<string, number> = {};
    for (const [w, cookie] of Object.entries(who))
      for (const [name, p] of Object.entries(pages)) {
        const run = await openLoop({ base, rate: RATE, durationSeconds: SECONDS, next: () => ({ path: p, headers: { Cookie: cookie } }) });
        load[`${name}.${w}`] = run.stats;
        // Requests the client gave up on (30 s) still run on the server: the next phase starts when they are done.
        drained[`${name}.${w}`] = await drain(db.url);
      }

    const serverPid = server.pid!;
    const exports: Record<string, { rows: number; seconds: number; rssBeforeMB: number; rssIncreaseMB: number; bytes: number }> = {};
    for (const format of ['xlsx', 'csv'] as const) {
      const m = await withRss(serverPid, () => Promise.all(courseIds.map((c) => exportRows(base, who.rete, format, c))));
      const rows = format === 'csv' ? m.result.reduce((a, r) => a + (r.rows ?? 0), 0) : (await Promise.all(courseIds.map((c) => xlsxRows(base, who.rete, c)))).reduce((a, b) => a + b, 0);
      exports[format] = { rows, seconds: m.seconds, rssBeforeMB: m.rssBeforeMB, rssIncreaseMB: m.rssIncreaseMB, bytes: m.result.reduce((a, r) => a + r.bytes, 0) };
    }
    const dryRun = await dryRunFile(base, who.rete, officeNames);

    const m = machine();
    console.log(
      `\n[bench:coordination] macchina: ${m.cpu}, ${m.cores} core, ${m.memoryGiB} GiB, Node ${m.node}; PostgreSQL locale, pool di ${process.env.DATABASE_POOL_SIZE || 10} connessioni; ${SECONDS} s per fase, carico ad arrivi fissi (open loop)`,
    );
    console.log(line('cruscotto, coordinatore della rete', load['dashboard.rete']!));
    console.log(line('persone, coordinatore della rete', load['persone.rete']!));
    console.log(line('cruscotto, coordinatore di un Comune', load['dashboard.comune']!));
    console.log(line('persone, coordinatore di un Comune', load['persone.comune']!));
    console.log(
      `(il server ha finito le richieste di ogni fase dopo: ${Object.entries(drained)
        .map(([k, v]) => `${k} +${v} s`)
        .join(', ')})`,
    );
    for (const [f, e] of Object.entries(exports))
      console.log(
        `esportazione ${f.toUpperCase().padEnd(4)} ${e.rows} righe (3 corsi insieme) in ${e.seconds} s, ${Math.round(e.bytes / 1024)} KB; RSS del server +${e.rssIncreaseMB} MB (da ${e.rssBeforeMB} MB; budget < ${BUDGET_RSS_MB} MB: ${verdict(e.rssIncreaseMB < BUDGET_RSS_MB)})`,
      );
    console.log(
      `prova di iscrizione di ${dryRun.rows} righe: caricamento ${dryRun.uploadSeconds} s, prova ${dryRun.dryRunSeconds} s (budget < ${BUDGET_DRY_RUN_S} s: ${verdict(dryRun.dryRunSeconds < BUDGET_DRY_RUN_S)})`,
    );

    const result = {
      at: new Date().toISOString(),
      date: new Date().toISOString(),
      machine: m,
      seeded: figures,
      secondsPerPhase: SECONDS,
      ratePerSecond: RATE,
      pages: Object.fromEntries(Object.entries(load).map(([k, s]) => [k, { ...s, budgetP95Ms: BUDGET_PAGE_MS, serverBusyAfterSeconds: drained[k] }])),
      exports: Object.fromEntries(Object.entries(exports).map(([k, e]) => [k, { ...e, budgetRssMB: BUDGET_RSS_MB }])),
      dryRun: { ...dryRun, budgetSeconds: BUDGET_DRY_RUN_S },
    };
    const file = writeResult('coordination', result);
    const md = [
      `# bench:coordination — ${result.at.slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `${m.cpu}, ${m.cores} core, ${m.memoryGiB} GiB, Node ${m.node}; PostgreSQL locale. Dati: ${figures.units} unità, ${figures.learners} persone, ${figures.assignments} assegnazioni, ${figures.withProgress} con progressi, ${figures.certificates} attestati (generati in ${figures.seconds} s). Il Comune ha ${figures.comunePeople} persone.`,
      '',
      '| misura | p50 | p95 | p99 | errori | budget | |',
      '|---|---|---|---|---|---|---|',
      ...Object.entries(load).map(
        ([k, s]) =>
          `| ${k} a ${RATE}/s (open loop, ${SECONDS} s) | ${s.p50} ms | ${s.p95} ms | ${s.p99} ms | ${s.errors}/${s.sent} | p95 < ${BUDGET_PAGE_MS} ms | ${s.errors === 0 && s.p95 < BUDGET_PAGE_MS ? 'ok' : '**fuori**'} |`,
      ),
      '',
      '| esportazione | righe | tempo | RSS del server | budget | |',
      '|---|---|---|---|---|---|',
      ...Object.entries(exports).map(
        ([k, e]) => `| ${k} (3 corsi insieme) | ${e.rows} | ${e.seconds} s | +${e.rssIncreaseMB} MB | < ${BUDGET_RSS_MB} MB | ${e.rssIncreaseMB < BUDGET_RSS_MB ? 'ok' : '**fuori**'} |`,
      ),
      '',
      `Prova di iscrizione di ${dryRun.rows} righe: caricamento ${dryRun.uploadSeconds} s, prova ${dryRun.dryRunSeconds} s (budget < ${BUDGET_DRY_RUN_S} s: ${dryRun.dryRunSeconds < BUDGET_DRY_RUN_S ? 'ok' : '**fuori**'}).`,
    ].join('\n');
    fs.writeFileSync(path.join(path.dirname(file), 'coordination.md'), md + '\n');
    console.log(`[bench:coordination] risultati in ${file} e coordination.md`);
  } finally {
    await stopServer(server);
    if (!keep) await db.drop();
  }
}

await main();
