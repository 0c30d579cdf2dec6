/** Properties of the quiz engine over every question type (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerToFormValues, correctAnswerFor, drawQuestions, gradeAttempt, gradeQuestion, parseAnswer, rightId, seededRandom, shuffle, toPublicQuestion, type Answer, optionId } from '~/quiz/engine';
import { seedArb, valid, questionArb, toAnswer, questionAndAnswerArb, expectedFraction, hasAtMostTwoDecimals, gradeThroughForm, expectNoCorrectnessData } from './support';

describe('quiz engine properties', () => {
  it('keeps every score within [0, max], with 2 decimals, following the partial credit formula', () => {
    fc.assert(
      fc.property(questionAndAnswerArb, seedArb, ({ q, logical }, seed) => {
        const grade = gradeQuestion(q, toAnswer(q, logical, seed), seed);
        expect(grade.max).toBe(q.points);
        expect(grade.score).toBeGreaterThanOrEqual(0);
        expect(grade.score).toBeLessThanOrEqual(grade.max);
        expect(grade.correct).toBe(grade.score === grade.max);
        const f = expectedFraction(q, logical);
        if (f === 1) expect(grade.score).toBe(q.points);
        else {
          expect(hasAtMostTwoDecimals(grade.score)).toBe(true);
          // Rounded half-up to the cent, or down by a cent when rounding up would reach full marks.
          expect(Math.abs(grade.score - q.points * f)).toBeLessThanOrEqual(0.01 + 1e-9);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives full marks exactly when the answer is correct', () => {
    fc.assert(
      fc.property(questionAndAnswerArb, seedArb, ({ q, logical }, seed) => {
        const grade = gradeQuestion(q, toAnswer(q, logical, seed), seed);
        expect(grade.correct).toBe(expectedFraction(q, logical) === 1);
        expect(gradeQuestion(q, correctAnswerFor(q, seed), seed)).toEqual({ score: q.points, max: q.points, correct: true });
      }),
      { numRuns: 500 },
    );
  });

  it('gives full marks to an attempt iff every answer is correct', () => {
    const attemptArb = fc.uniqueArray(questionAndAnswerArb, { minLength: 1, maxLength: 8, selector: ({ q }) => q.id });
    fc.assert(
      fc.property(attemptArb, seedArb, fc.boolean(), (items, seed, allRight) => {
        const questions = items.map(({ q }) => q);
        const answers = Object.fromEntries(items.map(({ q, logical }) => [q.id, allRight ? correctAnswerFor(q, seed) : toAnswer(q, logical, seed)]));
        const result = gradeAttempt(questions, answers, seed);
        const everyCorrect = allRight || items.every(({ q, logical }) => expectedFraction(q, logical) === 1);
        expect(result.score === result.max).toBe(everyCorrect);
        expect(result.percent === 100).toBe(everyCorrect);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(result.max);
        expect(result.percent).toBeGreaterThanOrEqual(0);
        expect(result.percent).toBeLessThanOrEqual(100);
        expect(Object.keys(result.perQuestion).sort()).toEqual(questions.map((q) => q.id).sort());
      }),
    );
  });

  it('never changes a score when the options are shuffled differently', () => {
    fc.assert(
      fc.property(questionAndAnswerArb, seedArb, seedArb, fc.boolean(), fc.boolean(), ({ q, logical }, seedA, seedB, shuffleA, shuffleB) => {
        const direct = gradeQuestion(q, toAnswer(q, logical, seedA), seedA);
        expect(gradeThroughForm(q, logical, seedA, shuffleA)).toEqual(direct);
        expect(gradeThroughForm(q, logical, seedB, shuffleB)).toEqual(direct);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back through the form exactly the answer that was written', () => {
    fc.assert(
      fc.property(questionAndAnswerArb, seedArb, ({ q, logical }, seed) => {
        const answer = toAnswer(q, logical, seed);
        const parsed = parseAnswer(q, answerToFormValues(q, answer, seed), seed);
        const expected = answer?.type === 'short-text' ? { ...answer, text: answer.text.trim() } : answer;
        expect(parsed).toEqual({ ok: true, answer: expected });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the fields of two questions apart even when their ids and sub-ids share underscores', () => {
    // Question "a" with pair "b_c" and question "a_b" with pair "c" once both wrote the field q_a_b_c.
    const first = valid({
      id: 'a',
      type: 'matching',
      prompt: 'Abbina',
      explanation: 'Spiegazione.',
      points: 1,
      pairs: [
        { id: 'b_c', left: 'L1', right: 'R1' },
        { id: 'x', left: 'L2', right: 'R2' },
      ],
    });
    const second = valid({
      id: 'a_b',
      type: 'matching',
      prompt: 'Abbina',
      explanation: 'Spiegazione.',
      points: 1,
      pairs: [
        { id: 'c', left: 'L3', right: 'R3' },
        { id: 'y', left: 'L4', right: 'R4' },
      ],
    });
    const a1: Answer = { type: 'matching', pairs: { b_c: rightId('s', 'b_c', 'a'), x: rightId('s', 'x', 'a') } };
    const a2: Answer = { type: 'matching', pairs: { c: rightId('s', 'y', 'a_b'), y: rightId('s', 'c', 'a_b') } };
    const form = { ...answerToFormValues(first, a1, 's'), ...answerToFormValues(second, a2, 's') };
    expect(Object.keys(form)).toHaveLength(4);
    expect(parseAnswer(first, form, 's')).toEqual({ ok: true, answer: a1 });
    expect(parseAnswer(second, form, 's')).toEqual({ ok: true, answer: a2 });
  });

  it('projects every question to a public form without correctness data', () => {
    fc.assert(
      fc.property(questionArb, seedArb, fc.boolean(), (q, seed, shuffled) => {
        const pub = toPublicQuestion(q, { seed, shuffle: shuffled });
        expectNoCorrectnessData(q, pub);
        expect(toPublicQuestion(q, { seed, shuffle: shuffled })).toEqual(pub);
        if (pub.type === 'matching' && q.type === 'matching') {
          // Rights are a permutation of the pairs' rights, never lined up with the lefts.
          expect(pub.rights.map((r) => r.id).sort()).toEqual(q.pairs.map((p) => rightId(seed, p.id, q.id)).sort());
          const pairOfRight = new Map(q.pairs.map((p) => [rightId(seed, p.id, q.id), p.id]));
          expect(pub.rights.every((r, i) => pairOfRight.get(r.id) === pub.lefts[i]?.id)).toBe(false);
          if (!shuffled) expect(pub.lefts.map((l) => l.id)).toEqual(q.pairs.map((p) => p.id));
        }
        if ((pub.type === 'single' || pub.type === 'multiple') && (q.type === 'single' || q.type === 'multiple')) {
          const ids = q.options.map((o) => optionId(seed, q.id, o.id));
          if (shuffled) expect(pub.options.map((o) => o.id).sort()).toEqual([...ids].sort());
          else expect(pub.options.map((o) => o.id)).toEqual(ids);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('draws min(draw, pool) distinct questions, deterministically for a seed', () => {
    const poolArb = fc.uniqueArray(questionArb, { minLength: 0, maxLength: 15, selector: (q) => q.id });
    fc.assert(
      fc.property(poolArb, fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }), fc.boolean(), seedArb, (pool, draw, shuffled, seed) => {
        const drawn = drawQuestions(pool, { draw, shuffle: shuffled, seed });
        expect(drawQuestions(pool, { draw, shuffle: shuffled, seed })).toEqual(drawn);
        expect(drawn).toHaveLength(Math.min(draw ?? pool.length, pool.length));
        expect(new Set(drawn.map((q) => q.id)).size).toBe(drawn.length);
        for (const q of drawn) expect(pool).toContain(q);
        if (!shuffled) {
          const positions = drawn.map((q) => pool.indexOf(q));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }),
    );
  });

  it('shuffles into a permutation without touching the input, deterministically for a seed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), seedArb, (items, seed) => {
        const copy = [...items];
        const out = shuffle(items, seededRandom(seed));
        expect(items).toEqual(copy);
        expect([...out].sort()).toEqual([...items].sort());
        expect(shuffle(items, seededRandom(seed))).toEqual(out);
      }),
    );
  });
});

/* ================================================================== examples */
