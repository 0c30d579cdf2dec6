import { desc, sql } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * The one interface for outgoing mail. For now every message goes to the `outbox` table and to
 * the server log; an SMTP transport will read the outbox (see README, "E-mail").
 */
export async function sendMail(mail: Mail, db?: DbOrTx): Promise<void> {
  const conn = db ?? (await getDb());
  await conn.insert(schema.outbox).values(mail);
  if (process.env.NODE_ENV !== 'test' && !process.env.VITEST) {
    console.log(`[mail] to=${mail.to} subject="${mail.subject}"\n${mail.text}\n`);
  }
}

export async function latestMailTo(to: string) {
  const db = await getDb();
  const rows = await db
    .select({ to: schema.outbox.to, subject: schema.outbox.subject, text: schema.outbox.text, createdAt: schema.outbox.createdAt })
    .from(schema.outbox)
    .where(sql`lower(${schema.outbox.to}) = ${to.toLowerCase()}`)
    .orderBy(desc(schema.outbox.createdAt))
    .limit(1);
  return rows[0] ?? null;
}
