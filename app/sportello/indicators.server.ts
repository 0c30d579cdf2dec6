/**
 * The indicators of the front-desk register, for coordinators (the sportelli of their subtrees),
 * operators (their own sportelli) and admins (the network). One scan of the period answers every
 * distribution (GROUPING SETS); topics and cards are unnested in two more queries. Every count
 * leaves this module already suppressed (suppress.ts): pages, charts and exports never see a
 * count under 5.
 */
import { sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { scopeUnits } from '~/coordination/scope.server';
import { listCardTitles, modulesForCards } from '~/library/cards.server';
import type { SessionUser } from '~/auth/guards.server';
import { nationalityGroup } from './countries';
import type { IndicatorData } from './labels';
import { suppress, suppressOne, type Cell } from './suppress';
import { monthKey, monthStart, monthsBefore, parseQuarter, previousQuarter, quarterKey, quarterMonths, quarterOf, type Quarter } from './time';

export type { Cell };

const DIMENSIONS = ['month', 'sportello', 'outcome', 'language', 'nationality', 'sex', 'age', 'visit'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export interface Period {
  from: string;
  to: string;
}

export interface TopCard {
  slug: string;
  title: string;
  count: number | null;
  module: { courseSlug: string; slug: string; title: string } | null;
}

/** The counts (IndicatorData, shared with the page and the exports), their period and filter, and the top cards. */
export interface Indicators extends IndicatorData {
  period: Period;
  sportello: string | null;
  topCards: TopCard[];
}

/** The sportelli the user may see the indicators of; admins see every one. */
export async function visibleSportelli({ user }: { user: SessionUser }): Promise<Array<{ id: string; name: string }>> {
  const db = await getDb();
  const s = schema.sportelli;
  const admin = user.roles.some((r) => r.role === 'admin');
  const operatorUnits = user.roles.filter((r) => r.role === 'operatore' && r.organisationId).map((r) => r.organisationId!);
  const where = admin
    ? sql`true`
    : sql`(${s.organisationId} in ${scopeUnits(user.id)}${
        operatorUnits.length
          ? sql` or ${s.organisationId} in (${sql.join(
              operatorUnits.map((u) => sql`${u}::uuid`),
              sql`, `,
            )})`
          : sql``
      })`;
  return db.select({ id: s.id, name: s.name }).from(s).where(where).orderBy(s.name);
}

/** The default period: the twelve months up to the current one. */
export function defaultPeriod(now = new Date()): Period {
  return { from: monthsBefore(now, 11), to: monthKey(now) };
}

export function quarterPeriod(q: Quarter): Period {
  return quarterMonths(q);
}

function monthsBetween({ from, to }: Period): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let i = 0; i < 120; i++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= to) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

type Outcome = { ok: true; indicators: Indicators } | { ok: false; reason: 'sportello' | 'period' };

/** Every indicator of a period (months `YYYY-MM`, inclusive) for the visible sportelli, or one of them. */
export async function getIndicators({ user, period, sportello = null }: { user: SessionUser; period: Period; sportello?: string | null }): Promise<Outcome> {
  if (period.from > period.to || monthsBetween(period).length > 60) return { ok: false, reason: 'period' };
  const sportelli = await visibleSportelli({ user });
  if (sportello && !sportelli.some((s) => s.id === sportello)) return { ok: false, reason: 'sportello' };
  const ids = sportello ? [sportello] : sportelli.map((s) => s.id);
  const empty: Indicators = {
    period,
    sportelli,
    sportello,
    total: 0,
    mediation: 0,
    byMonth: monthsBetween(period).map((key) => ({ key, count: 0 })),
    bySportello: [],
    byTopic: [],
    byOutcome: [],
    byLanguage: [],
    byNationality: [],
    bySex: [],
    byAge: [],
    byVisit: [],
    topCards: [],
  };
  if (!ids.length) return { ok: true, indicators: empty };
  const where = sql`occurred_at >= ${monthStart(period.from).toISOString()}::timestamptz and occurred_at < ${monthStart(period.to, true).toISOString()}::timestamptz and sportello_id in (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
  const db = await getDb();
  const [grouped, topics, cards] = await Promise.all([
    db.execute(sql`select grouping(month, sportello, outcome, language, nationality, sex, age, visit) as mask, month, sportello, outcome, language, nationality, sex, age, visit, count(*)::int as n, count(*) filter (where mediation)::int as mediated
      from (select to_char(occurred_at at time zone 'Europe/Rome', 'YYYY-MM') as month, sportello_id as sportello, outcome, case when mediation then coalesce(mediation_language, 'altro') end as language,
              nationality, sex, age_band as age, case when first_visit then 'prima' when first_visit = false then 'ritorno' end as visit, mediation
            from consultations where ${where}) c
      group by grouping sets ((month), (sportello), (outcome), (language), (nationality), (sex), (age), (visit), ())`),
    db.execute(sql`select t as key, count(*)::int as n from consultations, unnest(topics) as t where ${where} group by t order by n desc, t`),
    db.execute(sql`select c as key, count(*)::int as n from consultations, unnest(cards) as c where ${where} group by c order by n desc, c limit 10`),
  ]);
  const dist: Record<Dimension, Array<{ key: string; count: number }>> = { month: [], sportello: [], outcome: [], language: [], nationality: [], sex: [], age: [], visit: [] };
  let total = 0;
  let mediated = 0;
  for (const r of rowsOf<Record<string, unknown> & { mask: number; n: number; mediated: number }>(grouped)) {
    const mask = Number(r.mask);
    if (mask === 255) {
      total = r.n;
      mediated = r.mediated;
      continue;
    }
    const i = DIMENSIONS.findIndex((_, k) => ((mask >> (7 - k)) & 1) === 0);
    const dim = DIMENSIONS[i]!;
    const key = r[dim] === null || r[dim] === undefined ? 'none' : String(r[dim]);
    if (dim === 'language' && key === 'none') continue;
    // Citizenship is grouped by country in SQL (a few hundred codes) and into areas here.
    if (dim === 'nationality') {
      const area = key === 'none' ? 'none' : (nationalityGroup(key) ?? 'none');
      const cell = dist.nationality.find((c) => c.key === area);
      if (cell) cell.count += Number(r.n);
      else dist.nationality.push({ key: area, count: Number(r.n) });
      continue;
    }
    dist[dim].push({ key, count: Number(r.n) });
  }
  const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
  const months = new Map(dist.month.map((c) => [c.key, c.count]));
  const cardRows = rowsOf<{ key: string; n: number }>(cards);
  const [titles, modules] = await Promise.all([listCardTitles(), modulesForCards(cardRows.map((c) => c.key))]);
  const cardCells = suppress(cardRows.map((c) => ({ key: c.key, count: Number(c.n) })));
  return {
    ok: true,
    indicators: {
      ...empty,
      total: suppressOne(total),
      mediation: suppressOne(mediated),
      byMonth: suppress(monthsBetween(period).map((key) => ({ key, count: months.get(key) ?? 0 }))),
      bySportello: suppress(dist.sportello.sort(byCount)),
      byTopic: suppress(rowsOf<{ key: string; n: number }>(topics).map((t) => ({ key: t.key, count: Number(t.n) }))),
      byOutcome: suppress(dist.outcome.sort(byCount)),
      byLanguage: suppress(dist.language.sort(byCount)),
      byNationality: suppress(dist.nationality.sort(byCount)),
      bySex: suppress(dist.sex.sort(byCount)),
      byAge: suppress(dist.age.sort((a, b) => a.key.localeCompare(b.key))),
      byVisit: suppress(dist.visit.sort(byCount)),
      topCards: cardCells.map((c) => ({ slug: c.key, title: titles.find((t) => t.slug === c.key)?.title ?? c.key, count: c.count, module: modules.get(c.key) ?? null })),
    },
  };
}

/**
 * For the coordinators' workspace (issue 13): what the desks in the actor's scope were asked most in
 * a period (default: the current quarter), topics and cards, each card with the module that covers
 * it. Counts are suppressed like every published count.
 */
export async function topTopicsForScope({ user, period }: { user: SessionUser; period: Period }): Promise<{ topics: Cell[]; cards: TopCard[] }> {
  const result = await getIndicators({ user, period });
  if (!result.ok) return { topics: [], cards: [] };
  return { topics: result.indicators.byTopic.slice(0, 5), cards: result.indicators.topCards.slice(0, 5) };
}

/** The period the filters ask for: a quarter, else from/to months, else the last twelve months. */
export function periodFromFilters(f: { da?: string | null; a?: string | null; trimestre?: string | null }, now = new Date()): { period: Period; quarter: string | null } {
  const q = f.trimestre ? parseQuarter(f.trimestre) : null;
  if (q) return { period: quarterPeriod(q), quarter: quarterKey(q) };
  const d = defaultPeriod(now);
  return { period: { from: f.da ?? (f.a && f.a < d.from ? f.a : d.from), to: f.a ?? d.to }, quarter: null };
}

/** The quarters offered for the FAMI summary: the current one and the seven before it. */
export function recentQuarters(now = new Date()): string[] {
  const out: string[] = [];
  let q = quarterOf(now);
  for (let i = 0; i < 8; i++) {
    out.push(quarterKey(q));
    q = previousQuarter(q);
  }
  return out;
}
