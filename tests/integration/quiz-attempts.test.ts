import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getCourseModules } from '~/courses/courses.server';
import { markModuleRead } from '~/progress/progress.server';
import { QuizInputError, checkAnswer, getAttemptView, getQuizOverview, saveAnswers, startAttempt, submitAttempt } from '~/quiz/attempts.server';
import { getQuizStats } from '~/quiz/stats.server';
import { optionId } from '~/quiz/engine';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

const slug = uniqueSlug('quiz');
const POOL = `title: "Verifica"
passPercent: 70
attempts: 3
draw: 3
shuffle: true
questions:
  - id: q1
    type: single
    prompt: "Chi rilascia il nulla osta?"
    options:
      - { id: a, text: "Questura" }
      - { id: b, text: "SUI", correct: true }
      - { id: c, text: "Comune" }
    explanation: "Art. 29 c. 7 TU."
  - id: q2
    type: true-false
    prompt: "Le CT sono presso le Questure."
    answer: false
    explanation: "Art. 4 D.Lgs. 25/2008."
  - id: q3
    type: multiple
    prompt: "Competenze della Questura?"
    options:
      - { id: a, text: "Permessi", correct: true }
      - { id: b, text: "Asilo", correct: true }
      - { id: c, text: "Cittadinanza" }
    explanation: "Art. 5 TU."
  - id: q4
    type: numeric
    prompt: "Giorni lavorativi per chiedere il permesso?"
    answer: 8
    explanation: "Art. 5 c. 2 TU."
`;

beforeAll(async () => {
  await importContent({ root: makeContent(slug, { [`courses/${slug}/01-primo/quiz.yaml`]: POOL }) });
});

const ctx = (userId: string) => ({ userId, courseSlug: slug, moduleSlug: 'primo' });

async function start(userId: string) {
  const r = await startAttempt(ctx(userId));
  if (!r.ok) throw new Error(r.reason);
  return r.attemptId;
}

async function storedAttempt(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(schema.quizAttempts).where(eq(schema.quizAttempts.id, id));
  return row!;
}

/** Form values answering every drawn question correctly. */
/** A form written with the authors' option ids, as the browser of this attempt sends it (opaque ids). */
function opaque(form: Record<string, string | string[]>, seed: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(form)) {
    const choice = key === 'q_q1' || key === 'q_q3';
    const map = (v: string) => (choice ? optionId(seed, key.slice(2), v) : v);
    out[key] = Array.isArray(value) ? value.map(map) : map(value);
  }
  return out;
}

function correctForm(questions: Array<{ id: string; type: string }>, seed: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const q of questions) {
    if (q.id === 'q1') form.q_q1 = 'b';
    if (q.id === 'q2') form.q_q2 = 'false';
    if (q.id === 'q3') form.q_q3 = ['a', 'b'];
    if (q.id === 'q4') form.q_q4 = '8';
  }
  return opaque(form, seed);
}

