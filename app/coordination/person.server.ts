/**
 * One person's page for their coordinator: each assigned course module by module, quiz attempts
 * (scores only, never answers), certificates and the hours ledger; and recording training done
 * elsewhere. Outside the actor's scope the person does not exist (notFound).
 */
import { and, eq, sql } from 'drizzle-orm';
import { KB, MB, allowUpload } from '~/http/limits';
import { getDb, schema } from '~/utils/db.server';
import { sniffFile, typeOfName } from '~/utils/sniff';
import { getSettings } from '~/admin/settings.server';
import { getModuleUpdates } from '~/progress/updates.server';
import { isPersonInScope } from './people.server';
import { getPersonLawUpdates } from './law-updates.server';
import { coordinatedUnits } from './scope.server';
import { dueDayOf, rowsOf, statusOf, targetOf, targetsCte, type AssignmentStatus } from './sql.server';

export async function getPersonDetail({ actorId, userId, now = new Date() }: { actorId: string; userId: string; now?: Date }) {
  const db = await getDb();
  if (!(await isPersonInScope(db, actorId, userId))) return null;
  const { defaultYearlyHours } = await getSettings();
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now));
  const [person] = await rowsOf<{ id: string; name: string; email: string; invited: boolean; target: number }>(
    db,
    sql`with recursive ${targetsCte(defaultYearlyHours)} select u.id, u.name, u.email, (u.password_hash is null) as invited, ${targetOf('u', defaultYearlyHours)} as target from users u where u.id = ${userId}::uuid`,
  );
  const units = await rowsOf<{ id: string; name: string; jobTitle: string | null }>(
    db,
    sql`select o.id, o.name, m.job_title as "jobTitle" from memberships m join organisations o on o.id = m.organisation_id where m.user_id = ${userId}::uuid and o.id in ${coordinatedUnits(actorId)} order by o.name`,
  );
  const courses = await rowsOf<{ courseId: string; title: string; status: AssignmentStatus; dueOn: string | null; exemption: string | null }>(
    db,
    sql`select e.course_id as "courseId", c.title, ${statusOf('e', now)} as status, ${dueDayOf('e')} as "dueOn",
        (select x.reason from course_exemptions x where x.user_id = e.user_id and x.course_id = e.course_id) as exemption
      from enrolments e join courses c on c.id = e.course_id where e.user_id = ${userId}::uuid order by c.title`,
  );
  const modules = await rowsOf<{ courseId: string; documentId: string; title: string; read: string | null; quizPassed: string | null; completed: string | null }>(
    db,
    sql`select d.course_id as "courseId", d.id as "documentId", coalesce(v.frontmatter->>'title', d.slug) as title,
        to_char(ms.read_at at time zone 'Europe/Rome', 'YYYY-MM-DD') as read, to_char(ms.quiz_passed_at at time zone 'Europe/Rome', 'YYYY-MM-DD') as "quizPassed",
        to_char(ms.completed_at at time zone 'Europe/Rome', 'YYYY-MM-DD') as completed
      from content_documents d join enrolments e on e.course_id = d.course_id and e.user_id = ${userId}::uuid
      left join content_versions v on v.id = d.current_version_id
      left join module_status ms on ms.document_id = d.id and ms.user_id = ${userId}::uuid
      where d.kind = 'module' order by d.position`,
  );
  const attempts = await rowsOf<{ documentId: string; attemptNo: number; percent: number | null; passed: boolean | null; submittedOn: string }>(
    db,
    sql`select a.document_id as "documentId", a.attempt_no as "attemptNo", a.percent::float8 as percent, (a.percent >= (a.rules->>'passPercent')::numeric) as passed,
        to_char(a.submitted_at at time zone 'Europe/Rome', 'YYYY-MM-DD') as "submittedOn"
      from quiz_attempts a where a.user_id = ${userId}::uuid and a.submitted_at is not null order by a.submitted_at`,
  );
  const certificates = await rowsOf<{ code: string; courseTitle: string; issuedOn: string; revoked: boolean; hours: number }>(
    db,
    sql`select code, course_title as "courseTitle", to_char(issued_at at time zone 'Europe/Rome', 'YYYY-MM-DD') as "issuedOn", revoked_at is not null as revoked, hours::float8 as hours
      from certificates where user_id = ${userId}::uuid order by issued_at`,
  );
  const ledger = await rowsOf<{ kind: 'course' | 'external'; recordId: string | null; attachment: string | null; title: string; provider: string; day: string; hours: number }>(
    db,
    sql`select 'course' as kind, null::uuid as "recordId", null::text as attachment, course_title as title, 'Aula' as provider,
        to_char(issued_at at time zone 'Europe/Rome', 'YYYY-MM-DD') as day, hours::float8 as hours
        from certificates where user_id = ${userId}::uuid and revoked_at is null
      union all
      select 'external', t.id, a.file_name, t.title, t.provider, to_char(t.completed_on, 'YYYY-MM-DD'), t.hours::float8
        from training_records t left join training_attachments a on a.record_id = t.id where t.user_id = ${userId}::uuid
      order by day desc`,
  );
  // Law changes published since the person read a module: "da aggiornare".
  const updates = await getModuleUpdates({ userIds: [userId], documentIds: modules.map((m) => m.documentId), now });
  const lawUpdates = await getPersonLawUpdates({ userId, now });
  const hoursThisYear = ledger.filter((l) => l.day.startsWith(String(year))).reduce((s, l) => s + Number(l.hours), 0);
  return {
    ...person!,
    units,
    year,
    hoursThisYear,
    courses: courses.map((c) => ({
      ...c,
      modules: modules
        .filter((m) => m.courseId === c.courseId)
        .map((m) => ({ ...m, toUpdate: updates.has(`${userId}:${m.documentId}`), attempts: attempts.filter((a) => a.documentId === m.documentId) })),
    })),
    lawUpdates: lawUpdates.map((u) => ({ versionId: u.versionId, versionNo: u.versionNo, moduleTitle: u.moduleTitle, summary: u.summary, state: u.state, dueOn: u.dueOn })),
    certificates,
    ledger,
  };
}

