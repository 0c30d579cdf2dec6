/**
 * The front-desk register: an operator records consultations at the sportelli they belong to, and
 * reads their day and week. Every refusal is a typed outcome and stores nothing; recording is
 * idempotent by form token (a unique index, never a read-then-write race).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { listCardTitles } from '~/library/cards.server';
import type { SessionUser } from '~/auth/guards.server';
import type { Outcome } from '~/utils/domain-error';
import type { ConsultationInput } from './forms';
import { parseLocalDateTime, romeDayKey, startOfRomeDay, startOfRomeWeek } from './time';

export type RecordRefusal = 'sportello' | 'card' | 'office' | 'date' | 'future' | 'tooOld' | 'tokenUsed' | 'notFound';

/** How far back a consultation may be dated (a spreadsheet of the last year can be copied in). */
const MAX_AGE_DAYS = 366;
/** A clock a little ahead on the operator's computer is not "the future". */
const FUTURE_TOLERANCE_MS = 2 * 60_000;

/** The units the user is an operator of (role `operatore`, scoped in user_roles). */
function operatorUnits(user: SessionUser): string[] {
  return user.roles.filter((r) => r.role === 'operatore' && r.organisationId).map((r) => r.organisationId!);
}

/** The sportelli the user records at: those linked to the units of their operator roles. */
export async function operatorSportelli({ user }: { user: SessionUser }): Promise<Array<{ id: string; name: string }>> {
  const units = operatorUnits(user);
  if (!units.length) return [];
  const db = await getDb();
  return db.select({ id: schema.sportelli.id, name: schema.sportelli.name }).from(schema.sportelli).where(inArray(schema.sportelli.organisationId, units)).orderBy(asc(schema.sportelli.name));
}

/** What the form offers: the operator's sportelli, the library's cards and the office directory. */
export async function consultationFormOptions({ user }: { user: SessionUser }) {
  const db = await getDb();
  const [sportelli, cards, offices] = await Promise.all([
    operatorSportelli({ user }),
    listCardTitles(),
    db.select({ id: schema.offices.id, name: schema.offices.name }).from(schema.offices).orderBy(asc(schema.offices.name)),
  ]);
  return { sportelli, cards, offices };
}

