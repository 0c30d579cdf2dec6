/**
 * The e-mail of a law change: called once, inside the publishing transaction, so a publication and
 * its notices commit together (the outbox delivers them afterwards). It tells every learner who read
 * or completed an earlier version of the module; the idempotency key (one per version and learner)
 * makes a second run enqueue nothing.
 */
import { and, eq, ne, or, isNotNull, sql } from 'drizzle-orm';
import { enqueueMany } from '~/mail/outbox.server';
import { schema, type Tx } from '~/utils/db.server';

export async function enqueueLawChangeNotices(tx: Tx, p: { documentId: string; versionId: string; title: string; summary: string; moduleUrl: string }) {
  const ms = schema.moduleStatus;
  const learners = await tx
    .select({ id: schema.users.id, email: schema.users.email, locale: schema.users.locale })
    .from(ms)
    .innerJoin(schema.users, eq(schema.users.id, ms.userId))
    .where(
      and(
        eq(ms.documentId, p.documentId),
        or(isNotNull(ms.readVersionId), isNotNull(ms.completedAt)),
        ne(sql`coalesce(${ms.readVersionId}, ${ms.completedVersionId})`, p.versionId),
        sql`${schema.users.disabledAt} is null`,
      ),
    );
  return enqueueMany(
    tx,
    learners.map((l) => {
      const en = l.locale === 'en';
      return {
        key: `studio:law:${p.versionId}:${l.id}`,
        to: l.email,
        userId: l.id,
        locale: en ? ('en' as const) : ('it' as const),
        template: 'notice' as const,
        data: en
          ? {
              subject: `Aula: a change in the law updates “${p.title}”`,
              heading: 'Change in the law',
              paragraphs: [p.summary, 'A module you read has been updated: until you read the new version it shows as “to update”. Your certificate stays valid.'],
              action: { label: 'See what changed', url: `${p.moduleUrl}/aggiornamento` },
            }
          : {
              subject: `Aula: aggiornamento normativo in «${p.title}»`,
              heading: 'Modifica normativa',
              paragraphs: [p.summary, 'Il modulo che hai letto è stato aggiornato: finché non leggi la nuova versione risulta «da aggiornare». Il tuo attestato resta valido.'],
              action: { label: 'Cosa è cambiato', url: `${p.moduleUrl}/aggiornamento` },
            },
      };
    }),
  );
}
