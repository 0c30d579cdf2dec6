/** Writes the demo data of db/seed/demo.ts. Idempotent: creates what is missing, changes nothing that exists. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { hashPassword } from '~/auth/password.server';
import { getDb, schema } from '~/utils/db.server';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_STAFF } from '~db/seed/demo';

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
      const org = orgId(a.org);
      if (org) await tx.insert(schema.memberships).values({ userId: u!.id, organisationId: org });
      created++;
    }
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