export interface TrainingInput {
  title: string;
  provider: string;
  completedOn: string;
  hours: number;
}

/** The optional attachment of a training record: the certificate of a course done elsewhere. */
export const ATTACHMENT_MAX_BYTES = 5 * MB;
allowUpload(/^\/coordinamento\/persone\/[0-9a-f-]{36}$/, ATTACHMENT_MAX_BYTES + 64 * KB, 'certificate of training done elsewhere (PDF, PNG, JPEG)');
const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface AttachmentInput {
  fileName: string;
  declaredType: string;
  bytes: Uint8Array;
}

export type TrainingRefusal = 'notFound' | 'attachmentTooLarge' | 'attachmentType';

/** PDF, PNG or JPEG by its bytes, with a name that does not claim otherwise; at most 5 MB. */
function checkAttachment(file: AttachmentInput): { ok: true; mime: AttachmentType } | { ok: false; reason: 'attachmentTooLarge' | 'attachmentType' } {
  if (file.bytes.byteLength > ATTACHMENT_MAX_BYTES) return { ok: false, reason: 'attachmentTooLarge' };
  const sniffed = sniffFile(file.bytes);
  const byName = typeOfName(file.fileName);
  const allowed = (ATTACHMENT_TYPES as readonly string[]).includes(sniffed ?? '');
  if (!allowed || (byName && byName !== sniffed) || (file.declaredType && file.declaredType !== 'application/octet-stream' && file.declaredType !== sniffed))
    return { ok: false, reason: 'attachmentType' };
  return { ok: true, mime: sniffed as AttachmentType };
}

/**
 * Records training done elsewhere in the person's ledger, with its optional attachment and an audit
 * entry, in one transaction. A refused attachment stores nothing at all.
 */
export async function recordTraining({
  actorId,
  userId,
  input,
  attachment = null,
}: {
  actorId: string;
  userId: string;
  input: TrainingInput;
  attachment?: AttachmentInput | null;
}): Promise<{ ok: true } | { ok: false; reason: TrainingRefusal }> {
  const checked = attachment ? checkAttachment(attachment) : null;
  if (checked && !checked.ok) return { ok: false, reason: checked.reason };
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (!(await isPersonInScope(tx, actorId, userId))) return { ok: false as const, reason: 'notFound' as const };
    const [row] = await tx
      .insert(schema.trainingRecords)
      .values({ userId, title: input.title, provider: input.provider, completedOn: input.completedOn, hours: input.hours, createdBy: actorId })
      .returning({ id: schema.trainingRecords.id });
    if (attachment && checked?.ok) {
      const fileName = attachment.fileName.replace(/[\u0000-\u001f"\\/]/g, '_').slice(-120) || 'attestato';
      await tx.insert(schema.trainingAttachments).values({ recordId: row!.id, userId, fileName, mime: checked.mime, size: attachment.bytes.byteLength, bytes: attachment.bytes });
    }
    await tx.insert(schema.auditLog).values({
      actorId,
      action: 'coordination.training.record',
      target: userId,
      data: JSON.stringify({ id: row!.id, hours: input.hours, completedOn: input.completedOn, attachment: attachment ? attachment.bytes.byteLength : null }),
    });
    return { ok: true as const };
  });
}

/** A training record's attachment, for a coordinator whose scope holds the person; null otherwise. */
export async function readTrainingAttachment({ actorId, userId, recordId }: { actorId: string; userId: string; recordId: string }) {
  const db = await getDb();
  if (!(await isPersonInScope(db, actorId, userId))) return null;
  const a = schema.trainingAttachments;
  const [row] = await db
    .select({ fileName: a.fileName, mime: a.mime, bytes: a.bytes })
    .from(a)
    .where(and(eq(a.recordId, recordId), eq(a.userId, userId)))
    .limit(1);
  if (row) await db.insert(schema.auditLog).values({ actorId, action: 'coordination.training.attachment.read', target: userId, data: JSON.stringify({ recordId }) });
  return row ?? null;
}
