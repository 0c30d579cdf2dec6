/**
 * The course outline in the studio: the modules of a course in order, reordered, retired, brought
 * back and added. The outline is course.yaml (a `course_file` document), so every change is a new
 * version of it, rewritten with the `yaml` Document API (comments and every other field stay as the
 * lecturer wrote them), published in the studio (a `studio_version_notes` row, so the start-up import
 * of files never undoes it), with `courses.definition` and the modules' positions updated and the
 * audit row written in the same transaction. A change names the course.yaml version it started from:
 * a stale change is a conflict and writes nothing.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import YAML from 'yaml';
import { courseSchema, type CourseDefinition } from '~/content/formats';
import { contentHash, parseYamlText, type ContentIssue } from '~/content/loader.server';
import { getDb, schema, type Tx } from '~/utils/db.server';
import { OPEN_STATES, recordAuthor } from './review.server';

export const moduleSlugOf = (folder: string) => folder.replace(/^\d+-/, '');

export type OutlineModuleState = 'published' | 'retired' | 'new';

export interface OutlineModule {
  id: string;
  slug: string;
  title: string;
  position: number;
  state: OutlineModuleState;
  draftState: string | null;
  lastChange: Date | null;
  finalExam: boolean;
}

export interface CourseOutline {
  course: { id: string; slug: string; title: string };
  /** the course.yaml version in force: a change must name it */
  baseVersionId: string;
  baseVersionNo: number;
  lastChange: Date;
  /** in the outline, in order */
  modules: OutlineModule[];
  /** retired, and added but never published: outside the outline */
  others: OutlineModule[];
}

/** The outline of a course, or null when the course (or its course.yaml document) does not exist. */
export async function getCourseOutline(courseSlug: string): Promise<CourseOutline | null> {
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const s = schema.studioDrafts;
  const [head] = await db
    .select({
      id: schema.courses.id,
      slug: schema.courses.slug,
      title: schema.courses.title,
      definition: schema.courses.definition,
      versionId: v.id,
      versionNo: v.versionNo,
      publishedAt: v.publishedAt,
    })
    .from(schema.courses)
    .innerJoin(d, and(eq(d.kind, 'course_file'), eq(d.scope, schema.courses.slug), eq(d.slug, schema.courses.slug)))
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .where(eq(schema.courses.slug, courseSlug));
  if (!head) return null;
  const rows = await db
    .select({
      id: d.id,
      slug: d.slug,
      position: d.position,
      currentVersionId: d.currentVersionId,
      title: sql<string | null>`${v.frontmatter}->>'title'`,
      draftSource: s.source,
      draftState: s.state,
      lastChange: sql<string | null>`greatest(${v.publishedAt}, ${s.updatedAt})`,
    })
    .from(d)
    .leftJoin(v, eq(v.id, d.currentVersionId))
    .leftJoin(s, and(eq(s.documentId, d.id), inArray(s.state, [...OPEN_STATES])))
    .where(and(eq(d.kind, 'module'), eq(d.scope, courseSlug)))
    .orderBy(asc(d.position), asc(d.slug));
  const finalSlug = head.definition.completion.finalExam ? moduleSlugOf(head.definition.completion.finalExam) : null;
  const all: OutlineModule[] = rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title ?? titleOfDraft(r.draftSource) ?? r.slug,
    position: r.position,
    state: !r.currentVersionId ? 'new' : r.position >= 1 ? 'published' : 'retired',
    draftState: r.draftState ?? null,
    lastChange: r.lastChange ? new Date(r.lastChange) : null,
    finalExam: r.slug === finalSlug,
  }));
  return {
    course: { id: head.id, slug: head.slug, title: head.title },
    baseVersionId: head.versionId,
    baseVersionNo: head.versionNo,
    lastChange: head.publishedAt,
    modules: all.filter((m) => m.state === 'published'),
    others: all.filter((m) => m.state !== 'published'),
  };
}

function titleOfDraft(source: string | null): string | null {
  const m = source ? /^title:\s*"?(.*?)"?\s*$/m.exec(source) : null;
  return m?.[1] || null;
}

export type OutlineChange = { op: 'up' | 'down' | 'retire' | 'restore'; slug: string };

