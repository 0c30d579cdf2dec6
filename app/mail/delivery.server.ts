/**
 * Delivery of the outbox over SMTP (nodemailer). A worker claims due messages with
 * `FOR UPDATE SKIP LOCKED` and a lease, so several instances never take the same message; a message
 * whose worker died mid-send is taken again when its lease ends (the only case of a duplicate: at
 * most the messages being sent at that moment, one per lane; its Message-ID is the same). Each
 * message is marked sent as soon as the server accepts it. Temporary failures retry with exponential backoff; a permanent SMTP
 * answer (5xx) fails the message at once, with the server's words.
 * Without SMTP_URL nothing is sent: messages stay readable at /admin/posta.
 */
import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { env } from '~/utils/env.server';

export const MAX_ATTEMPTS = 8;

let transport: Transporter | null = null;
let transportUrl: string | null = null;

function getTransport(): Transporter | null {
  const url = env.smtpUrl;
  if (!url) return null;
  if (!transport || transportUrl !== url) {
    transport?.close();
    transport = nodemailer.createTransport({ url, pool: true, maxConnections: 10, maxMessages: Infinity, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 } as TransportOptions);
    transportUrl = url;
  }
  return transport;
}

export function closeTransport() {
  transport?.close();
  transport = null;
}

/** Seconds before retry n (1-based): base × 2^(n−1), at most 6 hours. */
export function backoffSeconds(attempt: number, base = env.mailRetryBaseSeconds): number {
  return Math.min(6 * 3600, base * 2 ** Math.max(0, attempt - 1));
}

interface Claimed {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string;
  message_id: string;
  attempts: number;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** A permanent SMTP refusal (5xx): retrying cannot help. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describe(error: unknown): string {
  const e = error as { response?: string; message?: string; code?: string };
  return (e.response ?? e.message ?? String(error)).slice(0, 500);
}

/** Sends what is due now: one batch. Returns what happened (0 claimed when idle or without SMTP). */
export async function deliverDue({
  batch = 100,
  concurrency = 10,
  leaseSeconds = env.mailLeaseSeconds,
}: { batch?: number; concurrency?: number; leaseSeconds?: number } = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  const smtp = getTransport();
  if (!smtp) return report;
  const db = await getDb();
  const claimed = (await db.execute(sql`
    update mail_outbox set status = 'sending', lease_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
    where id in (
      select id from mail_outbox
      where (status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and lease_until < now())
      order by next_attempt_at
      limit ${batch}
      for update skip locked
    )
    returning id, to_address, subject, body_text, body_html, message_id, attempts`)) as unknown as Claimed[] | { rows: Claimed[] };
  const rows = Array.isArray(claimed) ? claimed : claimed.rows;
  report.claimed = rows.length;
  if (!rows.length) return report;

  const sent: string[] = [];
  const outcomes: Array<{ id: string; retry: boolean; error: string; attempts: number }> = [];
  let next = 0;
  const from = env.mailFrom;
  async function lane() {
    while (next < rows.length) {
      const m = rows[next++]!;
      try {
        await smtp!.sendMail({
          from,
          to: m.to_address,
          subject: m.subject,
          text: m.body_text,
          html: m.body_html,
          messageId: m.message_id,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Aula-Outbox': m.id },
        });
        // Recorded at once, so that a crash later in the batch resends only what was in flight.
        await db
          .update(schema.mailOutbox)
          .set({ status: 'sent', sentAt: sql`now()`, leaseUntil: null, lastError: null })
          .where(and(eq(schema.mailOutbox.id, m.id), eq(schema.mailOutbox.status, 'sending')));
        sent.push(m.id);
      } catch (error) {
        outcomes.push({ id: m.id, retry: !isPermanent(error) && m.attempts < MAX_ATTEMPTS, error: describe(error), attempts: m.attempts });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));

  for (const o of outcomes) {
    if (o.retry) {
      await db.execute(
        sql`update mail_outbox set status = 'queued', lease_until = null, last_error = ${o.error}, next_attempt_at = now() + make_interval(secs => ${backoffSeconds(o.attempts)}) where id = ${o.id} and status = 'sending'`,
      );
      report.retrying++;
    } else {
      await db.execute(sql`update mail_outbox set status = 'failed', lease_until = null, last_error = ${o.error} where id = ${o.id} and status = 'sending'`);
      report.failed++;
    }
  }
  report.sent = sent.length;
  return report;
}
