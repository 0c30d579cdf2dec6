/**
 * Law changes ("modifiche normative") and who still has to catch up with them.
 *
 * A version is a law change when the studio published it with a law summary
 * (studio_version_notes.law_summary), or, for a version imported from a file, when its frontmatter's
 * `update` has `lawChange` and a summary that first appears in it (content format). The lecturer
 * requires the quiz again with `update.retakeQuiz` in the same frontmatter.
 *
 * A learner who read (or completed) an earlier version has a module "da aggiornare" until they read
 * a version at least as new as every law change published since, and, where a change requires it,
 * pass the quiz on such a version. In the studio the lecturer requires it with the publish form's
 * "Ripeti il quiz" checkbox (studio_version_notes.retake_quiz), read as well as the frontmatter. Nothing is stored for this: it is computed from the versions and
 * from module_status.read_version_id (the latest version read) and the quiz_passed events (each
 * records its version). Certificates are never touched.
 */
import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { diffTexts } from '~/studio/history.server';

export interface LawChange {
  documentId: string;
  versionId: string;
  versionNo: number;
  publishedAt: Date;
  summary: string;
  retakeQuiz: boolean;
}

export interface ModuleUpdate {
  /** the module is "da aggiornare" */
  pending: true;
  needsRead: boolean;
  needsQuiz: boolean;
  /** the law changes the learner has not caught up with, oldest first */
  changes: Array<{ versionNo: number; summary: string; publishedAt: Date; retakeQuiz: boolean }>;
  /** what "cosa è cambiato" compares: the version the learner read, and the current one */
  fromVersionId: string;
  toVersionId: string;
  /** the earliest due day (YYYY-MM-DD) a coordinator set for the pending changes, or null */
  dueOn: string | null;
  /** the due day has passed and the module is still "da aggiornare" */
  overdue: boolean;
}

/** Today's day in Rome (YYYY-MM-DD): due days are Rome days, like the courses' due dates. */
export function romeDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

interface DocVersions {
  currentVersionId: string | null;
  byNo: Map<number, string>;
  changes: LawChange[];
}

/** Every version of the documents, and which of them are law changes (oldest first). */
export async function lawChangesOf(documentIds: string[]): Promise<Map<string, DocVersions>> {
  const out = new Map<string, DocVersions>();
  if (!documentIds.length) return out;
  const db = await getDb();
  const v = schema.contentVersions;
  const n = schema.studioVersionNotes;
  const d = schema.contentDocuments;
  const rows = await db
    .select({
      id: v.id,
      documentId: v.documentId,
      versionNo: v.versionNo,
      publishedAt: v.publishedAt,
      update: sql<{ summary?: string; lawChange?: boolean; retakeQuiz?: boolean } | null>`${v.frontmatter}->'update'`,
      inStudio: sql<boolean>`${n.versionId} is not null`,
      lawSummary: n.lawSummary,
      noteRetakeQuiz: n.retakeQuiz,
      currentVersionId: d.currentVersionId,
    })
    .from(v)
    .innerJoin(d, eq(d.id, v.documentId))
    .leftJoin(n, eq(n.versionId, v.id))
    .where(inArray(v.documentId, documentIds))
    .orderBy(v.documentId, v.versionNo);
  let prevUpdate: string | undefined;
  let prevDoc = '';
  for (const r of rows) {
    if (r.documentId !== prevDoc) {
      prevDoc = r.documentId;
      prevUpdate = undefined;
    }
    let doc = out.get(r.documentId);
    if (!doc) out.set(r.documentId, (doc = { currentVersionId: r.currentVersionId, byNo: new Map(), changes: [] }));
    doc.byNo.set(r.versionNo, r.id);
    // A frontmatter `update` belongs to the version where its summary first appears.
    const fresh = Boolean(r.update?.summary) && r.update!.summary !== prevUpdate;
    prevUpdate = r.update?.summary;
    const summary = r.inStudio ? r.lawSummary : fresh && r.update?.lawChange ? r.update.summary! : null;
    if (summary)
      doc.changes.push({
        documentId: r.documentId,
        versionId: r.id,
        versionNo: r.versionNo,
        publishedAt: r.publishedAt,
        summary,
        retakeQuiz: r.inStudio ? Boolean(r.noteRetakeQuiz) || (fresh && Boolean(r.update?.retakeQuiz)) : fresh && Boolean(r.update?.retakeQuiz),
      });
  }
  return out;
}

