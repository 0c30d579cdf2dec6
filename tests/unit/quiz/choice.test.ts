/** Single choice, multiple choice and true/false questions. */
import { describe, expect, it } from 'vitest';
import { gradeQuestion, optionId, parseAnswer, toPublicQuestion, type Answer } from '~/quiz/engine';
import { type Question } from '~/content/quiz-formats';
import { q, SEED } from './support';

describe('multiple choice partial credit', () => {
  const multiple = q({
    type: 'multiple',
    points: 2,
    options: [
      { id: 'a', text: 'Marca da bollo', correct: true },
      { id: 'b', text: 'Bollettino', correct: true },
      { id: 'c', text: 'Poste', correct: true },
      { id: 'd', text: 'Contributo di 250 €' },
    ],
  });
  const pick = (...optionIds: string[]): Answer => ({ type: 'multiple', optionIds });

  it('gives multiple choice credit for right minus wrong selections over the correct options', () => {
    expect(gradeQuestion(multiple, pick('a', 'b', 'c'), SEED)).toEqual({ score: 2, max: 2, correct: true });
    expect(gradeQuestion(multiple, pick('a', 'b'), SEED)).toEqual({ score: 1.33, max: 2, correct: false }); // 2 × 2/3
    expect(gradeQuestion(multiple, pick('a'), SEED)).toEqual({ score: 0.67, max: 2, correct: false }); // 2 × 1/3
    expect(gradeQuestion(multiple, pick('a', 'b', 'd'), SEED)).toEqual({ score: 0.67, max: 2, correct: false }); // 2 × (2 − 1)/3
    expect(gradeQuestion(multiple, pick('a', 'b', 'c', 'd'), SEED)).toEqual({ score: 1.33, max: 2, correct: false }); // 2 × (3 − 1)/3
    expect(gradeQuestion(multiple, pick('a', 'd'), SEED)).toEqual({ score: 0, max: 2, correct: false }); // never below 0
    expect(gradeQuestion(multiple, pick('d'), SEED)).toEqual({ score: 0, max: 2, correct: false });
  });
});

describe('single choice and true/false', () => {
  it('grades single choice and true/false all or nothing', () => {
    const single = q({
      type: 'single',
      points: 3,
      options: [
        { id: 'a', text: 'Questura' },
        { id: 'b', text: 'SUI', correct: true },
      ],
    });
    expect(gradeQuestion(single, { type: 'single', optionId: 'b' }, SEED)).toEqual({ score: 3, max: 3, correct: true });
    expect(gradeQuestion(single, { type: 'single', optionId: 'a' }, SEED)).toEqual({ score: 0, max: 3, correct: false });
    const tf = q({ type: 'true-false', answer: false });
    expect(gradeQuestion(tf, { type: 'true-false', value: false }, SEED).correct).toBe(true);
    expect(gradeQuestion(tf, { type: 'true-false', value: true }, SEED).score).toBe(0);
  });
});

describe('parsing choice answers', () => {
  const single = q({
    type: 'single',
    id: 'q3',
    options: [
      { id: 'a', text: 'A' },
      { id: 'b', text: 'B', correct: true },
    ],
  });
  const multiple = q({
    type: 'multiple',
    id: 'q4',
    options: [
      { id: 'a', text: 'A', correct: true },
      { id: 'b', text: 'B' },
      { id: 'c', text: 'C', correct: true },
    ],
  });
  const o3 = (id: string) => optionId(SEED, 'q3', id);
  const o4 = (id: string) => optionId(SEED, 'q4', id);

  it('reads single, multiple and true/false answers from their form fields, mapping opaque option ids back', () => {
    expect(parseAnswer(single, { q_q3: o3('b') }, SEED)).toEqual({ ok: true, answer: { type: 'single', optionId: 'b' } });
    expect(parseAnswer(multiple, { q_q4: [o4('a'), o4('c'), o4('a')] }, SEED)).toEqual({ ok: true, answer: { type: 'multiple', optionIds: ['a', 'c'] } });
    expect(parseAnswer(multiple, { q_q4: o4('c') }, SEED)).toEqual({ ok: true, answer: { type: 'multiple', optionIds: ['c'] } });
    expect(parseAnswer(q({ type: 'true-false', answer: true }), { q_q1: 'false' }, SEED)).toEqual({ ok: true, answer: { type: 'true-false', value: false } });
  });

  it('rejects unknown option ids, the authors’ own ids and ids of another attempt', () => {
    expect(parseAnswer(single, { q_q3: 'z' }, SEED)).toEqual({ ok: false, error: 'unknownOption' });
    expect(parseAnswer(single, { q_q3: 'b' }, SEED)).toEqual({ ok: false, error: 'unknownOption' });
    expect(parseAnswer(single, { q_q3: optionId('other-attempt', 'q3', 'b') }, SEED)).toEqual({ ok: false, error: 'unknownOption' });
    expect(parseAnswer(multiple, { q_q4: [o4('a'), 'z'] }, SEED)).toEqual({ ok: false, error: 'unknownOption' });
    expect(parseAnswer(single, { q_q3: [o3('a'), o3('b')] }, SEED)).toEqual({ ok: false, error: 'oneAnswer' });
  });

  it('rejects a true/false value other than "true" or "false"', () => {
    expect(parseAnswer(q({ type: 'true-false', answer: true }), { q_q1: 'forse' }, SEED)).toEqual({ ok: false, error: 'trueFalse' });
  });

  it('treats blank or missing fields as unanswered', () => {
    expect(parseAnswer(single, {}, SEED)).toEqual({ ok: true, answer: null });
    expect(parseAnswer(single, { q_q3: '  ' }, SEED)).toEqual({ ok: true, answer: null });
    expect(parseAnswer(multiple, { q_q4: [] }, SEED)).toEqual({ ok: true, answer: null });
  });
});

describe('public choice questions', () => {
  it('keeps the authored option order when shuffle is off and shuffles it per question when on', () => {
    const options = 'abcdefgh'.split('').map((id) => ({ id, text: id.toUpperCase(), ...(id === 'a' ? { correct: true } : {}) }));
    const one = q({ type: 'single', id: 'q1', options });
    const two = q({ type: 'single', id: 'q2', options });
    const texts = (question: Question, shuffled: boolean) => {
      const pub = toPublicQuestion(question, { seed: SEED, shuffle: shuffled });
      return pub.type === 'single' ? pub.options.map((o) => o.text) : [];
    };
    expect(texts(one, false)).toEqual(options.map((o) => o.text));
    expect(texts(one, true)).not.toEqual(texts(two, true)); // seeded per question (8! orders: a clash is practically impossible)
  });

  it('shows opaque option ids that depend on the attempt and on the question, never the authors’ ids', () => {
    const question = q({
      type: 'single',
      id: 'q1',
      options: [
        { id: 'a', text: 'A', correct: true },
        { id: 'b', text: 'B' },
      ],
    });
    const pub = toPublicQuestion(question, { seed: SEED, shuffle: false });
    expect(pub.type === 'single' && pub.options.map((o) => o.id)).toEqual([optionId(SEED, 'q1', 'a'), optionId(SEED, 'q1', 'b')]);
    expect(optionId(SEED, 'q1', 'a')).toMatch(/^o[0-9a-f]{8}$/);
    expect(optionId(SEED, 'q1', 'a')).not.toBe(optionId('other', 'q1', 'a'));
    expect(optionId(SEED, 'q1', 'a')).not.toBe(optionId(SEED, 'q2', 'a'));
  });
});
