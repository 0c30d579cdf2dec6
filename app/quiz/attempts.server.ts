/**
 * Quiz attempts in the database. The engine (engine.ts) is pure; here are the rules that keep
 * attempts safe: one open attempt at a time, the attempt limit held by an advisory lock plus a
 * unique (user, quiz, attempt number) index, idempotent submission by a conditional update,
 * and a server-side deadline.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb, schema, type Tx } from '~/utils/db.server';
import { DomainError } from '~/utils/domain-error';
import type { AttemptRules } from '~/content/stored';
import { recordQuizPassed } from '~/progress/progress.server';
import { quizRoundStart } from '~/progress/updates.server';
import type { Question, QuizDefinition } from '~/content/quiz-formats';
import { answerToFormValues, formKeys, drawQuestions, gradeAttempt, parseAnswer, toPublicQuestion, type Answer, type FormValues } from './engine';
import { correctionOf } from './review';

export type { AttemptRules } from '~/content/stored';

/** Why quiz input is refused; the route shows `quiz.error.<code>`. */
export type QuizErrorCode =
  'unknownQuestion' | 'unknownField' | 'invalidAnswer' | 'notImmediate' | 'checkUnknownQuestion' | 'alreadyChecked' | 'answerFirst' | 'changed' | 'noAttempt' | 'alreadySubmitted' | 'timeUp';

export class QuizInputError extends DomainError<QuizErrorCode> {
  constructor(code: QuizErrorCode, values?: Record<string, string | number>) {
    super('quiz', code, values);
  }
}

type AttemptRow = typeof schema.quizAttempts.$inferSelect;

/** The quiz of a module with its pool (for a final exam: every other module's questions). */
export async function loadModuleQuiz({ courseSlug, moduleSlug }: { courseSlug: string; moduleSlug: string }) {
  const db = await getDb();
  const [doc] = await db
    .select({ documentId: schema.contentDocuments.id, courseId: schema.contentDocuments.courseId, versionId: schema.contentDocuments.currentVersionId, quiz: schema.contentVersions.quiz })
    .from(schema.contentDocuments)
    .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, schema.contentDocuments.currentVersionId))
    .where(and(eq(schema.contentDocuments.kind, 'module'), eq(schema.contentDocuments.scope, courseSlug), eq(schema.contentDocuments.slug, moduleSlug)));
  if (!doc?.quiz || !doc.courseId || !doc.versionId) return null;
  const quiz = doc.quiz as QuizDefinition;
  let pool: Question[] = quiz.questions;
  if (quiz.include === 'all') {
    const others = await db
      .select({ slug: schema.contentDocuments.slug, quiz: schema.contentVersions.quiz })
      .from(schema.contentDocuments)
      .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, schema.contentDocuments.currentVersionId))
      .where(
        and(
          eq(schema.contentDocuments.kind, 'module'),
          eq(schema.contentDocuments.courseId, doc.courseId),
          sql`${schema.contentDocuments.position} >= 1`,
          sql`${schema.contentDocuments.id} <> ${doc.documentId}`,
        ),
      )
      .orderBy(asc(schema.contentDocuments.position));
    pool = others.flatMap((o) => {
      const q = o.quiz as QuizDefinition | null;
      if (!q || q.include) return [];
      // Namespaced ids keep questions of different modules apart.
      return q.questions.map((question) => ({ ...question, id: `${o.slug}.${question.id}` }));
    });
  }
  const rules: AttemptRules = {
    title: quiz.title,
    passPercent: quiz.passPercent,
    attempts: quiz.attempts,
    feedback: quiz.feedback,
    shuffle: quiz.shuffle,
    timeLimitMinutes: quiz.timeLimitMinutes ?? null,
    questionCount: quiz.draw ? Math.min(quiz.draw, pool.length) : pool.length,
  };
  return { documentId: doc.documentId, courseId: doc.courseId, versionId: doc.versionId, quiz, pool, rules };
}

/** The number of the version an attempt was taken on. */
const versionNoOf = sql<number>`(select version_no from content_versions where id = ${schema.quizAttempts.versionId})`.mapWith(Number);