const key = (userId: string, documentId: string) => `${userId}:${documentId}`;

/**
 * The modules "da aggiornare" of these learners (among these documents, when given), keyed by
 * `userId:documentId`. Up-to-date modules are absent from the map.
 */
export async function getModuleUpdates({ userIds, documentIds, now = new Date() }: { userIds: string[]; documentIds?: string[]; now?: Date }): Promise<Map<string, ModuleUpdate>> {
  const out = new Map<string, ModuleUpdate>();
  if (!userIds.length || (documentIds && !documentIds.length)) return out;
  const db = await getDb();
  const ms = schema.moduleStatus;
  const rv = sql`(select version_no from content_versions where id = ${ms.readVersionId})`;
  const cv = sql`(select version_no from content_versions where id = ${ms.completedVersionId})`;
  const statuses = await db
    .select({
      userId: ms.userId,
      documentId: ms.documentId,
      readVersionId: ms.readVersionId,
      completedVersionId: ms.completedVersionId,
      quizPassedAt: ms.quizPassedAt,
      readNo: sql<number | null>`${rv}`,
      completedNo: sql<number | null>`${cv}`,
    })
    .from(ms)
    .where(and(inArray(ms.userId, userIds), documentIds ? inArray(ms.documentId, documentIds) : sql`true`, or(isNotNull(ms.readVersionId), isNotNull(ms.completedVersionId))));
  if (!statuses.length) return out;
  const docs = await lawChangesOf([...new Set(statuses.map((s) => s.documentId))]);
  const withChanges = statuses.filter((s) => docs.get(s.documentId)?.changes.length);
  if (!withChanges.length) return out;
  // The newest version on which each learner passed each quiz (every quiz_passed event names its version).
  const needQuiz = withChanges.some((s) => s.quizPassedAt && docs.get(s.documentId)!.changes.some((c) => c.retakeQuiz));
  const quizNo = new Map<string, number>();
  if (needQuiz) {
    const pe = schema.progressEvents;
    const v = schema.contentVersions;
    const rows = await db
      .select({ userId: pe.userId, documentId: pe.documentId, no: sql<number>`max(${v.versionNo})` })
      .from(pe)
      .innerJoin(v, eq(v.id, pe.versionId))
      .where(and(eq(pe.kind, 'quiz_passed'), inArray(pe.userId, userIds), inArray(pe.documentId, [...new Set(withChanges.map((s) => s.documentId))])))
      .groupBy(pe.userId, pe.documentId);
    for (const r of rows) quizNo.set(key(r.userId, r.documentId), Number(r.no));
  }
  for (const s of withChanges) {
    const doc = docs.get(s.documentId)!;
    const readNo = s.readNo ?? s.completedNo;
    if (readNo === null || !doc.currentVersionId) continue;
    const passedNo = s.quizPassedAt ? (quizNo.get(key(s.userId, s.documentId)) ?? s.completedNo ?? readNo) : null;
    const unread = doc.changes.filter((c) => c.versionNo > readNo);
    const unpassed = passedNo === null ? [] : doc.changes.filter((c) => c.retakeQuiz && c.versionNo > passedNo);
    if (!unread.length && !unpassed.length) continue;
    const changes = doc.changes.filter((c) => unread.includes(c) || unpassed.includes(c));
    const fromNo = unread.length ? readNo : changes[0]!.versionNo - 1;
    out.set(key(s.userId, s.documentId), {
      pending: true,
      needsRead: unread.length > 0,
      needsQuiz: unpassed.length > 0,
      changes: changes.map((c) => ({ versionNo: c.versionNo, summary: c.summary, publishedAt: c.publishedAt, retakeQuiz: c.retakeQuiz })),
      fromVersionId: doc.byNo.get(fromNo) ?? (s.readVersionId ?? s.completedVersionId)!,
      toVersionId: doc.currentVersionId,
      dueOn: null,
      overdue: false,
    });
  }
  if (out.size) await addDueDays(out, docs, now);
  return out;
}

