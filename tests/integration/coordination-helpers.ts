import { eq } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { seedUser, uniqueEmail } from './helpers';

/** Two networks (A with two children, B with one), a coordinator of A, one person in A1 and one in B1. */
export async function twoNetworks() {
  const db = await getDb();
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const org = async (name: string, parentId: string | null, kind: 'rete' | 'comune' = 'comune') =>
    (
      await db
        .insert(schema.organisations)
        .values({ name: `${name} ${tag}`, kind, parentId })
        .returning()
    )[0]!;
  const a = await org('Rete A', null, 'rete');
  const a1 = await org('Comune A1', a.id);
  const a2 = await org('Comune A2', a.id);
  const b = await org('Rete B', null, 'rete');
  const b1 = await org('Comune B1', b.id);
  const coordinator = await seedUser({ role: 'coordinator' });
  await db.update(schema.userRoles).set({ organisationId: a.id }).where(eq(schema.userRoles.userId, coordinator.id));
  const person = async (unitId: string, name = 'Persona di Prova') => {
    const [u] = await db
      .insert(schema.users)
      .values({ email: uniqueEmail('persona'), name })
      .returning();
    await db.insert(schema.memberships).values({ userId: u!.id, organisationId: unitId });
    return u!;
  };
  const pA1 = await person(a1.id, 'Alda Merini');
  const pB1 = await person(b1.id, 'Bruno Neri');
  return { tag, a, a1, a2, b, b1, coordinator, pA1, pB1, person };
}
