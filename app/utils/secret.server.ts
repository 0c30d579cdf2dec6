/**
 * The server's HMAC secret (device cookies, signed links): `AULA_SECRET` when set, otherwise 32
 * random bytes generated once and kept in `app_settings`, so every instance agrees.
 */
import { randomBytes, createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { env } from './env.server';
import { getDb, schema } from './db.server';

const SETTING = 'app_secret';
let secret: Promise<Buffer> | null = null;

async function load(): Promise<Buffer> {
  if (env.appSecret) return Buffer.from(env.appSecret, 'utf8');
  const db = await getDb();
  await db
    .insert(schema.appSettings)
    .values({ key: SETTING, value: randomBytes(32).toString('base64') })
    .onConflictDoNothing();
  const [row] = await db.select({ value: schema.appSettings.value }).from(schema.appSettings).where(eq(schema.appSettings.key, SETTING));
  return Buffer.from(row!.value, 'base64');
}

export async function hmac(purpose: string, value: string): Promise<string> {
  secret ??= load().catch((e: unknown) => {
    secret = null;
    throw e;
  });
  return createHmac('sha256', await secret)
    .update(`${purpose}\u0000${value}`)
    .digest('base64url');
}

export async function hmacMatches(purpose: string, value: string, mac: string): Promise<boolean> {
  const expected = Buffer.from(await hmac(purpose, value));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
