/**
 * Progress: append-only events plus the per-user, per-module status for fast reads. Every change
 * runs in one transaction that first takes a per-(learner, course) advisory lock, so two steps
 * finishing at once are serialised and the course completes (and its certificate is issued) once.
 */
import { and, eq, sql } from 'drizzle-orm';
import { getDb, schema, type Tx } from '~/utils/db.server';
import { onModuleCompleted } from './completion.server';

/** Serialises progress changes of one learner in one course (held until the transaction ends). */
export async function lockLearnerCourse(tx: Tx, userId: string, courseId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${userId} || ${courseId}, 0))`);
}

async function findModule(tx: Tx, courseSlug: string, moduleSlug: string) {
  const rows = await tx
    .select({
      documentId: schema.contentDocuments.id,
      courseId: schema.contentDocuments.courseId,
      versionId: schema.contentDocuments.currentVersionId,
      hasQuiz: sql<boolean>`${schema.contentVersions.quiz} is not null`,
    })
    .from(schema.contentDocuments)
    .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, schema.contentDocuments.currentVersionId))
    .where(and(eq(schema.contentDocuments.kind, 'module'), eq(schema.contentDocuments.scope, courseSlug), eq(schema.contentDocuments.slug, moduleSlug)));
  return rows[0] ?? null;
}

/**
 * Marks a module as read. A module without a quiz is complete once read; one whose quiz was
 * already passed completes now. Marking twice keeps the first date, and records the version read
 * last (read_version_id): reading the new version of a law change brings the module up to date.
 */
export async function markModuleRead({ userId, courseSlug, moduleSlug }: { userId: string; courseSlug: string; moduleSlug: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const mod = await findModule(tx, courseSlug, moduleSlug);
    if (!mod || !mod.courseId || !mod.versionId) return null;
    await lockLearnerCourse(tx, userId, mod.courseId);
    await tx.insert(schema.progressEvents).values({ userId, documentId: mod.documentId, versionId: mod.versionId, kind: 'read' });
    const now = new Date();
    const s = schema.moduleStatus;
    await tx
      .insert(s)
      .values({ userId, documentId: mod.documentId, courseId: mod.courseId, lastVisitedAt: now, readAt: now, readVersionId: mod.versionId })
      .onConflictDoUpdate({
        target: [s.userId, s.documentId],
        set: { lastVisitedAt: now, readAt: sql`coalesce(${s.readAt}, excluded.read_at)`, readVersionId: sql`excluded.read_version_id` },
      });
    const certificate = await completeIfDue(tx, { userId, documentId: mod.documentId, courseId: mod.courseId, versionId: mod.versionId, requiresQuiz: mod.hasQuiz });
    return { documentId: mod.documentId, certificate };
  });
}

/** Records a passed quiz inside the submitting transaction (the caller passes its tx). */
export async function recordQuizPassed(tx: Tx, { userId, documentId, courseId, versionId }: { userId: string; documentId: string; courseId: string; versionId: string }) {
  await lockLearnerCourse(tx, userId, courseId);
  const now = new Date();
  const s = schema.moduleStatus;
  await tx.insert(schema.progressEvents).values({ userId, documentId, versionId, kind: 'quiz_passed' });
  await tx
    .insert(s)
    .values({ userId, documentId, courseId, quizPassedAt: now })
    .onConflictDoUpdate({ target: [s.userId, s.documentId], set: { quizPassedAt: sql`coalesce(${s.quizPassedAt}, excluded.quiz_passed_at)` } });
  return completeIfDue(tx, { userId, documentId, courseId, versionId, requiresQuiz: true });
}

/** Completes the module when its rule is met (read, and quiz passed if it has one); once. */
async function completeIfDue(tx: Tx, m: { userId: string; documentId: string; courseId: string; versionId: string; requiresQuiz: boolean }) {
  const s = schema.moduleStatus;
  const completed = await tx
    .update(s)
    .set({ completedAt: new Date(), completedVersionId: m.versionId })
    .where(and(eq(s.userId, m.userId), eq(s.documentId, m.documentId), sql`${s.completedAt} is null`, sql`${s.readAt} is not null`, m.requiresQuiz ? sql`${s.quizPassedAt} is not null` : sql`true`))
    .returning({ documentId: s.documentId });
  if (!completed.length) return null;
  await tx.insert(schema.progressEvents).values({ userId: m.userId, documentId: m.documentId, versionId: m.versionId, kind: 'completed' });
  return onModuleCompleted(tx, { userId: m.userId, courseId: m.courseId });
}
