/** Seeds, drawing and the totals of an attempt. */
import { describe, expect, it } from 'vitest';
import { gradeAttempt, gradeQuestion, rightId, seededRandom } from '~/quiz/engine';
import { q, SEED } from './support';

describe('seededRandom', () => {
  it('returns the same sequence for the same seed and a different one for another seed', () => {
    const take = (seed: string) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take('a')).toEqual(take('a'));
    expect(take('a')).not.toEqual(take('b'));
    for (const x of take('a')) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('attempt totals', () => {
  it('gives nothing for an unanswered question or an answer of another type', () => {
    const tf = q({ type: 'true-false', answer: true, points: 2 });
    expect(gradeQuestion(tf, null, SEED)).toEqual({ score: 0, max: 2, correct: false });
    expect(gradeQuestion(tf, { type: 'single', optionId: 'a' }, SEED)).toEqual({ score: 0, max: 2, correct: false });
  });

  it('never rounds a near miss up to full marks', () => {
    const big = q({ type: 'matching', pairs: Array.from({ length: 200 }, (_, i) => ({ id: `p${i}`, left: `L${i}`, right: `R${i}` })) });
    const pairs = Object.fromEntries(big.pairs.map((p, i) => [p.id, rightId(SEED, i === 0 ? 'p1' : p.id, big.id)]));
    // 199/200 = 0.995 would round to 1.00: it is 0.99 instead.
    expect(gradeQuestion(big, { type: 'matching', pairs }, SEED)).toEqual({ score: 0.99, max: 1, correct: false });
  });

  it('totals an attempt with a percentage rounded to one decimal', () => {
    const tf = q({ type: 'true-false', id: 'q1', answer: true });
    const matching = q({ type: 'matching', id: 'q2', pairs: ['p1', 'p2', 'p3'].map((id) => ({ id, left: id, right: `R${id}` })) });
    const r = (pairId: string) => rightId(SEED, pairId, 'q2');
    const result = gradeAttempt([tf, matching], { q1: { type: 'true-false', value: true }, q2: { type: 'matching', pairs: { p1: r('p1'), p2: r('p2'), p3: r('p1') } } }, SEED);
    expect(result).toEqual({
      score: 1.67,
      max: 2,
      percent: 83.5,
      perQuestion: { q1: { score: 1, max: 1, correct: true }, q2: { score: 0.67, max: 1, correct: false } },
    });
    expect(gradeAttempt([tf, matching], {}, SEED)).toMatchObject({ score: 0, max: 2, percent: 0 });
  });

  it('never shows 100% for an attempt that is not fully correct', () => {
    const ordering = q({ type: 'ordering', points: 100, items: Array.from({ length: 2000 }, (_, i) => ({ id: `s${i}`, text: `Passo ${i}` })) });
    const order = ordering.items.map((item) => item.id);
    [order[0], order[1]] = [order[1] as string, order[0] as string];
    const result = gradeAttempt([ordering], { q1: { type: 'ordering', order } }, SEED);
    expect(result.score).toBe(99.9); // 100 × 1998/2000
    const tiny = q({ type: 'matching', points: 100, pairs: Array.from({ length: 3000 }, (_, i) => ({ id: `p${i}`, left: `L${i}`, right: `R${i}` })) });
    const pairs = Object.fromEntries(tiny.pairs.map((p, i) => [p.id, rightId(SEED, i === 0 ? 'p1' : p.id, tiny.id)]));
    const nearMiss = gradeAttempt([tiny], { q1: { type: 'matching', pairs } }, SEED);
    expect(nearMiss.score).toBe(99.97);
    expect(nearMiss.percent).toBe(99.9);
  });

  it('reports an empty attempt as 0 out of 0', () => {
    expect(gradeAttempt([], {}, SEED)).toEqual({ score: 0, max: 0, percent: 0, perQuestion: {} });
  });
});
