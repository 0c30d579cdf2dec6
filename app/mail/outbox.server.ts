/**
 * The transactional outbox. `enqueueMail` is called with the transaction of the change that causes
 * the message (an invitation, a reminder step), so an uncommitted change sends nothing and a
 * committed one is never lost; the background worker (delivery.server.ts) sends it. The
 * idempotency key names the logical message: enqueueing it twice stores it once.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { renderTemplate, type MailLocale, type TemplateData, type TemplateName } from './templates';

export interface EnqueueMail<N extends TemplateName> {
  /** a stable name of the logical message, e.g. `invite:<token hash>`, `reminder:<assignment>:7d` */
  key: string;
  to: string;
  userId?: string | null;
  locale?: MailLocale | null;
  template: N;
  data: TemplateData<N>;
}

/** The Message-ID of an outbox row: deterministic, so a resend after a crash is recognisable. */
export function messageIdFor(id: string): string {
  return `<${id}@${new URL(env.baseUrl).hostname}>`;
}

/** Stores one message (once per key); returns whether it was new. */
export async function enqueueMail<N extends TemplateName>(conn: DbOrTx, mail: EnqueueMail<N>): Promise<boolean> {
  const locale = mail.locale === 'en' ? 'en' : 'it';
  const rendered = renderTemplate(mail.template, locale, mail.data);
  const id = crypto.randomUUID();
  const rows = await conn
    .insert(schema.mailOutbox)
    .values({ id, idempotencyKey: mail.key, userId: mail.userId ?? null, to: mail.to, locale, template: mail.template, ...rendered, messageId: messageIdFor(id) })
    .onConflictDoNothing({ target: schema.mailOutbox.idempotencyKey })
    .returning({ id: schema.mailOutbox.id });
  return rows.length > 0;
}

/** Many messages at once (reminders, digests), in one statement per chunk; duplicates by key are skipped. */
export async function enqueueMany<N extends TemplateName>(conn: DbOrTx, mails: Array<EnqueueMail<N>>): Promise<number> {
  let created = 0;
  for (let i = 0; i < mails.length; i += 500) {
    const chunk = mails.slice(i, i + 500).map((m) => {
      const id = crypto.randomUUID();
      const locale = m.locale === 'en' ? 'en' : 'it';
      return { id, idempotencyKey: m.key, userId: m.userId ?? null, to: m.to, locale, template: m.template, ...renderTemplate(m.template, locale, m.data), messageId: messageIdFor(id) } as const;
    });
    const rows = await conn.insert(schema.mailOutbox).values(chunk).onConflictDoNothing({ target: schema.mailOutbox.idempotencyKey }).returning({ id: schema.mailOutbox.id });
    created += rows.length;
  }
  return created;
}

export type MailStatusFilter = 'all' | 'queued' | 'retrying' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** What /admin/posta lists: newest first, by status and recipient. */
export async function listMail({ status = 'all', to, limit = 100 }: { status?: MailStatusFilter; to?: string; limit?: number }) {
  const db = await getDb();
  const m = schema.mailOutbox;
  const conditions = [];
  if (status === 'retrying') conditions.push(and(eq(m.status, 'queued'), sql`${m.attempts} > 0`));
  else if (status === 'queued') conditions.push(and(eq(m.status, 'queued'), eq(m.attempts, 0)));
  else if (status !== 'all') conditions.push(eq(m.status, status));
  if (to) conditions.push(sql`lower(${m.to}) like ${`%${to.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`}`);
  const rows = await db
    .select({
      id: m.id,
      to: m.to,
      subject: m.subject,
      template: m.template,
      status: m.status,
      attempts: m.attempts,
      lastError: m.lastError,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      nextAttemptAt: m.nextAttemptAt,
    })
    .from(m)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(m.createdAt))
    .limit(limit);
  const counts = await db
    .select({ status: m.status, retrying: sql<boolean>`${m.status} = 'queued' and ${m.attempts} > 0`, n: sql<number>`count(*)::int` })
    .from(m)
    .groupBy(m.status, sql`2`);
  return { rows, counts };
}

export async function getMail(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = await getDb();
  const [row] = await db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.id, id));
  return row ?? null;
}

/** An admin retries a failed or cancelled message: it is queued again now. */
export async function retryMail({ id, actorId }: { id: string; actorId: string }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(schema.mailOutbox)
      .set({ status: 'queued', nextAttemptAt: new Date(), leaseUntil: null })
      .where(and(eq(schema.mailOutbox.id, id), inArray(schema.mailOutbox.status, ['failed', 'cancelled', 'queued'])))
      .returning({ id: schema.mailOutbox.id });
    if (rows.length) await tx.insert(schema.auditLog).values({ actorId, action: 'mail.retry', target: id });
    return rows.length > 0;
  });
}

/** An admin cancels a message not yet sent. */
export async function cancelMail({ id, actorId }: { id: string; actorId: string }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(schema.mailOutbox)
      .set({ status: 'cancelled', leaseUntil: null })
      .where(and(eq(schema.mailOutbox.id, id), inArray(schema.mailOutbox.status, ['queued', 'failed'])))
      .returning({ id: schema.mailOutbox.id });
    if (rows.length) await tx.insert(schema.auditLog).values({ actorId, action: 'mail.cancel', target: id });
    return rows.length > 0;
  });
}
