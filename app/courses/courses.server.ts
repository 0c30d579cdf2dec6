import { and, asc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import { getDb, preparedQuery, schema } from '~/utils/db.server';
import { courseDefinition, getVersions, type ModuleMeta } from '~/content/versions.server';
import { renderVersionHtml } from '~/content/render.server';
import { getModuleUpdates, type ModuleUpdate } from '~/progress/updates.server';

export type { ModuleMeta };

export interface ModuleSummary {
  documentId: string;
  versionId: string;
  versionNo: number;
  slug: string;
  position: number;
  title: string;
  summary: string;
  estimatedMinutes: number;
  objectives: string[];
  reviewedAt: string;
  hasQuiz: boolean;
  isFinalExam: boolean;
  status: { readAt: Date | null; quizPassedAt: Date | null; completedAt: Date | null };
  /** set when a law change was published since the learner read the module: "da aggiornare" */
  update: ModuleUpdate | null;
}

/** The modules of a course in order, with the user's status on each. */
// The course and the user's status on each of its modules, in one round trip.
const courseModulesQuery = preparedQuery((db) => {
  const d = schema.contentDocuments;
  const s = schema.moduleStatus;
  const c = schema.courses;
  return db
    .select({
      courseId: c.id,
      courseTitle: c.title,
      courseHash: c.sourceHash,
      documentId: d.id,
      slug: d.slug,
      position: d.position,
      versionId: d.currentVersionId,
      readAt: s.readAt,
      quizPassedAt: s.quizPassedAt,
      completedAt: s.completedAt,
    })
    .from(c)
    .leftJoin(d, and(eq(d.courseId, c.id), eq(d.kind, 'module'), gte(d.position, 1), isNotNull(d.currentVersionId)))
    .leftJoin(s, and(eq(s.documentId, d.id), eq(s.userId, sql.placeholder('userId'))))
    .where(eq(c.slug, sql.placeholder('courseSlug')))
    .orderBy(asc(d.position))
    .prepare('aula_course_modules');
});

export async function getCourseModules({ userId, courseSlug }: { userId: string; courseSlug: string }) {
  const all = await (await courseModulesQuery()).execute({ userId, courseSlug });
  const head = all[0];
  if (!head) return null;
  const definition = await courseDefinition(head.courseId, head.courseHash);
  // A course without modules comes back as one row with no document (left join).
  const rows = all.filter((r): r is typeof r & { documentId: string; slug: string; position: number; versionId: string } => r.documentId !== null && r.versionId !== null);
  // Everything about the versions comes from the immutable cache.
  const infos = await getVersions(rows.map((r) => r.versionId));
  const finalSlug = definition.completion.finalExam?.replace(/^\d+-/, '');
  // Law changes matter only to a learner who has read something of the course.
  const read = rows.filter((r) => r.readAt || r.completedAt).map((r) => r.documentId);
  const updates = read.length ? await getModuleUpdates({ userIds: [userId], documentIds: read }) : new Map<string, ModuleUpdate>();
  const modules: ModuleSummary[] = rows.map((r) => {
    const v = infos.get(r.versionId)!;
    const fm = v.frontmatter;
    return {
      documentId: r.documentId,
      versionId: v.id,
      versionNo: v.versionNo,
      slug: r.slug,
      position: r.position,
      title: fm.title,
      summary: fm.summary,
      estimatedMinutes: fm.estimatedMinutes,
      objectives: fm.objectives,
      reviewedAt: fm.reviewedAt,
      hasQuiz: v.quizTitle !== null,
      isFinalExam: r.slug === finalSlug,
      status: { readAt: r.readAt, quizPassedAt: r.quizPassedAt, completedAt: r.completedAt },
      update: updates.get(`${userId}:${r.documentId}`) ?? null,
    };
  });
  return { course: { id: head.courseId, slug: courseSlug, title: head.courseTitle, definition }, modules, progress: summarise(modules) };
}

/** Steps: reading each module, plus passing each quiz. "Riprendi da qui" is the first step not done. */
export function summarise(modules: ModuleSummary[]) {
  let total = 0;
  let done = 0;
  let resume: { slug: string; step: 'read' | 'quiz' } | null = null;
  for (const m of modules) {
    total += 1;
    if (m.status.readAt) done += 1;
    else resume ??= { slug: m.slug, step: 'read' };
    if (m.hasQuiz) {
      total += 1;
      if (m.status.quizPassedAt) done += 1;
      else if (m.status.readAt) resume ??= { slug: m.slug, step: 'quiz' };
    }
  }
  const completedModules = modules.filter((m) => m.status.completedAt).length;
  const toUpdate = modules.filter((m) => m.update).length;
  return { total, done, percent: total ? Math.round((done / total) * 100) : 0, resume, completedModules, moduleCount: modules.length, toUpdate };
}

export async function listCourses({ userId }: { userId: string }) {
  const db = await getDb();
  const courses = await db.select({ slug: schema.courses.slug }).from(schema.courses).orderBy(asc(schema.courses.title));
  // Due dates set by a coordinator: the day (Rome) the course is due, and whether it is past.
  const due = await db
    .select({
      slug: schema.courses.slug,
      dueOn: sql<string | null>`to_char((${schema.enrolments.dueAt} at time zone 'Europe/Rome') - interval '1 second', 'YYYY-MM-DD')`,
      late: sql<boolean>`${schema.enrolments.dueAt} < now()`,
    })
    .from(schema.enrolments)
    .innerJoin(schema.courses, eq(schema.courses.id, schema.enrolments.courseId))
    .where(and(eq(schema.enrolments.userId, userId), isNotNull(schema.enrolments.dueAt)));
  const out = [];
  for (const c of courses) {
    const data = await getCourseModules({ userId, courseSlug: c.slug });
    const d = due.find((x) => x.slug === c.slug);
    if (data && data.modules.length)
      out.push({
        ...data.course,
        progress: data.progress,
        updates: data.modules.filter((m) => m.update).map((m) => ({ slug: m.slug, title: m.title, update: m.update! })),
        hours: data.course.definition.hours,
        description: data.course.definition.description,
        dueOn: d?.dueOn ?? null,
        late: Boolean(d?.late) && data.progress.completedModules < data.progress.moduleCount,
      });
  }
  return out;
}

/** Everything the module page shows; the body is rendered once per version and cached. */
export async function getModulePage({ userId, courseSlug, moduleSlug }: { userId: string; courseSlug: string; moduleSlug: string }) {
  const data = await getCourseModules({ userId, courseSlug });
  if (!data) return null;
  const index = data.modules.findIndex((m) => m.slug === moduleSlug);
  const summary = data.modules[index];
  if (!summary) return null;
  const version = (await getVersions([summary.versionId])).get(summary.versionId)!;
  const fm = version.frontmatter;
  const prev = data.modules[index - 1];
  const next = data.modules[index + 1];
  return {
    course: { slug: data.course.slug, title: data.course.title },
    module: summary,
    sources: fm.sources,
    meta: version.meta,
    html: await renderVersionHtml(summary.versionId, version.hash),
    bodyHash: version.hash,
    quiz: version.quizTitle ? { title: version.quizTitle } : null,
    prev: prev ? { slug: prev.slug, title: prev.title } : null,
    next: next ? { slug: next.slug, title: next.title } : null,
    progress: data.progress,
  };
}
