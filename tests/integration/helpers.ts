import { hashPassword } from '~/auth/password.server';
import { getDb, schema } from '~/utils/db.server';
import { createLoadContext } from '~/http/context.server';

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

/** What a loader or action receives from the server for this request (the real request context). */
export function routeArgs(request: Request, { params = {}, ip = '203.0.113.1' }: { params?: Record<string, string>; ip?: string } = {}) {
  return { request, params, context: createLoadContext({ request, clientIp: ip }) };
}

/** Guard arguments for a request carrying this session token. */
export function guardArgs(token?: string, path = '/corsi') {
  const request = new Request(`http://localhost${path}`, { headers: token ? { Cookie: `aula_session=${token}` } : {} });
  return { request, context: createLoadContext({ request }) };
}

/** A thrown route error: a Response, or Remix's `data()` (status, payload). */
export async function thrownError(p: Promise<unknown>): Promise<{ status: number; headers: Headers; payload: unknown; text: string }> {
  try {
    await p;
  } catch (error) {
    if (error instanceof Response) return { status: error.status, headers: error.headers, payload: null, text: await error.text() };
    const e = error as { type?: string; data?: unknown; init?: ResponseInit | null };
    if (e?.type === 'DataWithResponseInit') return { status: e.init?.status ?? 200, headers: new Headers(e.init?.headers), payload: e.data, text: '' };
    throw error;
  }
  throw new Error('expected a thrown Response');
}
