/** The real DREAM quizzes through the engine. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { answerToFormValues, correctAnswerFor, describeCorrectAnswer, drawQuestions, gradeQuestion, parseAnswer, toPublicQuestion } from '~/quiz/engine';
import { quizSchema } from '~/content/quiz-formats';
import { expectNoCorrectnessData, q, SEED } from './support';

const courseDir = fileURLToPath(new URL('../../../content/courses/dream/', import.meta.url));
const quizFiles = readdirSync(courseDir)
  .filter((dir) => existsSync(`${courseDir}${dir}/quiz.yaml`))
  .sort();
const realQuizzes = quizFiles.map((dir) => ({ dir, quiz: quizSchema.parse(parseYaml(readFileSync(`${courseDir}${dir}/quiz.yaml`, 'utf8'))) }));
const realQuestions = realQuizzes.flatMap(({ dir, quiz }) => quiz.questions.map((question) => ({ dir, question })));

describe('the real DREAM quizzes', () => {
  it('are 10 valid quiz files with questions of every type', () => {
    expect(quizFiles).toHaveLength(10);
    expect(new Set(realQuestions.map(({ question }) => question.type))).toEqual(new Set(['single', 'multiple', 'true-false', 'short-text', 'numeric', 'matching', 'ordering']));
  });

  it('never send correctness data to the browser', () => {
    for (const { question } of realQuestions) {
      for (const seed of ['seed-1', 'seed-2', 'seed-3']) {
        for (const shuffled of [true, false]) expectNoCorrectnessData(question, toPublicQuestion(question, { seed, shuffle: shuffled }));
      }
    }
  });

  it('give full marks to the correct answer submitted through the form', () => {
    for (const { question } of realQuestions) {
      const form = answerToFormValues(question, correctAnswerFor(question, SEED), SEED);
      const parsed = parseAnswer(question, form, SEED);
      expect(parsed.ok && gradeQuestion(question, parsed.answer, SEED)).toEqual({ score: question.points, max: question.points, correct: true });
    }
  });

  it('describe the correct answer in Italian', () => {
    const module2 = realQuizzes.find(({ dir }) => dir === '02-ingresso-soggiorno-lavoro')?.quiz.questions ?? [];
    const byId = (id: string) => {
      const question = module2.find((x) => x.id === id);
      if (!question) throw new Error(`missing ${id}`);
      return describeCorrectAnswer(question);
    };
    expect(byId('q1')).toBe('Risposta corretta: Entro 8 giorni lavorativi');
    expect(byId('q3')).toBe('Risposta corretta: Vero');
    expect(byId('q13')).toBe('Risposta corretta: Falso');
    expect(byId('q4')).toBe('Risposte corrette: Marca da bollo da 16 €; Bollettino da 80,46 €; 30 € a Poste Italiane per il servizio');
    expect(byId('q5')).toBe('Risposta corretta: Falso');
    expect(describeCorrectAnswer(q({ type: 'numeric', answer: 80.46, tolerance: 0, unit: 'euro' }))).toBe('Risposta corretta: 80,46 euro');
    expect(byId('q11')).toBe('Risposta corretta: cedolino (accettate anche: il cedolino)');
    expect(byId('q7')).toMatch(/^Abbinamenti corretti: Consolato → Rilascio del visto; Sportello unico per l'immigrazione → Nulla osta/);
    expect(byId('q6')).toMatch(/^Ordine corretto: 1\. Il datore di lavoro chiede il nulla osta al SUI 2\. Il SUI rilascia il nulla osta 3\./);
    expect(describeCorrectAnswer(q({ type: 'numeric', answer: 60, tolerance: 2, unit: 'giorni' }))).toBe('Risposta corretta: 60 giorni (con una tolleranza di ± 2)');
  });

  it('draw 8 of the 15 questions of module 2, the same ones for the same seed', () => {
    const quiz = realQuizzes.find(({ dir }) => dir === '02-ingresso-soggiorno-lavoro')?.quiz;
    if (!quiz) throw new Error('missing module 2');
    const ids = (seed: string) => drawQuestions(quiz.questions, { draw: quiz.draw, shuffle: quiz.shuffle, seed }).map((x) => x.id);
    expect(ids('s1')).toHaveLength(8);
    expect(ids('s1')).toEqual(ids('s1'));
    expect(ids('s1')).not.toEqual(ids('s2'));
  });
});
