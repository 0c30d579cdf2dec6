/**
 * Issuing: inside the progress transaction, once every module of a course is complete, exactly one
 * signed certificate per learner and course.
 */
import { and, eq, gte, isNotNull, sql } from 'drizzle-orm';
import { schema, type DbOrTx, type Tx } from '~/utils/db.server';
import { generateCertificateCode } from './code';
import { publicJwk, signPayload, type CertificatePayload } from './signing.server';
import { getSigningKey } from './keys.server';

export type CertificateRow = typeof schema.certificates.$inferSelect;

export function payloadOf(row: Pick<CertificateRow, 'code' | 'holderName' | 'courseSlug' | 'courseTitle' | 'courseVersion' | 'hours' | 'issuers' | 'issuedAt'>): CertificatePayload {
  return {
    code: row.code,
    holderName: row.holderName,
    courseSlug: row.courseSlug,
    courseTitle: row.courseTitle,
    courseVersion: row.courseVersion,
    hours: Number(row.hours),
    issuers: Array.isArray(row.issuers) ? row.issuers : [],
    issuedAt: row.issuedAt.toISOString(),
  };
}

/** Whether every module of the course (position ≥ 1, published) is complete for the user. */
async function courseComplete(conn: DbOrTx, userId: string, courseId: string): Promise<boolean> {
  const d = schema.contentDocuments;
  const s = schema.moduleStatus;
  const [row] = await conn
    .select({
      total: sql<number>`count(*)::int`,
      missing: sql<number>`(count(*) filter (where ${s.completedAt} is null))::int`,
    })
    .from(d)
    .leftJoin(s, and(eq(s.documentId, d.id), eq(s.userId, userId)))
    .where(and(eq(d.kind, 'module'), eq(d.courseId, courseId), gte(d.position, 1), isNotNull(d.currentVersionId)));
  return Number(row?.total ?? 0) > 0 && Number(row?.missing ?? 1) === 0;
}

/**
 * Issues the certificate of a course once every module of it is complete for the learner.
 *
 * Called inside the progress transaction, after a module completes; the caller holds the
 * per-(learner, course) advisory lock, so what is read here is consistent. Returns null while the
 * course is not complete; otherwise inserts at most one certificate (the unique index on
 * (user_id, course_id) makes a double issue impossible even without the lock) and returns its code,
 * with `created` false when it already existed.
 */
export async function issueCertificateIfComplete({ tx, userId, courseId }: { tx: Tx; userId: string; courseId: string }): Promise<{ code: string; created: boolean } | null> {
  if (!(await courseComplete(tx, userId, courseId))) return null;
  const c = schema.certificates;
  const existing = await tx
    .select({ code: c.code })
    .from(c)
    .where(and(eq(c.userId, userId), eq(c.courseId, courseId)));
  if (existing[0]) return { code: existing[0].code, created: false };

  const [user] = await tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, userId));
  const [course] = await tx.select({ slug: schema.courses.slug, title: schema.courses.title, definition: schema.courses.definition }).from(schema.courses).where(eq(schema.courses.id, courseId));
  if (!user || !course) return null;
  const def = course.definition;
  const key = await getSigningKey(tx);
  const kid = publicJwk(key).kid;
  // Milliseconds only, so the stored timestamp reads back exactly as signed.
  const issuedAt = new Date();
  const base = {
    holderName: user.name.normalize('NFC'),
    courseSlug: course.slug,
    courseTitle: (def.title ?? course.title).normalize('NFC'),
    courseVersion: String(def.version ?? ''),
    // numeric(6,1): sign the value the column will hold.
    hours: Math.round(Number(def.hours ?? 0) * 10) / 10,
    issuers: (def.organisers ?? []).map((o) => o.normalize('NFC')),
    issuedAt: issuedAt.toISOString(),
  };

  for (let attempt = 0; attempt < 5; attempt++) {
    const code = generateCertificateCode();
    const payload: CertificatePayload = { code, ...base };
    const inserted = await tx
      .insert(c)
      .values({
        code,
        userId,
        courseId,
        holderName: payload.holderName,
        courseSlug: payload.courseSlug,
        courseTitle: payload.courseTitle,
        courseVersion: payload.courseVersion,
        hours: payload.hours,
        issuers: payload.issuers,
        issuedAt,
        signature: signPayload(payload, key),
        keyId: kid,
      })
      // Any unique conflict: (user, course) means it exists; the code means a (very) unlucky draw.
      .onConflictDoNothing()
      .returning({ code: c.code });
    if (inserted[0]) {
      await tx.insert(schema.auditLog).values({ actorId: userId, action: 'certificate.issue', target: code, data: JSON.stringify({ courseId }) });
      return { code: inserted[0].code, created: true };
    }
    const again = await tx
      .select({ code: c.code })
      .from(c)
      .where(and(eq(c.userId, userId), eq(c.courseId, courseId)));
    if (again[0]) return { code: again[0].code, created: false };
  }
  throw new Error('Impossibile generare un codice di attestato univoco');
}