async function lockLearnerQuiz(tx: Tx, userId: string, documentId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${userId} || ${documentId} || 'quiz', 0))`);
}

function isExpired(a: AttemptRow, now = Date.now()) {
  return !a.submittedAt && a.deadlineAt !== null && a.deadlineAt.getTime() <= now;
}

/** Rules, attempts used and left, the open attempt and the history, for the quiz page. */
export async function getQuizOverview({ userId, courseSlug, moduleSlug }: { userId: string; courseSlug: string; moduleSlug: string }) {
  const quiz = await loadModuleQuiz({ courseSlug, moduleSlug });
  if (!quiz) return null;
  await finaliseExpired({ userId, documentId: quiz.documentId });
  const db = await getDb();
  const attempts = await db
    .select({ row: schema.quizAttempts, versionNo: versionNoOf })
    .from(schema.quizAttempts)
    .where(and(eq(schema.quizAttempts.userId, userId), eq(schema.quizAttempts.documentId, quiz.documentId)))
    .orderBy(desc(schema.quizAttempts.attemptNo))
    .then((rows) => rows.map((r) => ({ ...r.row, versionNo: r.versionNo })));
  const open = attempts.find((a) => !a.submittedAt) ?? null;
  // After a law change that requires the quiz again, only the attempts of the new round count.
  const round = await quizRoundStart(quiz.documentId);
  const current = round === null ? attempts : attempts.filter((a) => a.versionNo >= round);
  const used = current.length;
  const left = quiz.rules.attempts === 0 ? null : Math.max(0, quiz.rules.attempts - used);
  return {
    rules: quiz.rules,
    used,
    left,
    passed: current.some((a) => a.passed),
    openAttemptId: open?.id ?? null,
    history: attempts.filter((a) => a.submittedAt).map((a) => ({ id: a.id, attemptNo: a.attemptNo, submittedAt: a.submittedAt!, percent: a.percent, passed: Boolean(a.passed) })),
  };
}

/** Starts an attempt, or returns the open one. Never more than `attempts`, even under concurrency. */
export async function startAttempt({
  userId,
  courseSlug,
  moduleSlug,
}: {
  userId: string;
  courseSlug: string;
  moduleSlug: string;
}): Promise<{ ok: true; attemptId: string } | { ok: false; reason: 'noQuiz' | 'noAttemptsLeft' }> {
  const quiz = await loadModuleQuiz({ courseSlug, moduleSlug });
  if (!quiz) return { ok: false, reason: 'noQuiz' };
  await finaliseExpired({ userId, documentId: quiz.documentId });
  const round = await quizRoundStart(quiz.documentId);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockLearnerQuiz(tx, userId, quiz.documentId);
    const existing = await tx
      .select({ id: schema.quizAttempts.id, submittedAt: schema.quizAttempts.submittedAt, attemptNo: schema.quizAttempts.attemptNo, versionNo: versionNoOf })
      .from(schema.quizAttempts)
      .where(and(eq(schema.quizAttempts.userId, userId), eq(schema.quizAttempts.documentId, quiz.documentId)));
    const open = existing.find((a) => !a.submittedAt);
    if (open) return { ok: true as const, attemptId: open.id };
    // The limit counts the attempts of the current round (see quizRoundStart); attempt numbers never restart.
    const counted = round === null ? existing.length : existing.filter((a) => a.versionNo >= round).length;
    if (quiz.rules.attempts > 0 && counted >= quiz.rules.attempts) return { ok: false as const, reason: 'noAttemptsLeft' as const };
    const seed = randomBytes(16).toString('hex');
    const questions = drawQuestions(quiz.pool, { draw: quiz.quiz.draw, shuffle: quiz.rules.shuffle, seed });
    const now = new Date();
    const [row] = await tx
      .insert(schema.quizAttempts)
      .values({
        userId,
        documentId: quiz.documentId,
        versionId: quiz.versionId,
        attemptNo: existing.length + 1,
        seed,
        questions,
        rules: quiz.rules,
        answers: {},
        startedAt: now,
        deadlineAt: quiz.rules.timeLimitMinutes ? new Date(now.getTime() + quiz.rules.timeLimitMinutes * 60_000) : null,
      })
      .returning({ id: schema.quizAttempts.id });
    return { ok: true as const, attemptId: row!.id };
  });
}

async function ownedAttempt(userId: string, attemptId: string): Promise<AttemptRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) return null;
  const db = await getDb();
  const [row] = await db
    .select()
    .from(schema.quizAttempts)
    .where(and(eq(schema.quizAttempts.id, attemptId), eq(schema.quizAttempts.userId, userId)));
  return row ?? null;
}

/** The attempt as its owner sees it: public questions while open, results with feedback after. */
export async function getAttemptView({ userId, attemptId }: { userId: string; attemptId: string }) {
  let attempt = await ownedAttempt(userId, attemptId);
  if (!attempt) return null;
  if (isExpired(attempt)) {
    await submitAttempt({ userId, attemptId });
    attempt = (await ownedAttempt(userId, attemptId))!;
  }
  const questions = attempt.questions;
  const rules = attempt.rules;
  const answers = attempt.answers;
  const base = { id: attempt.id, attemptNo: attempt.attemptNo, rules, startedAt: attempt.startedAt, deadlineAt: attempt.deadlineAt, documentId: attempt.documentId };
  if (!attempt.submittedAt) {
    return {
      ...base,
      state: 'open' as const,
      questions: questions.map((q) => toPublicQuestion(q, { seed: attempt!.seed, shuffle: rules.shuffle })),
      // The learner's own saved answers as form values (public ids only, no correctness data).
      values: Object.assign({}, ...questions.map((q) => answerToFormValues(q, answers[q.id] ?? null, attempt!.seed))) as FormValues,
      // Corrections only for the questions already checked (feedback: immediate); their answers are locked.
      checked: questions.filter((q) => attempt!.checked.includes(q.id)).map((q) => correctionOf(q, answers[q.id] ?? null, attempt!.seed)),
    };
  }
  return {
    ...base,
    state: 'submitted' as const,
    submittedAt: attempt.submittedAt,
    score: attempt.score ?? 0,
    maxScore: attempt.maxScore ?? 0,
    percent: attempt.percent ?? 0,
    passed: Boolean(attempt.passed),
    perQuestion: attempt.perQuestion ?? {},
    // Review material stays on the server; the route decides what `feedback` lets it show.
    review: { questions, answers, seed: attempt.seed },
  };
}

/**
 * Parses every answer of the attempt's questions from the form. A field the attempt's form could
 * not have produced (another question, an unknown sub-field, `__proto__`…) is forged input.
 */
function parseForm(attempt: AttemptRow, form: FormValues): Record<string, Answer | null> {
  const questions = attempt.questions;
  const allowed = new Set(['intent', ...questions.flatMap((q) => formKeys(q, attempt.seed))]);
  for (const key of Object.keys(form)) {
    if (allowed.has(key)) continue;
    const question = questions.find((q) => key === `q_${q.id}` || key.startsWith(`q_${q.id}.`));
    throw new QuizInputError(question ? 'unknownField' : 'unknownQuestion');
  }
  const out: Record<string, Answer | null> = {};
  const locked = new Set(attempt.checked);
  const stored = attempt.answers;
  for (const q of questions) {
    // A checked question keeps the answer that was checked, whatever the form says.
    if (locked.has(q.id)) {
      out[q.id] = stored[q.id] ?? null;
      continue;
    }
    const parsed = parseAnswer(q, form, attempt.seed);
    if (!parsed.ok) throw new QuizInputError('invalidAnswer', { question: q.id, detail: parsed.error, ...parsed.values });
    out[q.id] = parsed.answer;
  }
  return out;
}

/**
 * `feedback: immediate`: saves the form, then checks one question. From then on its answer is
 * locked (saves and the submission keep it), and the attempt page shows its correction.
 */
export async function checkAnswer({ userId, attemptId, questionId, form }: { userId: string; attemptId: string; questionId: string; form: FormValues }) {
  const attempt = await openAttempt(userId, attemptId);
  if (attempt.rules.feedback !== 'immediate') throw new QuizInputError('notImmediate');
  if (!attempt.questions.some((q) => q.id === questionId)) throw new QuizInputError('checkUnknownQuestion');
  if (attempt.checked.includes(questionId)) throw new QuizInputError('alreadyChecked');
  const answers = parseForm(attempt, form);
  if (!answers[questionId]) throw new QuizInputError('answerFirst');
  const db = await getDb();
  const savedAt = new Date();
  const updated = await db
    .update(schema.quizAttempts)
    .set({ answers, savedAt, checked: [...attempt.checked, questionId] })
    // Only if nobody submitted or checked in between (a double click checks once).
    .where(and(eq(schema.quizAttempts.id, attemptId), isNull(schema.quizAttempts.submittedAt), sql`${schema.quizAttempts.checked} = ${JSON.stringify(attempt.checked)}::jsonb`))
    .returning({ id: schema.quizAttempts.id });
  if (!updated.length) throw new QuizInputError('changed');
  return { savedAt };
}

/** The learner's attempt if it is still open; otherwise an Italian error (a late one is submitted first). */
async function openAttempt(userId: string, attemptId: string): Promise<AttemptRow> {
  const attempt = await ownedAttempt(userId, attemptId);
  if (!attempt) throw new QuizInputError('noAttempt');
  if (attempt.submittedAt) throw new QuizInputError('alreadySubmitted');
  if (isExpired(attempt)) {
    await submitAttempt({ userId, attemptId });
    throw new QuizInputError('timeUp');
  }
  return attempt;
}

/** Saves the answers of an open attempt (autosave or "Salva"). Forged or late input changes nothing. */
export async function saveAnswers({ userId, attemptId, form }: { userId: string; attemptId: string; form: FormValues }) {
  const attempt = await openAttempt(userId, attemptId);
  const answers = parseForm(attempt, form);
  const db = await getDb();
  const savedAt = new Date();
  const updated = await db
    .update(schema.quizAttempts)
    .set({ answers, savedAt })
    .where(and(eq(schema.quizAttempts.id, attemptId), isNull(schema.quizAttempts.submittedAt)))
    .returning({ id: schema.quizAttempts.id });
  if (!updated.length) throw new QuizInputError('alreadySubmitted');
  return { savedAt };
}

/**
 * Submits and grades. Idempotent: a second submission returns the first result and grades nothing.
 * Past the deadline, what was saved by then is graded and the submitted form is ignored.
 */
export async function submitAttempt({ userId, attemptId, form }: { userId: string; attemptId: string; form?: FormValues }) {
  const attempt = await ownedAttempt(userId, attemptId);
  if (!attempt) throw new QuizInputError('noAttempt');
  if (attempt.submittedAt) return { alreadySubmitted: true, passed: Boolean(attempt.passed), percent: attempt.percent ?? 0 };
  const late = isExpired(attempt);
  const answers = form && !late ? parseForm(attempt, form) : attempt.answers;
  const questions = attempt.questions;
  const rules = attempt.rules;
  const grade = gradeAttempt(questions, answers, attempt.seed);
  const passed = grade.percent >= rules.passPercent;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const done = await tx
      .update(schema.quizAttempts)
      .set({
        answers,
        submittedAt: late && attempt.deadlineAt ? attempt.deadlineAt : new Date(),
        score: grade.score,
        maxScore: grade.max,
        percent: grade.percent,
        passed,
        perQuestion: grade.perQuestion,
      })
      .where(and(eq(schema.quizAttempts.id, attemptId), isNull(schema.quizAttempts.submittedAt)))
      .returning({ id: schema.quizAttempts.id });
    if (!done.length) {
      const [first] = await tx.select().from(schema.quizAttempts).where(eq(schema.quizAttempts.id, attemptId));
      return { alreadySubmitted: true, passed: Boolean(first?.passed), percent: first?.percent ?? 0 };
    }
    let certificate: { code: string; created: boolean } | null = null;
    if (passed) {
      const [doc] = await tx.select({ courseId: schema.contentDocuments.courseId }).from(schema.contentDocuments).where(eq(schema.contentDocuments.id, attempt.documentId));
      certificate = await recordQuizPassed(tx, { userId, documentId: attempt.documentId, courseId: doc!.courseId!, versionId: attempt.versionId });
    }
    return { alreadySubmitted: false, passed, percent: grade.percent, late, certificate };
  });
}

/** Grades attempts whose deadline has passed (lazily, whenever the learner comes back). */
async function finaliseExpired({ userId, documentId }: { userId: string; documentId: string }) {
  const db = await getDb();
  const open = await db
    .select({ id: schema.quizAttempts.id })
    .from(schema.quizAttempts)
    .where(and(eq(schema.quizAttempts.userId, userId), eq(schema.quizAttempts.documentId, documentId), isNull(schema.quizAttempts.submittedAt), sql`${schema.quizAttempts.deadlineAt} <= now()`));
  for (const a of open) await submitAttempt({ userId, attemptId: a.id });
}
