import { hashPassword } from '~/auth/password.server';
import { getDb, schema } from '~/utils/db.server';

export function uniqueEmail(prefix = 'utente') {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@aula.test`;
}

/** Creates a user directly in the real database (tests only). */
export async function seedUser({ role = 'learner', password = 'password-di-prova' }: { role?: 'learner' | 'lecturer' | 'coordinator' | 'admin'; password?: string } = {}) {
  const db = await getDb();
  const email = uniqueEmail(role);
  const [user] = await db
    .insert(schema.users)
    .values({ email, name: 'Persona di Prova', passwordHash: await hashPassword(password) })
    .returning();
  await db.insert(schema.userRoles).values({ userId: user!.id, role });
  return { ...user!, password };
}