describe('quiz attempts', () => {
  it('a start draws `draw` questions with a recorded seed and version, and a second start resumes it', async () => {
    const user = await seedUser();
    const id = await start(user.id);
    const row = await storedAttempt(id);
    expect((row.questions as unknown[]).length).toBe(3);
    expect(row.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(row.attemptNo).toBe(1);
    const [doc] = await (await getDb()).select().from(schema.contentDocuments).where(eq(schema.contentDocuments.id, row.documentId));
    expect(row.versionId).toBe(doc!.currentVersionId);
    expect(await start(user.id)).toBe(id);
  });

  it('an open attempt sent to the browser carries no correctness data', async () => {
    const user = await seedUser();
    const id = await start(user.id);
    const view = await getAttemptView({ userId: user.id, attemptId: id });
    expect(view?.state).toBe('open');
    const json = JSON.stringify(view);
    for (const key of ['"correct"', '"answer"', '"accepted"', '"explanation"', '"tolerance"', '"seed":"']) expect(json).not.toContain(key);
  });

  it('submitting grades once: a second submission returns the first result and changes nothing', async () => {
    const user = await seedUser();
    const id = await start(user.id);
    const questions = (await storedAttempt(id)).questions as Array<{ id: string; type: string }>;
    const first = await submitAttempt({ userId: user.id, attemptId: id, form: correctForm(questions, (await storedAttempt(id)).seed) });
    expect(first).toMatchObject({ alreadySubmitted: false, passed: true, percent: 100 });
    const before = await storedAttempt(id);
    const second = await submitAttempt({ userId: user.id, attemptId: id, form: {} });
    expect(second).toMatchObject({ alreadySubmitted: true, passed: true, percent: 100 });
    const after = await storedAttempt(id);
    expect(after.submittedAt).toEqual(before.submittedAt);
    expect(after.answers).toEqual(before.answers);
  });

  it('forged input is refused with a quiz error code and changes nothing', async () => {
    const user = await seedUser();
    const other = await seedUser();
    const id = await start(user.id);
    const before = await storedAttempt(id);
    const questions = before.questions as Array<{ id: string }>;
    const firstChoice = questions.find((q) => ['q1', 'q3'].includes(q.id));
    const forged: Array<Record<string, string>> = [{ q_inesistente: 'a' }, firstChoice ? { [`q_${firstChoice.id}`]: 'z' } : { q_q4: 'otto' }, { q_q4: 'non è un numero' }];
    for (const form of forged) {
      if (!questions.some((q) => q.id === 'q4') && 'q_q4' in form && Object.keys(form).length === 1) continue;
      await expect(saveAnswers({ userId: user.id, attemptId: id, form })).rejects.toBeInstanceOf(QuizInputError);
      await expect(submitAttempt({ userId: user.id, attemptId: id, form })).rejects.toBeInstanceOf(QuizInputError);
    }
    // Someone else's attempt.
    await expect(submitAttempt({ userId: other.id, attemptId: id, form: {} })).rejects.toMatchObject({ code: 'noAttempt' });
    expect(await getAttemptView({ userId: other.id, attemptId: id })).toBeNull();
    const after = await storedAttempt(id);
    expect(after.submittedAt).toBeNull();
    expect(after.answers).toEqual(before.answers);
    // After submission, saving is refused.
    await submitAttempt({ userId: user.id, attemptId: id, form: {} });
    await expect(saveAnswers({ userId: user.id, attemptId: id, form: {} })).rejects.toMatchObject({ code: 'alreadySubmitted' });
  });

  it('the attempt limit holds when 20 starts and submits run at once', async () => {
    const user = await seedUser();
    const flows = Array.from({ length: 20 }, async () => {
      for (;;) {
        const r = await startAttempt(ctx(user.id));
        if (!r.ok) return r.reason;
        await submitAttempt({ userId: user.id, attemptId: r.attemptId, form: {} }).catch(() => undefined);
      }
    });
    const errors = await Promise.all(flows);
    expect(new Set(errors)).toEqual(new Set(['noAttemptsLeft']));
    const db = await getDb();
    const rows = await db.select().from(schema.quizAttempts).where(eq(schema.quizAttempts.userId, user.id));
    expect(rows.map((r) => r.attemptNo).sort()).toEqual([1, 2, 3]);
    expect(rows.every((r) => r.submittedAt)).toBe(true);
    const overview = await getQuizOverview(ctx(user.id));
    expect(overview).toMatchObject({ used: 3, left: 0 });
  });

  it('past the deadline the server grades what was saved and ignores what comes later', async () => {
    const user = await seedUser();
    const id = await start(user.id);
    const questions = (await storedAttempt(id)).questions as Array<{ id: string; type: string }>;
    await saveAnswers({ userId: user.id, attemptId: id, form: {} });
    const db = await getDb();
    await db
      .update(schema.quizAttempts)
      .set({ deadlineAt: new Date(Date.now() - 1000) })
      .where(eq(schema.quizAttempts.id, id));
    const r = await submitAttempt({ userId: user.id, attemptId: id, form: correctForm(questions, (await storedAttempt(id)).seed) });
    expect(r).toMatchObject({ alreadySubmitted: false, passed: false, percent: 0, late: true });
    await expect(saveAnswers({ userId: user.id, attemptId: id, form: {} })).rejects.toThrow();
  });

  it('passing the quiz of a module already read completes the module', async () => {
    const user = await seedUser();
    await markModuleRead(ctx(user.id));
    const id = await start(user.id);
    const questions = (await storedAttempt(id)).questions as Array<{ id: string; type: string }>;
    await submitAttempt({ userId: user.id, attemptId: id, form: correctForm(questions, (await storedAttempt(id)).seed) });
    const data = await getCourseModules({ userId: user.id, courseSlug: slug });
    const m = data!.modules.find((x) => x.slug === 'primo')!;
    expect(m.status.quizPassedAt).toBeInstanceOf(Date);
    expect(m.status.completedAt).toBeInstanceOf(Date);
    const db = await getDb();
    const events = await db
      .select({ kind: schema.progressEvents.kind })
      .from(schema.progressEvents)
      .where(and(eq(schema.progressEvents.userId, user.id)));
    expect(events.map((e) => e.kind).sort()).toEqual(['completed', 'quiz_passed', 'read']);
  });
});

describe('feedback: immediate', () => {
  const immediate = uniqueSlug('immediata');
  beforeAll(async () => {
    const quiz = POOL.replace('draw: 3\nshuffle: true', 'shuffle: false\nfeedback: immediate');
    await importContent({ root: makeContent(immediate, { [`courses/${immediate}/01-primo/quiz.yaml`]: quiz }) });
  });

  it('a checked answer shows its correction, is locked for saves and the submission, and is graded as checked', async () => {
    const user = await seedUser();
    const started = await startAttempt({ userId: user.id, courseSlug: immediate, moduleSlug: 'primo' });
    if (!started.ok) throw new Error(started.reason);
    const id = started.attemptId;
    // Unanswered, unknown or already-checked questions cannot be checked; nothing changes.
    await expect(checkAnswer({ userId: user.id, attemptId: id, questionId: 'q1', form: {} })).rejects.toMatchObject({ code: 'answerFirst' });
    await expect(checkAnswer({ userId: user.id, attemptId: id, questionId: 'zz', form: { q_q2: 'true' } })).rejects.toThrow(QuizInputError);
    expect((await storedAttempt(id)).checked).toEqual([]);

    await checkAnswer({ userId: user.id, attemptId: id, questionId: 'q2', form: { q_q2: 'true' } });
    await expect(checkAnswer({ userId: user.id, attemptId: id, questionId: 'q2', form: { q_q2: 'false' } })).rejects.toMatchObject({ code: 'alreadyChecked' });
    const view = await getAttemptView({ userId: user.id, attemptId: id });
    if (view?.state !== 'open') throw new Error('attempt should be open');
    expect(view.checked).toEqual([expect.objectContaining({ id: 'q2', given: 'Vero', correct: false, score: 0, explanation: 'Art. 4 D.Lgs. 25/2008.' })]);
    expect(view.values.q_q2).toBe('true');

    // Changing the checked answer afterwards changes nothing.
    await saveAnswers({ userId: user.id, attemptId: id, form: { q_q2: 'false' } });
    expect(((await storedAttempt(id)).answers as Record<string, unknown>).q2).toEqual({ type: 'true-false', value: true });
    const questions = (await storedAttempt(id)).questions as Array<{ id: string; type: string }>;
    const r = await submitAttempt({ userId: user.id, attemptId: id, form: correctForm(questions, (await storedAttempt(id)).seed) });
    const done = await storedAttempt(id);
    expect((done.perQuestion as Record<string, { correct: boolean }>).q2!.correct).toBe(false);
    expect((done.perQuestion as Record<string, { correct: boolean }>).q1!.correct).toBe(true);
    expect(r).toMatchObject({ alreadySubmitted: false, percent: 75 });
  });

  it('a quiz that corrects after submission refuses to check a single answer', async () => {
    const user = await seedUser();
    const id = await start(user.id);
    const [first] = (await storedAttempt(id)).questions as Array<{ id: string }>;
    await expect(
      checkAnswer({ userId: user.id, attemptId: id, questionId: first!.id, form: correctForm([first! as { id: string; type: string }], (await storedAttempt(id)).seed) }),
    ).rejects.toMatchObject({ code: 'notImmediate' });
    expect((await storedAttempt(id)).checked).toEqual([]);
  });
});

describe('item statistics', () => {
  it('facility, discrimination and option counts match hand-computed values', async () => {
    // A separate course whose quiz shows all 3 questions in a fixed order.
    const s = uniqueSlug('stat');
    const quiz = POOL.replace('draw: 3\nshuffle: true', 'shuffle: false').replace(/ {2}- id: q4[\s\S]*$/, '');
    await importContent({ root: makeContent(s, { [`courses/${s}/01-primo/quiz.yaml`]: quiz }) });
    // Four learners' first attempts:
    //   A: q1 b ✓, q2 false ✓, q3 a,b ✓ → 3/3      B: q1 b ✓, q2 false ✓, q3 a ½ → 2.5/3
    //   C: q1 a ✗, q2 false ✓, q3 a,c 0 → 1/3      D: q1 a ✗, q2 true ✗, q3 — 0 → 0/3
    const forms: Array<Record<string, string | string[]>> = [
      { q_q1: 'b', q_q2: 'false', q_q3: ['a', 'b'] },
      { q_q1: 'b', q_q2: 'false', q_q3: 'a' },
      { q_q1: 'a', q_q2: 'false', q_q3: ['a', 'c'] },
      { q_q1: 'a', q_q2: 'true' },
    ];
    for (const form of forms) {
      const u = await seedUser();
      const r = await startAttempt({ userId: u.id, courseSlug: s, moduleSlug: 'primo' });
      if (!r.ok) throw new Error(r.reason);
      await submitAttempt({ userId: u.id, attemptId: r.attemptId, form: opaque(form, (await storedAttempt(r.attemptId)).seed) });
    }
    const db = await getDb();
    const [doc] = await db
      .select()
      .from(schema.contentDocuments)
      .where(and(eq(schema.contentDocuments.scope, s), eq(schema.contentDocuments.slug, 'primo')));
    const stats = await getQuizStats({ documentId: doc!.id });
    const q1 = stats!.items.find((i) => i.id === 'q1')!;
    const q2 = stats!.items.find((i) => i.id === 'q2')!;
    const q3 = stats!.items.find((i) => i.id === 'q3')!;
    expect(stats!.attempts).toBe(4);
    // Pearson r between the item's fraction and the rest of the test, (total − item) / (3 − 1).
    // q1 fractions 1,1,0,0; rest 1, 0.75, 0.5, 0 → r = 0.845
    expect(q1.facility).toBe(0.5);
    expect(q1.discrimination).toBeCloseTo(0.845, 3);
    // q2 fractions 1,1,1,0; facility 0.75; rest 1, 0.75, 0, 0 → r = 0.566
    expect(q2.facility).toBe(0.75);
    expect(q2.discrimination).toBeCloseTo(0.566, 3);
    // q3 fractions 1, 0.5, 0, 0 → facility 0.375; rest 1, 1, 0.5, 0 → r = 0.818
    expect(q3.facility).toBe(0.375);
    expect(q3.discrimination).toBeCloseTo(0.818, 3);
    expect(q1.options.map((o) => [o.id, o.chosen])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 0],
    ]);
    expect(q1.flags).toContain('Opzione mai scelta: «Comune»');
    expect(q2.options.map((o) => [o.id, o.chosen])).toEqual([
      ['true', 1],
      ['false', 3],
    ]);
  });
});