export type OutlineOutcome = { ok: true; versionNo: number } | { ok: false; reason: 'notFound' | 'conflict' | 'finalExam' | 'noop' | 'invalid'; issues?: ContentIssue[] };

interface LockedCourse {
  courseId: string;
  docId: string;
  versionId: string;
  source: string;
  definition: CourseDefinition;
}

/** The course and its course.yaml document, locked for the change. */
async function lockCourse(tx: Tx, courseSlug: string): Promise<LockedCourse | null> {
  const d = schema.contentDocuments;
  const [doc] = await tx
    .select({ id: d.id, currentVersionId: d.currentVersionId })
    .from(d)
    .where(and(eq(d.kind, 'course_file'), eq(d.scope, courseSlug), eq(d.slug, courseSlug)))
    .for('update');
  if (!doc?.currentVersionId) return null;
  const [course] = await tx.select({ id: schema.courses.id }).from(schema.courses).where(eq(schema.courses.slug, courseSlug));
  const [version] = await tx.select({ source: schema.contentVersions.source }).from(schema.contentVersions).where(eq(schema.contentVersions.id, doc.currentVersionId));
  if (!course || !version) return null;
  const parsed = parseYamlText('course.yaml', version.source, courseSchema, []);
  if (!parsed) return null;
  return { courseId: course.id, docId: doc.id, versionId: doc.currentVersionId, source: version.source, definition: parsed.value as CourseDefinition };
}

/** Reorders, retires or brings back a module; `baseVersionId` is the course.yaml version the lecturer saw. */
export async function changeOutline({
  courseSlug,
  baseVersionId,
  change,
  actorId,
  note,
}: {
  courseSlug: string;
  baseVersionId: string;
  change: OutlineChange;
  actorId: string;
  note: string;
}): Promise<OutlineOutcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<OutlineOutcome> => {
    const course = await lockCourse(tx, courseSlug);
    if (!course) return { ok: false, reason: 'notFound' };
    if (course.versionId !== baseVersionId) return { ok: false, reason: 'conflict' };
    const folders = [...course.definition.modules];
    const at = folders.findIndex((f) => moduleSlugOf(f) === change.slug);
    const [doc] = await tx
      .select({ id: schema.contentDocuments.id, currentVersionId: schema.contentDocuments.currentVersionId })
      .from(schema.contentDocuments)
      .where(and(eq(schema.contentDocuments.kind, 'module'), eq(schema.contentDocuments.scope, courseSlug), eq(schema.contentDocuments.slug, change.slug)));
    if (!doc) return { ok: false, reason: 'notFound' };
    let next: string[];
    if (change.op === 'up' || change.op === 'down') {
      if (at < 0) return { ok: false, reason: 'notFound' };
      const to = change.op === 'up' ? at - 1 : at + 1;
      if (to < 0 || to >= folders.length) return { ok: false, reason: 'noop' };
      next = [...folders];
      [next[at], next[to]] = [next[to]!, next[at]!];
    } else if (change.op === 'retire') {
      if (at < 0) return { ok: false, reason: 'noop' };
      if (course.definition.completion.finalExam && moduleSlugOf(course.definition.completion.finalExam) === change.slug) return { ok: false, reason: 'finalExam' };
      next = folders.filter((_, i) => i !== at);
    } else {
      if (at >= 0) return { ok: false, reason: 'noop' };
      // Only a module with a published version can come back (a new one joins on its first publication).
      if (!doc.currentVersionId) return { ok: false, reason: 'notFound' };
      next = [...folders, await folderFor(tx, course, change.slug)];
    }
    return writeOutline(tx, { courseSlug, course, folders: next, actorId, note, action: `studio.outline.${change.op}`, data: { slug: change.slug } });
  });
}

/**
 * Called by publishing, in its transaction: a module published for the first time joins the outline
 * at the end. A module that already had a version keeps the place it has (or stays retired).
 */