/** The due days coordinators assigned (update_assignments) to the pending changes: the earliest one wins. */
async function addDueDays(out: Map<string, ModuleUpdate>, docs: Map<string, DocVersions>, now: Date) {
  const db = await getDb();
  const ua = schema.updateAssignments;
  const userIds = [...new Set([...out.keys()].map((k) => k.split(':')[0]!))];
  const documentIds = [...new Set([...out.keys()].map((k) => k.split(':')[1]!))];
  const rows = await db
    .select({ userId: ua.userId, documentId: ua.documentId, versionId: ua.versionId, dueOn: sql<string>`to_char(${ua.dueOn}, 'YYYY-MM-DD')` })
    .from(ua)
    .where(and(inArray(ua.userId, userIds), inArray(ua.documentId, documentIds)));
  if (!rows.length) return;
  const today = romeDay(now);
  for (const r of rows) {
    const u = out.get(key(r.userId, r.documentId));
    const no = docs.get(r.documentId)?.changes.find((c) => c.versionId === r.versionId)?.versionNo;
    if (!u || no === undefined || !u.changes.some((c) => c.versionNo === no)) continue;
    if (!u.dueOn || r.dueOn < u.dueOn) u.dueOn = r.dueOn;
    u.overdue = u.dueOn < today;
  }
}

/** One learner's pending update of one module, or null when they are up to date. */
export async function getModuleUpdate({ userId, documentId }: { userId: string; documentId: string }) {
  return (await getModuleUpdates({ userIds: [userId], documentIds: [documentId] })).get(key(userId, documentId)) ?? null;
}

/** "Cosa è cambiato": the word diff between the version the learner read and the current one. */
export async function getUpdateDiff({ userId, documentId }: { userId: string; documentId: string }) {
  const update = await getModuleUpdate({ userId, documentId });
  if (!update) return null;
  const db = await getDb();
  const v = schema.contentVersions;
  const rows = await db
    .select({ id: v.id, versionNo: v.versionNo, source: v.source, plainText: v.plainText })
    .from(v)
    .where(and(eq(v.documentId, documentId), inArray(v.id, [update.fromVersionId, update.toVersionId])));
  const from = rows.find((r) => r.id === update.fromVersionId);
  const to = rows.find((r) => r.id === update.toVersionId);
  if (!from || !to) return { update, diff: null };
  const { words, changes } = diffTexts(from, to);
  return { update, diff: { fromNo: from.versionNo, toNo: to.versionNo, words, changes } };
}

/**
 * For a certificate's verification page: the law changes published in its course's modules after
 * it was issued, and how many of them the holder has not caught up with. The certificate stays valid.
 */
export async function getUpdatesSinceCertificate({ code }: { code: string }) {
  const db = await getDb();
  const c = schema.certificates;
  const [cert] = await db.select({ userId: c.userId, courseId: c.courseId, issuedAt: c.issuedAt }).from(c).where(eq(c.code, code));
  if (!cert) return null;
  const d = schema.contentDocuments;
  const docs = await db
    .select({ id: d.id })
    .from(d)
    .where(and(eq(d.courseId, cert.courseId), eq(d.kind, 'module')));
  const versions = await lawChangesOf(docs.map((x) => x.id));
  const since = [...versions.values()].flatMap((x) => x.changes).filter((ch) => ch.publishedAt.getTime() > cert.issuedAt.getTime());
  if (!since.length) return { published: 0, pending: 0 };
  const pending = await getModuleUpdates({ userIds: [cert.userId], documentIds: [...new Set(since.map((s) => s.documentId))] });
  const open = since.filter((ch) => pending.get(key(cert.userId, ch.documentId))?.changes.some((p) => p.versionNo === ch.versionNo)).length;
  return { published: since.length, pending: open };
}

/**
 * The quiz's attempt round: a law change that requires the quiz again (update.retakeQuiz) opens a
 * new round, in which only attempts on its version or later count against the limit and as passed.
 * Null: no such change, every attempt counts.
 */
export async function quizRoundStart(documentId: string): Promise<number | null> {
  const retakes = (await lawChangesOf([documentId])).get(documentId)?.changes.filter((c) => c.retakeQuiz) ?? [];
  return retakes.length ? retakes[retakes.length - 1]!.versionNo : null;
}
