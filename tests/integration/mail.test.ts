import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inviteUser } from '~/auth/accounts.server';
import { deliverDue } from '~/mail/delivery.server';
import { enqueueMail, messageIdFor } from '~/mail/outbox.server';
import { getDb, schema } from '~/utils/db.server';
import { SmtpSink } from '../support/smtp-sink';
import { seedUser, uniqueEmail } from './helpers';

const sink = new SmtpSink();

beforeAll(async () => {
  await sink.start();
  process.env.SMTP_URL = sink.url;
  process.env.MAIL_RETRY_BASE_SECONDS = '1';
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await sink.stop();
});

beforeEach(async () => {
  // Messages of other tests in this database are delivered (or dropped) before each test.
  const db = await getDb();
  await db
    .update(schema.mailOutbox)
    .set({ status: 'cancelled' })
    .where(sql`${schema.mailOutbox.status} in ('queued', 'sending')`);
});

/** Runs the worker until nothing is due. */
async function drain() {
  for (let i = 0; i < 50; i++) {
    const r = await deliverDue();
    if (r.claimed === 0) return;
  }
}

async function row(to: string) {
  const db = await getDb();
  const rows = await db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.to, to));
  return rows;
}

describe('mail through a real SMTP server', () => {
  it('an invitation reaches the inbox in Italian, with an accessible HTML part, a plain-text part and a working link', async () => {
    const admin = await seedUser({ role: 'admin' });
    const email = uniqueEmail('invitata');
    const { token } = await inviteUser({ actorId: admin.id, email, role: 'learner' });
    await drain();
    const [mail] = sink.to(email);
    expect(mail?.subject).toBe('Invito ad Aula');
    expect(mail?.text).toContain(`/invito/${token}`);
    expect(mail?.html).toContain(`/invito/${token}`);
    expect(mail?.lang).toBe('it');
    expect(mail?.html).toContain('<h1');
    // No remote image or font a mail client would block.
    expect(mail?.html).not.toMatch(/<img|url\(|@import|<link/i);
    const [stored] = await row(email);
    expect(stored?.status).toBe('sent');
    expect(mail?.messageId).toBe(messageIdFor(stored!.id));
  });

  it('an invitation whose transaction rolls back sends nothing; a committed one is never lost', async () => {
    const db = await getDb();
    const lost = uniqueEmail('annullata');
    await db
      .transaction(async (tx) => {
        await enqueueMail(tx, { key: `test:${lost}`, to: lost, template: 'reset', data: { url: 'http://localhost/x' } });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const kept = uniqueEmail('confermata');
    await db.transaction(async (tx) => {
      await enqueueMail(tx, { key: `test:${kept}`, to: kept, template: 'reset', data: { url: 'http://localhost/x' } });
    });
    await drain();
    expect(sink.to(lost)).toHaveLength(0);
    expect(await row(lost)).toHaveLength(0);
    expect(sink.to(kept)).toHaveLength(1);
  });

  it('a logical message enqueued twice (same idempotency key) is stored and sent once', async () => {
    const db = await getDb();
    const to = uniqueEmail('doppia');
    expect(await enqueueMail(db, { key: `twice:${to}`, to, template: 'reset', data: { url: 'http://localhost/x' } })).toBe(true);
    expect(await enqueueMail(db, { key: `twice:${to}`, to, template: 'reset', data: { url: 'http://localhost/x' } })).toBe(false);
    await Promise.all([drain(), drain(), drain()]);
    expect(sink.to(to)).toHaveLength(1);
  });

  it('a permanent refusal (550) fails the message at once with the server’s answer, without retrying', async () => {
    const db = await getDb();
    const to = uniqueEmail('rifiutata');
    sink.refuse.add(to);
    await enqueueMail(db, { key: `refuse:${to}`, to, template: 'reset', data: { url: 'http://localhost/x' } });
    await drain();
    const [stored] = await row(to);
    expect(stored?.status).toBe('failed');
    expect(stored?.attempts).toBe(1);
    expect(stored?.lastError).toContain('550');
    await drain();
    expect((await row(to))[0]?.attempts).toBe(1);
  });

  it('while the SMTP server is down for 30 s messages wait and retry, then all are delivered, none lost, none duplicated', async () => {
    const db = await getDb();
    const port = sink.port;
    const before = sink.received.length;
    await sink.stop();
    const recipients = Array.from({ length: 12 }, (_, i) => uniqueEmail(`attesa${i}`));
    for (const to of recipients) await enqueueMail(db, { key: `down:${to}`, to, template: 'reset', data: { url: 'http://localhost/x' } });
    const downUntil = Date.now() + 30_000;
    while (Date.now() < downUntil) {
      await deliverDue();
      await new Promise((r) => setTimeout(r, 500));
    }
    const waiting = await db
      .select()
      .from(schema.mailOutbox)
      .where(sql`${schema.mailOutbox.to} in ${recipients}`);
    expect(waiting.every((m) => m.status === 'queued' && m.attempts >= 1 && m.lastError)).toBe(true);
    sink.port = port;
    await sink.start();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && sink.received.length - before < recipients.length) {
      await deliverDue();
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const to of recipients) expect(sink.to(to), to).toHaveLength(1);
    const done = await db
      .select()
      .from(schema.mailOutbox)
      .where(sql`${schema.mailOutbox.to} in ${recipients}`);
    expect(done.every((m) => m.status === 'sent')).toBe(true);
  }, 120_000);
});

describe('the admin’s actions on the outbox', () => {
  it('cancels a queued message (it is never sent) and retries a failed one (it is sent)', async () => {
    const { cancelMail, retryMail } = await import('~/mail/outbox.server');
    const admin = await seedUser({ role: 'admin' });
    const db = await getDb();
    const a = uniqueEmail('annullare');
    const b = uniqueEmail('riprovare');
    await enqueueMail(db, { key: `cancel:${a}`, to: a, template: 'reset', data: { url: 'http://localhost/x' } });
    const [ma] = await row(a);
    expect(await cancelMail({ id: ma!.id, actorId: admin.id })).toBe(true);
    sink.refuse.add(b);
    await enqueueMail(db, { key: `retry:${b}`, to: b, template: 'reset', data: { url: 'http://localhost/x' } });
    await drain();
    expect((await row(b))[0]?.status).toBe('failed');
    sink.refuse.delete(b);
    expect(await retryMail({ id: (await row(b))[0]!.id, actorId: admin.id })).toBe(true);
    await drain();
    expect(sink.to(a)).toHaveLength(0);
    expect((await row(a))[0]?.status).toBe('cancelled');
    expect(sink.to(b)).toHaveLength(1);
    expect((await row(b))[0]?.status).toBe('sent');
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.actorId, admin.id));
    expect(audit.map((e) => e.action).sort()).toEqual(['mail.cancel', 'mail.retry']);
  });
});