export async function joinOutlineOnFirstPublication(tx: Tx, { documentId, actorId }: { documentId: string; actorId: string | null }) {
  const d = schema.contentDocuments;
  const [doc] = await tx.select({ kind: d.kind, scope: d.scope, slug: d.slug, position: d.position }).from(d).where(eq(d.id, documentId));
  if (!doc || doc.kind !== 'module' || doc.position >= 1) return;
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)` })
    .from(schema.contentVersions)
    .where(eq(schema.contentVersions.documentId, documentId))) as [{ n: number }];
  if (Number(n) !== 1) return;
  const course = await lockCourse(tx, doc.scope);
  if (!course) return;
  if (course.definition.modules.some((f) => moduleSlugOf(f) === doc.slug)) return;
  const folders = [...course.definition.modules, await folderFor(tx, course, doc.slug)];
  const r = await writeOutline(tx, {
    courseSlug: doc.scope,
    course,
    folders,
    actorId,
    note: `Nuovo modulo «${doc.slug}» aggiunto al percorso`,
    action: 'studio.outline.add',
    data: { slug: doc.slug },
  });
  if (!r.ok) throw new Error(`outline of ${doc.scope}: ${r.reason}`);
}

/**
 * The folder of a module that (re)joins the outline: the one an earlier course.yaml gave it, else
 * the next number after the outline's last folder.
 */
async function folderFor(tx: Tx, course: LockedCourse, slug: string): Promise<string> {
  const old = await tx
    .select({ source: schema.contentVersions.source })
    .from(schema.contentVersions)
    .where(eq(schema.contentVersions.documentId, course.docId))
    .orderBy(desc(schema.contentVersions.versionNo));
  const taken = new Set(course.definition.modules);
  for (const v of old) {
    const parsed = parseYamlText('course.yaml', v.source, courseSchema, []);
    const folder = (parsed?.value as CourseDefinition | undefined)?.modules.find((f) => moduleSlugOf(f) === slug);
    if (folder && !taken.has(folder)) return folder;
  }
  const max = Math.max(0, ...course.definition.modules.map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? 0)));
  return `${String(Math.min(99, max + 1)).padStart(2, '0')}-${slug}`;
}

/**
 * course.yaml with another `modules:` list, every other byte as it was written. The `yaml` Document
 * API finds the list and its items; only the list's own text is rewritten: a block list moves its
 * items' lines (with their comments), a flow list `[a, b]` is written again. (Printing the whole
 * document would restyle other fields, e.g. flow lists with spaces.)
 */
export function rewriteModules(source: string, folders: string[]): string {
  const doc = YAML.parseDocument(source);
  const seq = doc.get('modules', true);
  if (!YAML.isSeq(seq) || !seq.range) throw new Error('course.yaml: modules is not a list');
  const [start, valueEnd] = seq.range;
  if (seq.flow) return source.slice(0, start) + `[${folders.join(', ')}]` + source.slice(valueEnd);
  const lineStart = (at: number) => source.lastIndexOf('\n', at - 1) + 1;
  const items = seq.items.filter((i): i is YAML.Scalar => YAML.isScalar(i) && Boolean(i.range));
  const from = lineStart(items[0]?.range?.[0] ?? start);
  const indent = source.slice(from, items[0]?.range?.[0] ?? start).replace(/-.*$/, '');
  const chunks = new Map<string, string>();
  items.forEach((item, i) => {
    const to = i + 1 < items.length ? lineStart(items[i + 1]!.range![0]) : valueEnd;
    const text = source.slice(lineStart(item.range![0]), to);
    chunks.set(String(item.value), text.endsWith('\n') ? text : text + '\n');
  });
  let body = folders.map((f) => chunks.get(f) ?? `${indent}- ${f}\n`).join('');
  if (!source.slice(from, valueEnd).endsWith('\n')) body = body.replace(/\n$/, '');
  return source.slice(0, from) + body + source.slice(valueEnd);
}

async function writeOutline(
  tx: Tx,
  {
    courseSlug,
    course,
    folders,
    actorId,
    note,
    action,
    data,
  }: { courseSlug: string; course: LockedCourse; folders: string[]; actorId: string | null; note: string; action: string; data: Record<string, unknown> },
): Promise<OutlineOutcome> {
  const source = rewriteModules(course.source, folders);
  const issues: ContentIssue[] = [];
  const parsed = parseYamlText('course.yaml', source, courseSchema, issues);
  if (!parsed) return { ok: false, reason: 'invalid', issues };
  const definition = parsed.value as CourseDefinition;
  const hash = contentHash(source);
  const v = schema.contentVersions;
  const [{ next }] = (await tx
    .select({ next: sql<number>`coalesce(max(${v.versionNo}), 0) + 1` })
    .from(v)
    .where(eq(v.documentId, course.docId))) as [{ next: number }];
  const versionNo = Number(next);
  const [version] = await tx
    .insert(v)
    .values({ documentId: course.docId, versionNo, source, frontmatter: { title: courseSlug }, compiledCode: '', plainText: '', sourceHash: hash, publishedBy: actorId })
    .returning({ id: v.id });
  await tx.update(schema.contentDocuments).set({ currentVersionId: version!.id }).where(eq(schema.contentDocuments.id, course.docId));
  await tx.insert(schema.studioVersionNotes).values({ versionId: version!.id, documentId: course.docId, note });
  await tx.update(schema.courses).set({ title: definition.title, definition, sourceHash: hash, updatedAt: new Date() }).where(eq(schema.courses.id, course.courseId));
  await applyPositions(tx, courseSlug, definition.modules);
  await tx.insert(schema.auditLog).values({ actorId, action, target: course.docId, data: JSON.stringify({ course: courseSlug, versionNo, modules: definition.modules, ...data }) });
  return { ok: true, versionNo };
}

/** Each module's place from the outline: 1…n in order, -1 outside it. */
async function applyPositions(tx: Tx, courseSlug: string, folders: string[]) {
  const d = schema.contentDocuments;
  const slugs = folders.map(moduleSlugOf);
  const order = sql.join(
    slugs.map((s, i) => sql`when ${s} then ${i + 1}::int`),
    sql` `,
  );
  await tx
    .update(d)
    .set({ position: slugs.length ? sql`case ${d.slug} ${order} else -1 end` : -1 })
    .where(and(eq(d.kind, 'module'), eq(d.scope, courseSlug)));
}

export type CreateModuleOutcome = { ok: true; documentId: string } | { ok: false; reason: 'notFound' | 'exists' };

/** The first draft of a new module: valid as it stands, so the lecturer starts from something that publishes. */
export function moduleTemplate(title: string, today = new Date()): string {
  return `---