/** A new form token: random, single use, the key of idempotent recording. */
export function newFormToken(): string {
  return randomBytes(18).toString('base64url');
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A follow-up code for "da richiamare": random, not derived from the person (e.g. `R7K2-M9XA`). */
export function newFollowUpCode(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * The note, stripped of direct identifiers before it is stored: e-mail addresses, phone numbers
 * (six digits or more, with the usual separators) and Italian fiscal codes.
 */
export function sanitiseNote(note: string | undefined): string | null {
  const text = (note ?? '')
    .replace(/[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/g, '[e-mail rimossa]')
    .replace(/\b[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z]\b/g, '[codice rimosso]')
    .replace(/(?:\+|00)?\d(?:[\s./-]?\d){5,}/g, '[telefono rimosso]')
    .trim();
  return text || null;
}

interface Checked {
  values: Omit<typeof schema.consultations.$inferInsert, 'formToken' | 'operatorId'>;
}

/** Everything the database must confirm: the sportello is the operator's, cards and office exist, the date is plausible. */
async function check({ user, input, now }: { user: SessionUser; input: ConsultationInput; now: Date }): Promise<Outcome<Checked, RecordRefusal>> {
  const sportelli = await operatorSportelli({ user });
  if (!sportelli.some((s) => s.id === input.sportello)) return { ok: false, reason: 'sportello' };
  const occurredAt = parseLocalDateTime(input.occurredAt);
  if (!occurredAt) return { ok: false, reason: 'date' };
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return { ok: false, reason: 'future' };
  if (occurredAt.getTime() < now.getTime() - MAX_AGE_DAYS * 86_400_000) return { ok: false, reason: 'tooOld' };
  const cards = [...new Set(input.cards)];
  const known = await listCardTitles();
  if (cards.some((c) => !known.some((k) => k.slug === c))) return { ok: false, reason: 'card' };
  if (input.outcome === 'inviato' && input.referredOffice) {
    const db = await getDb();
    const [office] = await db.select({ id: schema.offices.id }).from(schema.offices).where(eq(schema.offices.id, input.referredOffice));
    if (!office) return { ok: false, reason: 'office' };
  }
  // No topic ticked: the topics of the cards consulted.
  const topics = input.topics.length ? [...new Set(input.topics)] : [...new Set(cards.flatMap((c) => known.find((k) => k.slug === c)!.topics))];
  return {
    ok: true,
    values: {
      sportelloId: input.sportello,
      occurredAt,
      topics,
      cards,
      outcome: input.outcome,
      referredOfficeId: input.outcome === 'inviato' ? (input.referredOffice ?? null) : null,
      mediation: Boolean(input.mediation),
      mediationLanguage: input.mediation ? (input.mediationLanguage ?? null) : null,
      nationality: input.nationality ?? null,
      sex: input.sex ?? null,
      ageBand: input.ageBand ?? null,
      firstVisit: input.visit ? input.visit === 'prima' : null,
      note: sanitiseNote(input.note),
    },
  };
}

/** Records a consultation once per form token; a resubmitted form returns the row it wrote. */
export async function recordConsultation({
  user,
  input,
  now = new Date(),
}: {
  user: SessionUser;
  input: ConsultationInput;
  now?: Date;
}): Promise<Outcome<{ id: string; duplicate: boolean }, RecordRefusal>> {
  const db = await getDb();
  const [existing] = await db.select({ id: schema.consultations.id, operatorId: schema.consultations.operatorId }).from(schema.consultations).where(eq(schema.consultations.formToken, input.token));
  if (existing) return existing.operatorId === user.id ? { ok: true, id: existing.id, duplicate: true } : { ok: false, reason: 'tokenUsed' };
  const checked = await check({ user, input, now });
  if (!checked.ok) return checked;
  const followUpCode = input.followUp && input.outcome === 'da_richiamare' ? newFollowUpCode() : null;
  const [row] = await db
    .insert(schema.consultations)
    .values({ ...checked.values, followUpCode, operatorId: user.id, formToken: input.token })
    .onConflictDoNothing({ target: schema.consultations.formToken })
    .returning({ id: schema.consultations.id });
  if (row) return { ok: true, id: row.id, duplicate: false };
  // Two submissions of the same form at once: the other one wrote it.
  const [other] = await db.select({ id: schema.consultations.id, operatorId: schema.consultations.operatorId }).from(schema.consultations).where(eq(schema.consultations.formToken, input.token));
  return other && other.operatorId === user.id ? { ok: true, id: other.id, duplicate: true } : { ok: false, reason: 'tokenUsed' };
}

const listColumns = {
  id: schema.consultations.id,
  occurredAt: schema.consultations.occurredAt,
  sportelloId: schema.consultations.sportelloId,
  sportello: schema.sportelli.name,
  topics: schema.consultations.topics,
  cards: schema.consultations.cards,
  outcome: schema.consultations.outcome,
  referredOfficeId: schema.consultations.referredOfficeId,
  mediation: schema.consultations.mediation,
  mediationLanguage: schema.consultations.mediationLanguage,
  nationality: schema.consultations.nationality,
  sex: schema.consultations.sex,
  ageBand: schema.consultations.ageBand,
  firstVisit: schema.consultations.firstVisit,
  followUpCode: schema.consultations.followUpCode,
  note: schema.consultations.note,
  createdAt: schema.consultations.createdAt,
};

/** "My day": the operator's consultations of today and of this week (Monday on), Rome time. */
export async function myConsultations({ user, now = new Date() }: { user: SessionUser; now?: Date }) {
  const db = await getDb();
  const weekStart = startOfRomeWeek(now);
  const dayStart = startOfRomeDay(now);
  const rows = await db
    .select(listColumns)
    .from(schema.consultations)
    .innerJoin(schema.sportelli, eq(schema.sportelli.id, schema.consultations.sportelloId))
    .where(and(eq(schema.consultations.operatorId, user.id), gte(schema.consultations.occurredAt, weekStart), lt(schema.consultations.occurredAt, new Date(now.getTime() + 86_400_000))))
    .orderBy(desc(schema.consultations.occurredAt))
    .limit(1000);
  return { today: rows.filter((r) => r.occurredAt >= dayStart), week: rows, dayStart, weekStart };
}

/** One of the operator's own consultations, or null (someone else's is not found). */
export async function getConsultation({ user, id }: { user: SessionUser; id: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = await getDb();
  const [row] = await db
    .select(listColumns)
    .from(schema.consultations)
    .innerJoin(schema.sportelli, eq(schema.sportelli.id, schema.consultations.sportelloId))
    .where(and(eq(schema.consultations.id, id), eq(schema.consultations.operatorId, user.id)));
  return row ?? null;
}

/**
 * Corrects one of the operator's consultations. The same day (Rome time) it is a plain edit; later,
 * the correction is written to the audit log with the fields it changed.
 */
export async function correctConsultation({
  user,
  id,
  input,
  now = new Date(),
}: {
  user: SessionUser;
  id: string;
  input: ConsultationInput;
  now?: Date;
}): Promise<Outcome<{ audited: boolean }, RecordRefusal>> {
  const before = await getConsultation({ user, id });
  if (!before) return { ok: false, reason: 'notFound' };
  const checked = await check({ user, input, now });
  if (!checked.ok) return checked;
  const v = checked.values;
  const followUpCode = v.outcome !== 'da_richiamare' ? null : (before.followUpCode ?? (input.followUp ? newFollowUpCode() : null));
  const changed = (Object.keys(v) as Array<keyof typeof v>).filter((k) => JSON.stringify(v[k]) !== JSON.stringify(before[k as keyof typeof before]));
  const audited = romeDayKey(before.createdAt) !== romeDayKey(now);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx
      .update(schema.consultations)
      .set({ ...v, followUpCode, updatedAt: now })
      .where(and(eq(schema.consultations.id, id), eq(schema.consultations.operatorId, user.id)));
    if (audited)
      await tx.insert(schema.auditLog).values({ actorId: user.id, action: 'sportello.consultation.correct', target: id, data: JSON.stringify({ changed, recordedOn: romeDayKey(before.createdAt) }) });
  });
  return { ok: true, audited };
}
