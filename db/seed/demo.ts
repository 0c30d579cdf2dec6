/**
 * Demo organisations and one account per role. Only for the embedded default or an explicit
 * `--demo` seed: never created on PostgreSQL by default.
 */
import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '~/auth/password.server';
import { getDb, schema } from '~/utils/db.server';

export const DEMO_PASSWORD = 'aula-demo-2026';

export const DEMO_ACCOUNTS = [
  { email: 'discente@aula.test', name: 'Giulia Rossi', role: 'learner', org: 'Comune di Lucca' },
  { email: 'docente@aula.test', name: 'Prof. Marco Bianchi', role: 'lecturer', org: null },
  { email: 'coordinatore@aula.test', name: 'Anna Verdi', role: 'coordinator', org: 'Prefettura di Lucca' },
  { email: 'admin@aula.test', name: 'Amministrazione Aula', role: 'admin', org: null },
] as const;

export const DEMO_ORGANISATIONS = [
  { name: 'Prefettura di Lucca', kind: 'prefettura' },
  { name: 'Questura di Lucca', kind: 'questura' },
  { name: 'Comune di Lucca', kind: 'comune' },
  { name: 'Comune di Camaiore', kind: 'comune' },
  { name: 'Unione dei Comuni della Garfagnana', kind: 'unione_comuni' },
  { name: 'Azienda USL Toscana nord ovest', kind: 'asl' },
  { name: 'Cooperativa Odissea', kind: 'terzo_settore' },
] as const;

/** Idempotent: creates what is missing, changes nothing that exists. */
export async function seedDemo(): Promise<{ created: number }> {
  const db = await getDb();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  await db.transaction(async (tx) => {
    await tx.insert(schema.organisations).values([...DEMO_ORGANISATIONS]).onConflictDoNothing();
    const orgs = await tx.select().from(schema.organisations);
    const orgId = (name: string | null) => (name ? (orgs.find((o) => o.name === name)?.id ?? null) : null);
    for (const a of DEMO_ACCOUNTS) {
      const found = await tx.select({ id: schema.users.id }).from(schema.users).where(sql`lower(${schema.users.email}) = ${a.email}`);
      if (found[0]) continue;
      const [u] = await tx.insert(schema.users).values({ email: a.email, name: a.name, passwordHash }).returning({ id: schema.users.id });
      const org = orgId(a.org);
      await tx.insert(schema.userRoles).values({ userId: u!.id, role: a.role, organisationId: a.role === 'coordinator' ? org : null });
      if (org) await tx.insert(schema.memberships).values({ userId: u!.id, organisationId: org });
      created++;
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
