import { and, eq } from 'drizzle-orm';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getCourseModules } from '~/courses/courses.server';
import { markModuleRead, recordQuizPassed } from '~/progress/progress.server';
import { quizRoundStart } from '~/progress/updates.server';
import { getQuizOverview, startAttempt, submitAttempt } from '~/quiz/attempts.server';
import { answerToFormValues, correctAnswerFor } from '~/quiz/engine';
import { quizSchema } from '~/content/quiz-formats';
import { getEditorState, saveDraft } from '~/studio/drafts.server';
import { editorForm } from '~/studio/forms';
import { publishDraft, runScheduledPublishing } from '~/studio/publish.server';
import { applyQuizChange, blankQuestion, editQuiz, formToQuestion, loadQuizEditor, loadQuizPreview, questionToForm, type QuestionFormValues } from '~/studio/quiz-edit.server';
import { getDb, schema } from '~/utils/db.server';
import { parseForm } from '~/utils/parse-form';
import { makeContent, moduleMdx, QUIZ, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

const COMMENTED = `# La verifica del primo modulo
title: "Verifica"
passPercent: 70
attempts: 2
shuffle: false
questions:
  # prima domanda: non toccarla
  - id: q1
    type: single
    prompt: "Chi rilascia il nulla osta?"
    options:
      - { id: a, text: "Questura" }
      - { id: b, text: "SUI", correct: true }
    explanation: "Art. 29 c. 7 TU."
  - id: q2
    type: true-false
    prompt: "Le CT sono presso le Questure." # la domanda
    answer: false
    explanation: "Art. 4 D.Lgs. 25/2008."
`;

async function setup() {
  const slug = uniqueSlug('quizform');
  const root = makeContent(slug);
  await importContent({ root });
  const db = await getDb();
  const [doc] = await db
    .select({ id: schema.contentDocuments.id, versionId: schema.contentDocuments.currentVersionId })
    .from(schema.contentDocuments)
    .where(and(eq(schema.contentDocuments.scope, slug), eq(schema.contentDocuments.slug, 'primo')));
  return { slug, documentId: doc!.id, firstVersionId: doc!.versionId!, lecturer: await seedUser({ role: 'lecturer' }) };
}

const formOf = (yaml: string, index: number): QuestionFormValues => questionToForm((YAML.parse(yaml) as { questions: unknown[] }).questions[index])!;

describe('quiz editing by form', () => {
  it('changing one question by form keeps the comments and every other question byte for byte, and the result validates', () => {
    const form = { ...formOf(COMMENTED, 1), prompt: 'Le Commissioni territoriali sono presso le Prefetture.', answer: 'true' };
    const built = formToQuestion(form);
    expect(built.ok).toBe(true);
    const text = applyQuizChange(COMMENTED, { op: 'update', index: 1, question: (built as { question: Record<string, unknown> }).question })!;
    expect(text).toBe(COMMENTED.replace('prompt: "Le CT sono presso le Questure."', 'prompt: "Le Commissioni territoriali sono presso le Prefetture."').replace('answer: false', 'answer: true'));
    expect(quizSchema.safeParse(YAML.parse(text)).success).toBe(true);
    // An unchanged form changes nothing at all.
    const same = formToQuestion(formOf(COMMENTED, 0));
    expect(applyQuizChange(COMMENTED, { op: 'update', index: 0, question: (same as { question: Record<string, unknown> }).question })).toBe(COMMENTED);
  });

  it('adds, moves and removes questions, and gives new options fresh ids', () => {
    const form: QuestionFormValues = {
      ...blankQuestion('multiple', 'q3'),
      prompt: 'Quali documenti servono?',
      explanation: 'Art. 5 TU.',
      rows: [
        { id: '', text: 'Passaporto', right: '', correct: true },
        { id: '', text: 'Codice fiscale', right: '', correct: false },
        { id: '', text: '', right: '', correct: false },
      ],
    };
    const built = formToQuestion(form);
    expect(built).toMatchObject({
      ok: true,
      question: {
        id: 'q3',
        type: 'multiple',
        options: [
          { id: 'a', text: 'Passaporto', correct: true },
          { id: 'b', text: 'Codice fiscale' },
        ],
      },
    });
    const added = applyQuizChange(COMMENTED, { op: 'add', question: (built as { question: Record<string, unknown> }).question })!;
    expect(added.startsWith(COMMENTED)).toBe(true);
    const ids = (t: string) => (YAML.parse(t) as { questions: Array<{ id: string }> }).questions.map((q) => q.id);
    expect(ids(added)).toEqual(['q1', 'q2', 'q3']);
    const moved = applyQuizChange(added, { op: 'up', index: 2 })!;
    expect(ids(moved)).toEqual(['q1', 'q3', 'q2']);
    expect(moved).toContain('# prima domanda: non toccarla');
    expect(ids(applyQuizChange(moved, { op: 'down', index: 0 })!)).toEqual(['q3', 'q1', 'q2']);
    expect(ids(applyQuizChange(moved, { op: 'remove', index: 1 })!)).toEqual(['q1', 'q2']);
    expect(applyQuizChange(moved, { op: 'up', index: 0 })).toBeNull();
    expect(applyQuizChange(moved, { op: 'remove', index: 9 })).toBeNull();
  });

  it('refuses a question without a correct answer or with an empty prompt, with the message next to the field', () => {
    const noKey = formToQuestion({ ...formOf(COMMENTED, 0), rows: formOf(COMMENTED, 0).rows.map((r) => ({ ...r, correct: false })) });
    expect(noKey).toMatchObject({ ok: false, errors: { rows: expect.stringContaining('esattamente un’opzione corretta') } });
    const empty = formToQuestion({ ...formOf(COMMENTED, 0), prompt: '   ' });
    expect(empty).toMatchObject({ ok: false, errors: { prompt: 'non può essere vuoto' } });
    const tf = formToQuestion({ ...formOf(COMMENTED, 1), answer: '' });
    expect(tf).toMatchObject({ ok: false, errors: { answer: expect.stringContaining('vero o falso') } });
    const num = formToQuestion({ ...blankQuestion('numeric', 'n1'), prompt: 'Quanti giorni?', explanation: 'Art. 5.', answer: 'otto' });
    expect(num).toMatchObject({ ok: false, errors: { answer: expect.stringContaining('numero') } });
    expect(formToQuestion({ ...blankQuestion('numeric', 'n1'), prompt: 'Quanti giorni?', explanation: 'Art. 5.', answer: '8', tolerance: '0,5' })).toMatchObject({
      ok: true,
      question: { answer: 8, tolerance: 0.5 },
    });
  });

  it('saves through the draft with the optimistic lock: a stale revision is a conflict, invalid input saves nothing', async () => {
    const { documentId, lecturer } = await setup();
    const page = await loadQuizEditor(documentId);
    expect(page?.revision).toBe(0);
    expect(page?.questions?.map((q) => q.values?.id)).toEqual(['q1', 'q2']);
    const form = { ...page!.questions![0]!.values!, prompt: 'Chi rilascia il nulla osta al lavoro?' };
    const saved = await editQuiz({ documentId, actorId: lecturer.id, revision: 0, change: { op: 'update', index: 0, form } });
    expect(saved).toEqual({ ok: true, revision: 1 });
    const state = await getEditorState(documentId);
    expect(state?.draft?.quizSource).toBe(QUIZ.replace('"Chi rilascia il nulla osta?"', '"Chi rilascia il nulla osta al lavoro?"'));
    // The source of the module is the published one, unchanged.
    expect(state?.draft?.source).toBe(state?.published?.source);

    const stale = await editQuiz({ documentId, actorId: lecturer.id, revision: 0, change: { op: 'remove', index: 1 } });
    expect(stale).toMatchObject({ ok: false, reason: 'conflict', theirs: { revision: 1 } });
    const noKey = await editQuiz({ documentId, actorId: lecturer.id, revision: 1, change: { op: 'update', index: 0, form: { ...form, rows: form.rows.map((r) => ({ ...r, correct: false })) } } });
    expect(noKey).toMatchObject({ ok: false, reason: 'fields', errors: { rows: expect.any(String) } });
    const removeOne = await editQuiz({ documentId, actorId: lecturer.id, revision: 1, change: { op: 'remove', index: 0 } });
    expect(removeOne).toEqual({ ok: true, revision: 2 });
    const removeLast = await editQuiz({ documentId, actorId: lecturer.id, revision: 2, change: { op: 'remove', index: 0 } });
    expect(removeLast).toMatchObject({ ok: false, reason: 'invalid', issues: [expect.objectContaining({ message: expect.stringContaining('non ha domande') })] });
    expect((await getEditorState(documentId))?.draft?.revision).toBe(2);

    const preview = await loadQuizPreview(documentId);
    expect(preview).toMatchObject({ fromDraft: true, issues: [], quiz: { questions: [{ id: 'q2', type: 'true-false', answer: false }] } });
  });

  it('changing a question that already has attempts publishes a new quiz version; old attempts keep their version, questions and score', async () => {
    const { slug, documentId, firstVersionId, lecturer } = await setup();
    const learner = await seedUser();
    const ctx = { userId: learner.id, courseSlug: slug, moduleSlug: 'primo' };
    await markModuleRead(ctx);
    const first = (await startAttempt(ctx)) as { ok: true; attemptId: string };
    await submitAttempt({ userId: learner.id, attemptId: first.attemptId, form: {} });

    const page = await loadQuizEditor(documentId);
    const form = { ...page!.questions![0]!.values!, prompt: 'Quale ufficio rilascia il nulla osta?' };
    expect(await editQuiz({ documentId, actorId: lecturer.id, revision: 0, change: { op: 'update', index: 0, form } })).toMatchObject({ ok: true });
    const published = await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: 'domanda riscritta', lawSummary: null });
    expect(published).toMatchObject({ ok: true, state: 'published', versionNo: 2 });
    const v2 = (published as { versionId: string }).versionId;

    const db = await getDb();
    const a = schema.quizAttempts;
    const second = (await startAttempt(ctx)) as { ok: true; attemptId: string };
    const [row2] = await db.select().from(a).where(eq(a.id, second.attemptId));
    expect(row2!.versionId).toBe(v2);
    expect(row2!.questions.find((q) => q.id === 'q1')?.prompt).toBe('Quale ufficio rilascia il nulla osta?');
    const values = Object.assign({}, ...row2!.questions.map((q) => answerToFormValues(q, correctAnswerFor(q, row2!.seed), row2!.seed)));
    await submitAttempt({ userId: learner.id, attemptId: second.attemptId, form: values });

    const [old] = await db.select().from(a).where(eq(a.id, first.attemptId));
    expect(old).toMatchObject({ versionId: firstVersionId, percent: 0, passed: false });
    expect(old!.questions.find((q) => q.id === 'q1')?.prompt).toBe('Chi rilascia il nulla osta?');
    const [graded] = await db.select().from(a).where(eq(a.id, second.attemptId));
    expect(graded).toMatchObject({ versionId: v2, percent: 100, passed: true });
    expect((await getQuizOverview(ctx))?.history.map((h) => [h.attemptNo, h.percent])).toEqual([
      [2, 100],
      [1, 0],
    ]);
  });
});

