/** Writes the demo data of db/seed/demo.ts. Idempotent: creates what is missing, changes nothing that exists. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { hashPassword } from '~/auth/password.server';
import { getDb, schema } from '~/utils/db.server';
import { DEMO_ACCOUNTS, DEMO_CONSULTATIONS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_SPORTELLI, DEMO_STAFF } from '~db/seed/demo';

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

export async function seedDemo(): Promise<{ created: number }> {
  const db = await getDb();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  await db.transaction(async (tx) => {
    await tx
      .insert(schema.organisations)
      .values(DEMO_ORGANISATIONS.map((o) => ({ name: o.name, kind: o.kind })))
      .onConflictDoNothing();
    const orgs = await tx.select().from(schema.organisations);
    const orgId = (name: string | null) => (name ? (orgs.find((o) => o.name === name)?.id ?? null) : null);
    // Parents are set once (a unit an admin has moved keeps its place).
    for (const o of DEMO_ORGANISATIONS) {
      const parent = orgId(o.parent);
      if (parent)
        await tx
          .update(schema.organisations)
          .set({ parentId: parent })
          .where(and(eq(schema.organisations.name, o.name), isNull(schema.organisations.parentId)));
    }
    for (const a of DEMO_ACCOUNTS) {
      const found = await tx
        .select({ id: schema.users.id })
        .from(schema.users)
        .where(sql`lower(${schema.users.email}) = ${a.email}`);
      if (found[0]) continue;
      const [u] = await tx.insert(schema.users).values({ email: a.email, name: a.name, passwordHash }).returning({ id: schema.users.id });
      await tx.insert(schema.userRoles).values({ userId: u!.id, role: a.role, organisationId: orgId(a.scope) });
      for (const role of 'also' in a ? a.also : []) await tx.insert(schema.userRoles).values({ userId: u!.id, role });
      const org = orgId(a.org);
      if (org) await tx.insert(schema.memberships).values({ userId: u!.id, organisationId: org });
      created++;
    }
    // The register's desks, and their past consultations when there are none yet.
    await tx
      .insert(schema.sportelli)
      .values(DEMO_SPORTELLI.flatMap((s) => (orgId(s.unit) ? [{ id: s.id, name: s.name, organisationId: orgId(s.unit)! }] : [])))
      .onConflictDoNothing();
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(schema.consultations)) as [{ n: number }];
    if (Number(n) === 0) await tx.insert(schema.consultations).values(demoConsultations());
    // Staff of the demo networks (no password: they exist for the coordinator's pages).
    for (const p of DEMO_STAFF) {
      const found = await tx
        .select({ id: schema.users.id })
        .from(schema.users)
        .where(sql`lower(${schema.users.email}) = ${p.email}`);
      if (found[0]) continue;
      const [u] = await tx.insert(schema.users).values({ email: p.email, name: p.name }).returning({ id: schema.users.id });
      await tx.insert(schema.userRoles).values({ userId: u!.id, role: 'learner' });
      const org = orgId(p.org);
      if (org) await tx.insert(schema.memberships).values({ userId: u!.id, organisationId: org, jobTitle: p.jobTitle });
    }
    // The demo learner is enrolled in every course.
    const [learner] = await tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, 'discente@aula.test'));
    const courses = await tx.select({ id: schema.courses.id }).from(schema.courses);
    if (learner && courses.length)
      await tx
        .insert(schema.enrolments)
        .values(courses.map((c) => ({ userId: learner.id, courseId: c.id })))
        .onConflictDoNothing();
  });
  return { created };
}

/** A fixed pseudo-random sequence (mulberry32): the same demo figures on every installation. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function demoConsultations(now = new Date()) {
  const r = random(17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const desks = Object.entries(DEMO_CONSULTATIONS.weights).flatMap(([id, w]) => Array.from({ length: w }, () => id));
  const outcomes = ['risolto', 'risolto', 'risolto', 'inviato', 'inviato', 'da_richiamare', 'appuntamento'] as const;
  const sexes = ['F', 'M', 'F', 'M', null] as const;
  const ages = ['18-29', '30-44', '30-44', '45-64', '65+', null] as const;
  return Array.from({ length: DEMO_CONSULTATIONS.count }, (_, i) => {
    const card = pick(DEMO_CONSULTATIONS.cards);
    const outcome = pick(outcomes);
    const mediation = r() < 0.3;
    // Between 8 and 365 days ago, on a weekday morning.
    const at = new Date(now.getTime() - (8 + Math.floor(r() * 357)) * 86_400_000);
    at.setUTCHours(8 + Math.floor(r() * 4), Math.floor(r() * 60), 0, 0);
    return {
      sportelloId: pick(desks),
      operatorId: null,
      occurredAt: at,
      topics: [...card.topics],
      cards: [card.slug],
      outcome,
      referredOfficeId: outcome === 'inviato' ? pick(DEMO_CONSULTATIONS.offices) : null,
      mediation,
      mediationLanguage: mediation ? pick(DEMO_CONSULTATIONS.languages) : null,
      nationality: r() < 0.85 ? pick(DEMO_CONSULTATIONS.nationalities) : null,
      sex: pick(sexes),
      ageBand: pick(ages),
      firstVisit: r() < 0.6,
      formToken: `demo-${i}`,
    };
  });
}
