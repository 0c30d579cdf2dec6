/** Matching and ordering questions. */
import { describe, expect, it } from 'vitest';
import { gradeQuestion, parseAnswer, rightId, toPublicQuestion, type Answer } from '~/quiz/engine';
import { q, SEED } from './support';

describe('matching and ordering partial credit', () => {
  it('gives matching credit per correct pair', () => {
    const matching = q({
      type: 'matching',
      pairs: ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => ({ id, left: `L${id}`, right: `R${id}` })),
    });
    const r = (pairId: string) => rightId(SEED, pairId, matching.id);
    const answer: Answer = { type: 'matching', pairs: { p1: r('p1'), p2: r('p2'), p3: r('p3'), p4: r('p5'), p5: r('p4') } };
    expect(gradeQuestion(matching, answer, SEED)).toEqual({ score: 0.6, max: 1, correct: false }); // 3/5
    expect(gradeQuestion(matching, { type: 'matching', pairs: { p1: r('p1') } }, SEED).score).toBe(0.2); // others left blank
    // The same choices under another seed's ids are worth nothing: ids are per attempt.
    expect(gradeQuestion(matching, answer, 'another-attempt').score).toBe(0);
  });

  it('gives ordering credit per item in its correct position', () => {
    const ordering = q({ type: 'ordering', points: 3, items: ['s1', 's2', 's3', 's4', 's5'].map((id) => ({ id, text: `Passo ${id}` })) });
    expect(gradeQuestion(ordering, { type: 'ordering', order: ['s1', 's2', 's4', 's5', 's3'] }, SEED)).toEqual({ score: 1.2, max: 3, correct: false }); // 3 × 2/5
    expect(gradeQuestion(ordering, { type: 'ordering', order: ['s2', 's3', 's4', 's5', 's1'] }, SEED).score).toBe(0); // all shifted by one
    expect(gradeQuestion(ordering, { type: 'ordering', order: ['s1', '', 's3', '', ''] }, SEED).score).toBe(1.2); // blanks earn nothing
    expect(gradeQuestion(ordering, { type: 'ordering', order: ['s1', 's2', 's3', 's4', 's5'] }, SEED)).toEqual({ score: 3, max: 3, correct: true });
  });
});

describe('parsing matching and ordering answers', () => {
  const matching = q({ type: 'matching', id: 'q6', pairs: ['p1', 'p2', 'p3'].map((id) => ({ id, left: `L${id}`, right: `R${id}` })) });
  const ordering = q({ type: 'ordering', id: 'q7', items: ['s1', 's2', 's3'].map((id) => ({ id, text: `Passo ${id}` })) });

  it('treats blank or missing fields as unanswered', () => {
    expect(parseAnswer(matching, { 'q_q6.p1': '' }, SEED)).toEqual({ ok: true, answer: null });
    expect(parseAnswer(ordering, {}, SEED)).toEqual({ ok: true, answer: null });
  });

  it('maps opaque right ids back for matching and rejects unknown ones', () => {
    const r = (pairId: string) => rightId(SEED, pairId, 'q6');
    expect(parseAnswer(matching, { 'q_q6.p1': r('p1'), 'q_q6.p2': r('p3'), 'q_q6.p3': '' }, SEED)).toEqual({
      ok: true,
      answer: { type: 'matching', pairs: { p1: r('p1'), p2: r('p3') } },
    });
    // A pair id, or a right id from another attempt, is not something the form offered.
    expect(parseAnswer(matching, { 'q_q6.p1': 'p1' }, SEED)).toEqual({ ok: false, error: 'unknownPair' });
    expect(parseAnswer(matching, { 'q_q6.p1': rightId('other', 'p1', 'q6') }, SEED).ok).toBe(false);
  });

  it('turns ordering positions into an order and rejects bad positions', () => {
    const pub = toPublicQuestion(ordering, { seed: SEED, shuffle: true });
    if (pub.type !== 'ordering') throw new Error('expected an ordering question');
    const textToId = new Map(ordering.items.map((item) => [item.text, item.id]));
    // Put every shown item at its correct position.
    const form = Object.fromEntries(pub.items.map((item) => [`q_q7.${item.id}`, String(ordering.items.findIndex((i) => i.id === textToId.get(item.text)) + 1)]));
    expect(parseAnswer(ordering, form, SEED)).toEqual({ ok: true, answer: { type: 'ordering', order: ['s1', 's2', 's3'] } });

    const [first, second] = pub.items.map((item) => `q_q7.${item.id}`) as [string, string];
    expect(parseAnswer(ordering, { [first]: '2' }, SEED)).toMatchObject({ ok: true, answer: { order: ['', textToId.get(pub.items[0]!.text), ''] } });
    expect(parseAnswer(ordering, { [first]: '2', [second]: '2' }, SEED)).toEqual({ ok: false, error: 'positionTwice', values: { position: 2 } });
    expect(parseAnswer(ordering, { [first]: '4' }, SEED)).toEqual({ ok: false, error: 'positionRange', values: { position: 4, n: 3 } });
    expect(parseAnswer(ordering, { [first]: '0' }, SEED).ok).toBe(false);
    expect(parseAnswer(ordering, { [first]: '1.5' }, SEED)).toEqual({ ok: false, error: 'badPosition', values: { value: '«1.5»' } });
  });
});

describe('public matching and ordering questions', () => {
  it('gives matching rights opaque ids that depend on the attempt and on the question', () => {
    expect(rightId(SEED, 'p1', 'q1')).toMatch(/^r[0-9a-f]{8}$/);
    expect(rightId(SEED, 'p1', 'q1')).toBe(rightId(SEED, 'p1', 'q1'));
    expect(rightId(SEED, 'p1', 'q1')).not.toBe(rightId('other', 'p1', 'q1'));
    expect(rightId(SEED, 'p1', 'q1')).not.toBe(rightId(SEED, 'p1', 'q2'));
    expect(rightId(SEED, 'p1', 'q1')).not.toBe(rightId(SEED, 'p2', 'q1'));
  });

  it('never shows a two-item ordering question in the correct order', () => {
    const two = q({
      type: 'ordering',
      items: [
        { id: 's1', text: 'Primo' },
        { id: 's2', text: 'Secondo' },
      ],
    });
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const pub = toPublicQuestion(two, { seed, shuffle: false });
      expect(pub.type === 'ordering' && pub.items.map((item) => item.text)).toEqual(['Secondo', 'Primo']);
    }
  });
});