title: ${JSON.stringify(title)}
summary: "Di che cosa tratta il modulo, in una frase."
estimatedMinutes: 30
objectives:
  - "Che cosa saprà fare chi completa il modulo."
sources:
  - act: "D.Lgs. 286/1998"
    article: "1"
reviewedAt: "${today.toISOString().slice(0, 10)}"
---

## Introduzione

Scrivi qui il testo del modulo.
`;
}

/**
 * A new module: its document (outside the outline, with no version: learners never see it) and a
 * first draft from the template. It joins the outline when it is first published.
 */
export async function createModule({ courseSlug, slug, title, actorId }: { courseSlug: string; slug: string; title: string; actorId: string }): Promise<CreateModuleOutcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<CreateModuleOutcome> => {
    const course = await lockCourse(tx, courseSlug);
    if (!course) return { ok: false, reason: 'notFound' };
    const d = schema.contentDocuments;
    const [existing] = await tx
      .select({ id: d.id })
      .from(d)
      .where(and(eq(d.kind, 'module'), eq(d.scope, courseSlug), eq(d.slug, slug)));
    if (existing) return { ok: false, reason: 'exists' };
    const [doc] = await tx.insert(d).values({ kind: 'module', scope: courseSlug, slug, courseId: course.courseId, position: -1 }).returning({ id: d.id });
    const s = schema.studioDrafts;
    const [draft] = await tx
      .insert(s)
      .values({ documentId: doc!.id, baseVersionId: null, source: moduleTemplate(title), quizSource: '', revision: 1, authorId: actorId, updatedBy: actorId, note: 'Nuovo modulo' })
      .returning({ id: s.id });
    await recordAuthor(tx, draft!.id, actorId);
    await tx.insert(schema.auditLog).values({ actorId, action: 'studio.module.create', target: doc!.id, data: JSON.stringify({ course: courseSlug, slug, draftId: draft!.id }) });
    return { ok: true, documentId: doc!.id };
  });
}

/** The courses the studio can open (for its home page). */
export async function listOutlineCourses() {
  const db = await getDb();
  return db.select({ slug: schema.courses.slug, title: schema.courses.title }).from(schema.courses).orderBy(asc(schema.courses.title));
}
