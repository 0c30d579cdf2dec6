/**
 * Item statistics for lecturers, per quiz version (the module version the attempts were taken on).
 *  - facility index: mean of (item score / item max) over the attempts that drew the item;
 *  - discrimination index: Pearson correlation between the item's fraction and the rest of the
 *    test (attempt score minus the item, over attempt max minus the item's max), as Moodle does;
 *  - option frequencies for single, multiple and true-false questions.
 * First attempts only by default. Flags: facility below 0.2 or above 0.95, discrimination below
 * 0.2, an option nobody chose.
 */
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import type { Answer } from './engine';
import type { Question } from '~/content/quiz-formats';

export interface ItemStats {
  id: string;
  prompt: string;
  type: Question['type'];
  attempts: number;
  facility: number | null;
  discrimination: number | null;
  options: Array<{ id: string; text: string; correct: boolean; chosen: number }>;
  flags: string[];
}

function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);

export interface AttemptForStats {
  questions: Question[];
  answers: Record<string, Answer | null>;
  perQuestion: Record<string, { score: number; max: number }>;
  score: number;
  maxScore: number;
}

/** Pure computation over submitted attempts (tested against hand-computed values). */
export function computeItemStats(attempts: AttemptForStats[]): ItemStats[] {
  const items = new Map<string, { q: Question; fractions: number[]; rests: number[]; chosen: Map<string, number> }>();
  for (const a of attempts) {
    for (const q of a.questions) {
      const g = a.perQuestion[q.id];
      if (!g) continue;
      let item = items.get(q.id);
      if (!item) {
        item = { q, fractions: [], rests: [], chosen: new Map() };
        items.set(q.id, item);
      }
      item.fractions.push(g.max > 0 ? g.score / g.max : 0);
      const restMax = a.maxScore - g.max;
      item.rests.push(restMax > 0 ? (a.score - g.score) / restMax : 0);
      const ans = a.answers[q.id];
      if (ans?.type === 'single') item.chosen.set(ans.optionId, (item.chosen.get(ans.optionId) ?? 0) + 1);
      if (ans?.type === 'multiple') for (const o of ans.optionIds) item.chosen.set(o, (item.chosen.get(o) ?? 0) + 1);
      if (ans?.type === 'true-false') item.chosen.set(String(ans.value), (item.chosen.get(String(ans.value)) ?? 0) + 1);
    }
  }
  return [...items.values()].map(({ q, fractions, rests, chosen }) => {
    const n = fractions.length;
    const facility = n ? fractions.reduce((a, b) => a + b, 0) / n : null;
    const discrimination = pearson(fractions, rests);
    const options =
      q.type === 'single' || q.type === 'multiple'
        ? q.options.map((o) => ({ id: o.id, text: o.text, correct: Boolean(o.correct), chosen: chosen.get(o.id) ?? 0 }))
        : q.type === 'true-false'
          ? [
              { id: 'true', text: 'Vero', correct: q.answer === true, chosen: chosen.get('true') ?? 0 },
              { id: 'false', text: 'Falso', correct: q.answer === false, chosen: chosen.get('false') ?? 0 },
            ]
          : [];
    const flags: string[] = [];
    if (facility !== null && facility < 0.2) flags.push('Facilità sotto 0,2: domanda troppo difficile o ambigua');
    if (facility !== null && facility > 0.95) flags.push('Facilità sopra 0,95: domanda troppo facile');
    if (discrimination !== null && discrimination < 0.2) flags.push('Discriminazione sotto 0,2: non distingue chi conosce la materia');
    for (const o of options) if (n > 0 && o.chosen === 0) flags.push(`Opzione mai scelta: «${o.text}»`);
    return { id: q.id, prompt: q.prompt, type: q.type, attempts: n, facility: round(facility), discrimination: round(discrimination), options, flags };
  });
}

/** Modules with a quiz and the versions that have submitted attempts. */
export async function listQuizzes() {
  const db = await getDb();
  const rows = await db
    .select({
      documentId: schema.contentDocuments.id,
      scope: schema.contentDocuments.scope,
      slug: schema.contentDocuments.slug,
      position: schema.contentDocuments.position,
      title: schema.contentVersions.frontmatter,
    })
    .from(schema.contentDocuments)
    .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, schema.contentDocuments.currentVersionId))
    .where(and(eq(schema.contentDocuments.kind, 'module'), isNotNull(schema.contentVersions.quiz)))
    .orderBy(asc(schema.contentDocuments.scope), asc(schema.contentDocuments.position));
  return rows.map((r) => ({ documentId: r.documentId, course: r.scope, slug: r.slug, title: (r.title as { title: string }).title }));
}

export async function getQuizStats({ documentId, versionNo, allAttempts = false }: { documentId: string; versionNo?: number; allAttempts?: boolean }) {
  const db = await getDb();
  const versions = await db
    .select({ id: schema.contentVersions.id, versionNo: schema.contentVersions.versionNo, frontmatter: schema.contentVersions.frontmatter })
    .from(schema.contentVersions)
    .where(and(eq(schema.contentVersions.documentId, documentId), isNotNull(schema.contentVersions.quiz)))
    .orderBy(asc(schema.contentVersions.versionNo));
  if (!versions.length) return null;
  const version = versions.find((v) => v.versionNo === versionNo) ?? versions[versions.length - 1]!;
  const rows = await db
    .select()
    .from(schema.quizAttempts)
    .where(
      and(
        eq(schema.quizAttempts.documentId, documentId),
        eq(schema.quizAttempts.versionId, version.id),
        isNotNull(schema.quizAttempts.submittedAt),
        allAttempts ? undefined : eq(schema.quizAttempts.attemptNo, 1),
      ),
    );
  const attempts: AttemptForStats[] = rows.map((r) => ({
    questions: r.questions,
    answers: r.answers,
    perQuestion: (r.perQuestion ?? {}) as Record<string, { score: number; max: number }>,
    score: r.score ?? 0,
    maxScore: r.maxScore ?? 0,
  }));
  const title = (version.frontmatter as { title?: string } | null)?.title ?? '';
  return { title, versions: versions.map((v) => v.versionNo), versionNo: version.versionNo, attempts: attempts.length, allAttempts, items: computeItemStats(attempts) };
}

export function statsToCsv(items: ItemStats[]): string {
  return stringify(
    items.map((i) => [i.id, i.type, i.prompt, i.attempts, i.facility ?? '', i.discrimination ?? '', i.options.map((o) => `${o.id}=${o.chosen}`).join(' '), i.flags.join(' | ')]),
    { header: true, columns: ['domanda', 'tipo', 'testo', 'tentativi', 'facilita', 'discriminazione', 'scelte', 'segnalazioni'] },
  );
}
