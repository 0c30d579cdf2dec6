import { and, eq, sql } from 'drizzle-orm';
import { getDb, schema, type Tx } from '~/utils/db.server';

async function findModule(tx: Tx, courseSlug: string, moduleSlug: string) {
  const rows = await tx
    .select({ documentId: schema.contentDocuments.id, courseId: schema.contentDocuments.courseId, versionId: schema.contentDocuments.currentVersionId, quiz: schema.contentVersions.quiz })
    .from(schema.contentDocuments)
    .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, schema.contentDocuments.currentVersionId))
    .where(and(eq(schema.contentDocuments.kind, 'module'), eq(schema.contentDocuments.scope, courseSlug), eq(schema.contentDocuments.slug, moduleSlug)));
  return rows[0] ?? null;
}

/**
 * Marks a module as read: an append-only event plus the fast status row, in one transaction.
 * A module without a quiz is complete once read. Marking twice keeps the first date.
 */
export async function markModuleRead({ userId, courseSlug, moduleSlug }: { userId: string; courseSlug: string; moduleSlug: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const mod = await findModule(tx, courseSlug, moduleSlug);
    if (!mod || !mod.courseId || !mod.versionId) return null;
    const now = new Date();
    await tx.insert(schema.progressEvents).values({ userId, documentId: mod.documentId, versionId: mod.versionId, kind: 'read' });
    const completes = !mod.quiz;
    const s = schema.moduleStatus;
    await tx
      .insert(s)
      .values({
        userId,
        documentId: mod.documentId,
        courseId: mod.courseId,
        lastVisitedAt: now,
        readAt: now,
        readVersionId: mod.versionId,
        completedAt: completes ? now : null,
        completedVersionId: completes ? mod.versionId : null,
      })
      .onConflictDoUpdate({
        target: [s.userId, s.documentId],
        set: {
          lastVisitedAt: now,
          readAt: sql`coalesce(${s.readAt}, excluded.read_at)`,
          readVersionId: sql`coalesce(${s.readVersionId}, excluded.read_version_id)`,
          completedAt: sql`coalesce(${s.completedAt}, case when ${s.quizPassedAt} is not null then excluded.last_visited_at else excluded.completed_at end)`,
          completedVersionId: sql`coalesce(${s.completedVersionId}, case when ${s.quizPassedAt} is not null then excluded.read_version_id else excluded.completed_version_id end)`,
        },
      });
    if (completes) await tx.insert(schema.progressEvents).values({ userId, documentId: mod.documentId, versionId: mod.versionId, kind: 'completed' });
    return { documentId: mod.documentId };
  });
}