describe('"Ripeti il quiz" in the publish form', () => {
  async function passQuiz(userId: string, documentId: string) {
    const db = await getDb();
    const [d] = await db
      .select({ courseId: schema.contentDocuments.courseId, versionId: schema.contentDocuments.currentVersionId })
      .from(schema.contentDocuments)
      .where(eq(schema.contentDocuments.id, documentId));
    await db.transaction((tx) => recordQuizPassed(tx, { userId, documentId, courseId: d!.courseId!, versionId: d!.versionId! }));
  }
  const moduleOf = async (userId: string, slug: string) => (await getCourseModules({ userId, courseSlug: slug }))!.modules.find((m) => m.slug === 'primo')!;

  it('the checkbox needs a law change, and is stored with the draft and the version note', () => {
    const base = { intent: 'publish', revision: '1', note: '', lawSummary: '', at: '' };
    const form = (extra: Record<string, string>) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries({ ...base, ...extra })) fd.set(k, v);
      return parseForm(editorForm, fd, 'it');
    };
    expect(form({ retakeQuiz: 'on' }).errors).toMatchObject({ retakeQuiz: expect.stringContaining('modifica normativa') });
    expect(form({ retakeQuiz: 'on', lawChange: 'on', lawSummary: 'Dal 1° gennaio cambia il termine.' }).data).toMatchObject({ retakeQuiz: 'on', lawChange: 'on' });
  });

  it('a learner who had passed the quiz must pass it again after a law change published with the checkbox; without it, reading is enough', async () => {
    const { slug, documentId, lecturer } = await setup();
    const learner = await seedUser();
    await markModuleRead({ userId: learner.id, courseSlug: slug, moduleSlug: 'primo' });
    await passQuiz(learner.id, documentId);
    expect((await moduleOf(learner.id, slug)).status.completedAt).toBeInstanceOf(Date);

    // A law change without the checkbox: read it again, the quiz stays passed.
    const state = await getEditorState(documentId);
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Primo modulo, norma nuova'), quizSource: state!.published!.quizSource, revision: 0 });
    expect(await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: 'Cambia il termine per il rinnovo.', retakeQuiz: false })).toMatchObject({ ok: true });
    expect((await moduleOf(learner.id, slug)).update).toMatchObject({ needsRead: true, needsQuiz: false });
    await markModuleRead({ userId: learner.id, courseSlug: slug, moduleSlug: 'primo' });
    expect((await moduleOf(learner.id, slug)).update).toBeNull();
    expect(await quizRoundStart(documentId)).toBeNull();

    // With the checkbox: the module is "da aggiornare" until the quiz is passed on the new version.
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Primo modulo, verifica da ripetere'), quizSource: state!.published!.quizSource, revision: 0 });
    const published = await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: 'Dal 12 giugno 2026 si applica il Patto UE.', retakeQuiz: true });
    expect(published).toMatchObject({ ok: true, state: 'published', versionNo: 3 });
    const db = await getDb();
    const [note] = await db
      .select()
      .from(schema.studioVersionNotes)
      .where(eq(schema.studioVersionNotes.versionId, (published as { versionId: string }).versionId));
    expect(note).toMatchObject({ retakeQuiz: true, lawSummary: 'Dal 12 giugno 2026 si applica il Patto UE.' });
    expect((await moduleOf(learner.id, slug)).update).toMatchObject({ needsRead: true, needsQuiz: true, changes: [{ versionNo: 3, retakeQuiz: true }] });
    expect(await quizRoundStart(documentId)).toBe(3);
    expect(await getQuizOverview({ userId: learner.id, courseSlug: slug, moduleSlug: 'primo' })).toMatchObject({ passed: false, used: 0 });
    await markModuleRead({ userId: learner.id, courseSlug: slug, moduleSlug: 'primo' });
    expect((await moduleOf(learner.id, slug)).update).toMatchObject({ needsRead: false, needsQuiz: true });
    await passQuiz(learner.id, documentId);
    expect((await moduleOf(learner.id, slug)).update).toBeNull();
  });

  it('a scheduled law change keeps the checkbox until it is published', async () => {
    const { documentId, lecturer } = await setup();
    const state = await getEditorState(documentId);
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Primo modulo, programmato'), quizSource: state!.published!.quizSource, revision: 0 });
    const now = new Date();
    const at = new Date(now.getTime() + 60_000);
    expect(await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: 'Cambia il termine.', retakeQuiz: true, at, now })).toMatchObject({
      ok: true,
      state: 'scheduled',
    });
    expect((await getEditorState(documentId))?.draft).toMatchObject({ state: 'scheduled' });
    await runScheduledPublishing({ now: new Date(at.getTime() + 1000) });
    expect(await quizRoundStart(documentId)).toBe(2);
  });

  it('the checkbox without a law summary stores nothing: publishing is not a law change', async () => {
    const { documentId, lecturer } = await setup();
    const state = await getEditorState(documentId);
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Primo modulo, ritocco'), quizSource: state!.published!.quizSource, revision: 0 });
    const published = await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: 'refuso', lawSummary: null, retakeQuiz: true });
    const db = await getDb();
    const [note] = await db
      .select()
      .from(schema.studioVersionNotes)
      .where(eq(schema.studioVersionNotes.versionId, (published as { versionId: string }).versionId));
    expect(note).toMatchObject({ retakeQuiz: false, lawSummary: null });
    expect(await quizRoundStart(documentId)).toBeNull();
  });

  it('a library card has no quiz: the quiz forms and preview do not open on it', async () => {
    await setup();
    const db = await getDb();
    const [card] = await db
      .select({ id: schema.contentDocuments.id })
      .from(schema.contentDocuments)
      .where(and(eq(schema.contentDocuments.kind, 'library_card'), eq(schema.contentDocuments.slug, 'scheda-prova')));
    expect(await loadQuizEditor(card!.id)).toBeNull();
    expect(await loadQuizPreview(card!.id)).toBeNull();
  });
});
