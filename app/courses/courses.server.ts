import { and, asc, eq, gte } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import type { CourseDefinition, ModuleFrontmatter } from './formats';
import type { QuizDefinition } from '~/quiz/formats';
import { renderMdxToHtml } from './render.server';

export interface ModuleMeta {
  toc: Array<{ depth: 2 | 3; text: string; id: string }>;
  cardRefs: string[];
  termRefs: string[];
  wordCount: number;
}

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
}

async function findCourse(slug: string) {
  const db = await getDb();
  const rows = await db.select().from(schema.courses).where(eq(schema.courses.slug, slug));
  return rows[0] ?? null;
}

/** The modules of a course in order, with the user's status on each. */
export async function getCourseModules({ userId, courseSlug }: { userId: string; courseSlug: string }) {
  const course = await findCourse(courseSlug);
  if (!course) return null;
  const db = await getDb();
  const def = course.definition as CourseDefinition;
  const rows = await db
    .select({
      documentId: schema.contentDocuments.id,
      slug: schema.contentDocuments.slug,
      position: schema.contentDocuments.position,
      versionId: schema.contentVersions.id,
      versionNo: schema.contentVersions.versionNo,
      frontmatter: schema.contentVersions.frontmatter,
      quiz: schema.contentVersions.quiz,
      readAt: schema.moduleStatus.readAt,
      quizPassedAt: schema.moduleStatus.quizPassedAt,
      completedAt: schema.moduleStatus.completedAt,
    })
    .from(schema.contentDocuments)
    .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, schema.contentDocuments.currentVersionId))
    .leftJoin(schema.moduleStatus, and(eq(schema.moduleStatus.documentId, schema.contentDocuments.id), eq(schema.moduleStatus.userId, userId)))
    .where(and(eq(schema.contentDocuments.kind, 'module'), eq(schema.contentDocuments.courseId, course.id), gte(schema.contentDocuments.position, 1)))
    .orderBy(asc(schema.contentDocuments.position));
  const finalSlug = def.completion.finalExam?.replace(/^\d+-/, '');
  const modules: ModuleSummary[] = rows.map((r) => {
    const fm = r.frontmatter as ModuleFrontmatter;
    return {
      documentId: r.documentId,
      versionId: r.versionId,
      versionNo: r.versionNo,
      slug: r.slug,
      position: r.position,
      title: fm.title,
      summary: fm.summary,
      estimatedMinutes: fm.estimatedMinutes,
      objectives: fm.objectives,
      reviewedAt: fm.reviewedAt,
      hasQuiz: Boolean(r.quiz),
      isFinalExam: r.slug === finalSlug,
      status: { readAt: r.readAt, quizPassedAt: r.quizPassedAt, completedAt: r.completedAt },
    };
  });
  return { course: { id: course.id, slug: course.slug, title: course.title, definition: def }, modules, progress: summarise(modules) };
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
  return { total, done, percent: total ? Math.round((done / total) * 100) : 0, resume, completedModules, moduleCount: modules.length };
}

export async function listCourses({ userId }: { userId: string }) {
  const db = await getDb();
  const courses = await db.select({ slug: schema.courses.slug }).from(schema.courses).orderBy(asc(schema.courses.title));
  const out = [];
  for (const c of courses) {
    const data = await getCourseModules({ userId, courseSlug: c.slug });
    if (data && data.modules.length) out.push({ ...data.course, progress: data.progress, hours: data.course.definition.hours, description: data.course.definition.description });
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
  const db = await getDb();
  const [version] = await db
    .select({ code: schema.contentVersions.compiledCode, hash: schema.contentVersions.sourceHash, frontmatter: schema.contentVersions.frontmatter, meta: schema.contentVersions.meta, quiz: schema.contentVersions.quiz })
    .from(schema.contentVersions)
    .where(eq(schema.contentVersions.id, summary.versionId));
  const fm = version!.frontmatter as ModuleFrontmatter;
  const prev = data.modules[index - 1];
  const next = data.modules[index + 1];
  const quiz = version!.quiz as QuizDefinition | null;
  return {
    course: { slug: data.course.slug, title: data.course.title },
    module: summary,
    sources: fm.sources,
    meta: version!.meta as ModuleMeta,
    html: renderMdxToHtml(version!.hash, version!.code),
    quiz: quiz ? { title: quiz.title } : null,
    prev: prev ? { slug: prev.slug, title: prev.title } : null,
    next: next ? { slug: next.slug, title: next.title } : null,
    progress: data.progress,
  };
}
