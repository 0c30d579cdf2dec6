import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  answerToFormValues,
  correctAnswerFor,
  describeCorrectAnswer,
  drawQuestions,
  gradeAttempt,
  gradeQuestion,
  normaliseText,
  parseAnswer,
  rightId,
  seededRandom,
  shuffle,
  toPublicQuestion,
  type Answer,
} from '~/quiz/engine';
import { publicQuestion, questionSchema, quizSchema, type PublicQuestion, type Question } from '~/content/quiz-formats';

/* ================================================================== arbitraries */

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/);
const seedArb = fc.string({ minLength: 1, maxLength: 16 });
const WORDS = ['sportello', 'unico', 'perché', 'Questura', 'città', 'Prefettura', 'comune', 'visto', 'attività', 'più', 'ASL', 'nulla', 'osta'];
const phraseArb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
const pointsArb = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constantFrom(0.5, 0.25, 1.5, 0.1, 0.3, 2.75, 3.333, 100));
const baseArb = fc.record({ id: idArb, prompt: phraseArb, explanation: phraseArb.map((p) => `Spiegazione: ${p}`), points: pointsArb });
const idsArb = (max = 6) => fc.uniqueArray(idArb, { minLength: 2, maxLength: max });

/** Every generated question goes through the real schema, so it is valid and has its defaults. */
const valid = (raw: unknown): Question => questionSchema.parse(raw);

const singleArb = fc.record({ base: baseArb, ids: idsArb(), pick: fc.nat() }).map(({ base, ids, pick }) =>
  valid({ ...base, type: 'single', options: ids.map((id, i) => ({ id, text: `Opzione ${id}`, ...(i === pick % ids.length ? { correct: true } : {}) })) }),
);
const multipleArb = fc.record({ base: baseArb, ids: idsArb(), flags: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), pick: fc.nat() }).map(({ base, ids, flags, pick }) =>
  valid({
    ...base,
    type: 'multiple',
    options: ids.map((id, i) => ({ id, text: `Opzione ${id}`, ...(flags[i] || i === pick % ids.length ? { correct: true } : {}) })),
  }),
);
const trueFalseArb = fc.record({ base: baseArb, answer: fc.boolean() }).map(({ base, answer }) => valid({ ...base, type: 'true-false', answer }));
const shortTextArb = fc
  .record({
    base: baseArb,
    accepted: fc.uniqueArray(phraseArb, { minLength: 1, maxLength: 3 }),
    pattern: fc.option(fc.constantFrom('^sportello', 'ufficiale (di|dello)', 'citt[aà]', 'nulla ?osta'), { nil: undefined }),
  })
  .map(({ base, accepted, pattern }) => valid({ ...base, type: 'short-text', accepted, ...(pattern ? { pattern } : {}) }));
// Numbers are generated in cents, so the test oracle can compare them exactly.
const numericArb = fc
  .record({
    base: baseArb,
    cents: fc.integer({ min: -100_000, max: 100_000 }),
    toleranceCents: fc.constantFrom(0, 1, 10, 50, 100, 250),
    unit: fc.option(fc.constantFrom('giorni', 'euro', 'anni'), { nil: undefined }),
  })
  .map(({ base, cents, toleranceCents, unit }) => valid({ ...base, type: 'numeric', answer: cents / 100, tolerance: toleranceCents / 100, ...(unit ? { unit } : {}) }));
const matchingArb = fc.record({ base: baseArb, ids: idsArb() }).map(({ base, ids }) =>
  valid({ ...base, type: 'matching', pairs: ids.map((id) => ({ id, left: `Sinistra ${id}`, right: `Destra ${id}` })) }),
);
const orderingArb = fc.record({ base: baseArb, ids: idsArb(7) }).map(({ base, ids }) => valid({ ...base, type: 'ordering', items: ids.map((id) => ({ id, text: `Passo ${id}` })) }));

const questionArb: fc.Arbitrary<Question> = fc.oneof(singleArb, multipleArb, trueFalseArb, shortTextArb, numericArb, matchingArb, orderingArb);

/**
 * A "logical" answer does not depend on the seed: it is an Answer, except that for matching each
 * left maps to the *pair id* whose right was chosen (the opaque right id depends on the seed).
 */
type Logical = Answer | null;

function toAnswer(q: Question, logical: Logical, seed: string): Answer | null {
  if (logical?.type !== 'matching' || q.type !== 'matching') return logical;
  return { type: 'matching', pairs: Object.fromEntries(Object.entries(logical.pairs).map(([left, pairId]) => [left, rightId(seed, pairId, q.id)])) };
}

/** A variant of an accepted answer that the rules say must still be accepted. */
function acceptedVariantArb(text: string): fc.Arbitrary<string> {
  return fc
    .record({
      upper: fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }),
      stripAccents: fc.boolean(),
      space: fc.constantFrom(' ', '  ', '\t', '\u00a0'),
      lead: fc.constantFrom('', ' ', '  '),
      trail: fc.constantFrom('', '.', '!', ' ?', '…', '. '),
    })
    .map(({ upper, stripAccents, space, lead, trail }) => {
      let s = [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
      if (stripAccents) s = s.normalize('NFD').replace(/\p{M}/gu, '');
      return lead + s.replace(/ /g, space) + trail;
    });
}

function logicalCorrect(q: Question): Logical {
  if (q.type === 'matching') return { type: 'matching', pairs: Object.fromEntries(q.pairs.map((p) => [p.id, p.id])) };
  return correctAnswerFor(q, 'unused: only matching depends on the seed');
}

/** Arbitrary answers to `q`: unanswered, fully correct, or anything a form could send. */
function logicalAnswerArb(q: Question): fc.Arbitrary<Logical> {
  const some = (): fc.Arbitrary<Logical> => {
    switch (q.type) {
      case 'single':
        return fc.constantFrom(...q.options.map((o) => o.id)).map((optionId) => ({ type: 'single', optionId }));
      case 'multiple':
        return fc.subarray(q.options.map((o) => o.id), { minLength: 1 }).map((optionIds) => ({ type: 'multiple', optionIds }));
      case 'true-false':
        return fc.boolean().map((value) => ({ type: 'true-false', value }));
      case 'short-text':
        // Accepted answers are made of letters: a string of digits is always wrong.
        return fc
          .oneof(fc.constantFrom(...q.accepted).chain(acceptedVariantArb), fc.stringMatching(/^[0-9]{1,6}$/))
          .map((text) => ({ type: 'short-text', text }));
      case 'numeric': {
        const cents = Math.round(q.answer * 100);
        return fc.integer({ min: -300, max: 300 }).map((delta) => ({ type: 'numeric', value: (cents + delta) / 100 }));
      }
      case 'matching': {
        const pairIds = q.pairs.map((p) => p.id);
        return fc
          .array(fc.option(fc.constantFrom(...pairIds), { nil: undefined }), { minLength: pairIds.length, maxLength: pairIds.length })
          .map((choices) => {
            const pairs = Object.fromEntries(pairIds.flatMap((left, i) => (choices[i] === undefined ? [] : [[left, choices[i]]])));
            return Object.keys(pairs).length ? { type: 'matching', pairs } : null;
          });
      }
      case 'ordering': {
        const ids = q.items.map((item) => item.id);
        return fc
          .tuple(fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }), fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }))
          .map(([order, holes]) => {
            // Some positions may be left blank ('' in the answer).
            const withHoles = order.map((id, i) => (holes[i] && holes.filter(Boolean).length < 3 ? '' : id));
            return withHoles.some(Boolean) ? { type: 'ordering', order: withHoles } : null;
          });
      }
    }
  };
  return fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.constant(logicalCorrect(q)), weight: 2 }, { arbitrary: some(), weight: 5 });
}

const questionAndAnswerArb = questionArb.chain((q) => logicalAnswerArb(q).map((logical) => ({ q, logical })));

/* ================================================================== test oracles (written independently of the engine) */

/** The fraction of credit the rules give to a logical answer. */
function expectedFraction(q: Question, logical: Logical): number {
  if (!logical || logical.type !== q.type) return 0;
  switch (logical.type) {
    case 'single':
      return q.type === 'single' && q.options.find((o) => o.correct)?.id === logical.optionId ? 1 : 0;
    case 'multiple': {
      if (q.type !== 'multiple') return 0;
      const correct = q.options.filter((o) => o.correct).map((o) => o.id);
      const right = logical.optionIds.filter((id) => correct.includes(id)).length;
      const wrong = logical.optionIds.length - right;
      return Math.max(0, (right - wrong) / correct.length);
    }
    case 'true-false':
      return q.type === 'true-false' && q.answer === logical.value ? 1 : 0;
    case 'short-text':
      return /^\s*[0-9]+\s*$/.test(logical.text) ? 0 : 1;
    case 'numeric':
      return q.type === 'numeric' && Math.abs(Math.round(logical.value * 100) - Math.round(q.answer * 100)) <= Math.round(q.tolerance * 100) ? 1 : 0;
    case 'matching':
      return q.type === 'matching' ? q.pairs.filter((p) => logical.pairs[p.id] === p.id).length / q.pairs.length : 0;
    case 'ordering':
      return q.type === 'ordering' ? q.items.filter((item, i) => logical.order[i] === item.id).length / q.items.length : 0;
  }
}

const hasAtMostTwoDecimals = (x: number) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;

/** Grade a logical answer the way the app does: public question → form values → parseAnswer → gradeQuestion. */
function gradeThroughForm(q: Question, logical: Logical, seed: string, shuffled: boolean) {
  const pub = toPublicQuestion(q, { seed, shuffle: shuffled });
  const form = answerToFormValues(q, toAnswer(q, logical, seed), seed);
  assertFormMatchesPublicQuestion(q, pub, form);
  const parsed = parseAnswer(q, form, seed);
  if (!parsed.ok) throw new Error(parsed.error);
  return gradeQuestion(q, parsed.answer, seed);
}

/** The form only uses ids the browser was given. */
function assertFormMatchesPublicQuestion(q: Question, pub: PublicQuestion, form: Record<string, string | string[]>) {
  for (const [key, value] of Object.entries(form)) {
    const values = Array.isArray(value) ? value : [value];
    if (pub.type === 'single' || pub.type === 'multiple') {
      expect(key).toBe(`q_${q.id}`);
      for (const v of values) expect(pub.options.map((o) => o.id)).toContain(v);
    } else if (pub.type === 'matching') {
      expect(pub.lefts.map((l) => `q_${q.id}.${l.id}`)).toContain(key);
      for (const v of values) expect(pub.rights.map((r) => r.id)).toContain(v);
    } else if (pub.type === 'ordering') {
      expect(pub.items.map((item) => `q_${q.id}.${item.id}`)).toContain(key);
    } else {
      expect(key).toBe(`q_${q.id}`);
    }
  }
}

const FORBIDDEN_KEYS = ['correct', 'answer', 'accepted', 'pattern', 'tolerance', 'explanation', 'source'];

function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

/** The public projection carries no correctness data. */
function expectNoCorrectnessData(q: Question, pub: PublicQuestion) {
  expect(publicQuestion.parse(pub)).toEqual(pub);
  const json = JSON.stringify(pub);
  for (const key of FORBIDDEN_KEYS) {
    expect(json).not.toContain(`"${key}"`);
    expect(keysOf(pub)).not.toContain(key);
  }
  expect(json).not.toContain(q.explanation);
  if (q.type === 'matching' && pub.type === 'matching') {
    const pairIds = q.pairs.map((p) => p.id);
    for (const right of pub.rights) expect(pairIds).not.toContain(right.id);
  }
  if (q.type === 'ordering' && pub.type === 'ordering') {
    expect(pub.items.map((item) => item.text)).not.toEqual(q.items.map((item) => item.text));
    // Public ids are positional (i1, i2… in the order shown), so they say nothing of the solution
    // whatever the authored ids are.
    expect(pub.items.map((item) => item.id)).toEqual(q.items.map((_, i) => `i${i + 1}`));
  }
}

/* ================================================================== property-based tests */

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
    const first = valid({ id: 'a', type: 'matching', prompt: 'Abbina', explanation: 'Spiegazione.', points: 1, pairs: [{ id: 'b_c', left: 'L1', right: 'R1' }, { id: 'x', left: 'L2', right: 'R2' }] });
    const second = valid({ id: 'a_b', type: 'matching', prompt: 'Abbina', explanation: 'Spiegazione.', points: 1, pairs: [{ id: 'c', left: 'L3', right: 'R3' }, { id: 'y', left: 'L4', right: 'R4' }] });
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
          const ids = q.options.map((o) => o.id);
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

const q = <T extends Question['type']>(raw: Record<string, unknown> & { type: T }) => questionSchema.parse({ id: 'q1', prompt: 'Domanda?', explanation: 'Spiegazione.', ...raw }) as Extract<Question, { type: T }>;
const SEED = 'attempt-42';

describe('seededRandom', () => {
  it('returns the same sequence for the same seed and a different one for another seed', () => {
    const take = (seed: string) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take('a')).toEqual(take('a'));
    expect(take('a')).not.toEqual(take('b'));
    for (const x of take('a')) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('partial credit', () => {
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

  it('grades single choice and true/false all or nothing', () => {
    const single = q({ type: 'single', points: 3, options: [{ id: 'a', text: 'Questura' }, { id: 'b', text: 'SUI', correct: true }] });
    expect(gradeQuestion(single, { type: 'single', optionId: 'b' }, SEED)).toEqual({ score: 3, max: 3, correct: true });
    expect(gradeQuestion(single, { type: 'single', optionId: 'a' }, SEED)).toEqual({ score: 0, max: 3, correct: false });
    const tf = q({ type: 'true-false', answer: false });
    expect(gradeQuestion(tf, { type: 'true-false', value: false }, SEED).correct).toBe(true);
    expect(gradeQuestion(tf, { type: 'true-false', value: true }, SEED).score).toBe(0);
  });

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

describe('short-text answers', () => {
  const sui = q({ type: 'short-text', accepted: ['Sportello unico per l’immigrazione', 'Sportello Unico', 'SUI'], pattern: '^sportello unico' });
  const why = q({ type: 'short-text', accepted: ['perché'] });
  const grade = (question: Question, text: string) => gradeQuestion(question, { type: 'short-text', text }, SEED).correct;

  it('ignores case, accents, extra spaces and trailing punctuation', () => {
    expect(grade(sui, 'sportello unico')).toBe(true);
    expect(grade(sui, '  SPORTELLO   unico. ')).toBe(true);
    expect(grade(sui, 'sui!')).toBe(true);
    expect(grade(why, 'perche')).toBe(true);
    expect(grade(why, 'PERCHÉ?')).toBe(true);
    expect(grade(why, 'perchè')).toBe(true);
    expect(normaliseText('  Città\tdi   Lucca… ')).toBe('citta di lucca');
  });

  it('treats typographic and plain apostrophes alike', () => {
    expect(grade(sui, "Sportello unico per l'immigrazione")).toBe(true);
  });

  it('accepts what the pattern matches on the normalised answer', () => {
    expect(grade(sui, 'Sportello unico della Prefettura di Lucca')).toBe(true);
    expect(grade(sui, 'lo sportello unico')).toBe(false); // the pattern is anchored
    expect(grade(sui, 'Questura')).toBe(false);
  });

  it('applies the pattern case- and accent-insensitively', () => {
    const city = q({ type: 'short-text', accepted: ['Lucca'], pattern: 'CITTÀ di' });
    expect(grade(city, 'la citta di Lucca')).toBe(true);
  });

  it('does not accept a blank answer even when the pattern would match it', () => {
    const loose = q({ type: 'short-text', accepted: ['x'], pattern: '.*' });
    expect(grade(loose, '   ')).toBe(false);
    expect(gradeQuestion(loose, null, SEED).score).toBe(0);
  });
});

describe('numeric answers', () => {
  const fee = q({ type: 'numeric', answer: 80.46, unit: 'euro' });
  const days = q({ type: 'numeric', answer: 60, tolerance: 2, unit: 'giorni' });
  const grade = (question: Question, value: number) => gradeQuestion(question, { type: 'numeric', value }, SEED).correct;

  it('requires the exact value when the tolerance is 0', () => {
    expect(grade(fee, 80.46)).toBe(true);
    expect(grade(fee, 80.47)).toBe(false);
    expect(grade(fee, 80.4)).toBe(false);
  });

  it('accepts values within the tolerance, bounds included', () => {
    expect(grade(days, 58)).toBe(true);
    expect(grade(days, 62)).toBe(true);
    expect(grade(days, 62.01)).toBe(false);
    expect(grade(days, 57.99)).toBe(false);
  });

  it('is not fooled by floating point at the bound', () => {
    const third = q({ type: 'numeric', answer: 0.3, tolerance: 0.1 });
    expect(0.4 - 0.3).toBeGreaterThan(0.1); // the binary trap
    expect(grade(third, 0.4)).toBe(true);
    expect(grade(third, 0.2)).toBe(true);
    expect(grade(third, 0.41)).toBe(false);
  });
});

describe('parseAnswer', () => {
  const single = q({ type: 'single', id: 'q3', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B', correct: true }] });
  const multiple = q({ type: 'multiple', id: 'q4', options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B' }, { id: 'c', text: 'C', correct: true }] });
  const numeric = q({ type: 'numeric', id: 'q5', answer: 2.5, unit: 'giorni' });
  const matching = q({ type: 'matching', id: 'q6', pairs: ['p1', 'p2', 'p3'].map((id) => ({ id, left: `L${id}`, right: `R${id}` })) });
  const ordering = q({ type: 'ordering', id: 'q7', items: ['s1', 's2', 's3'].map((id) => ({ id, text: `Passo ${id}` })) });

  it('reads each type from its form fields', () => {
    expect(parseAnswer(single, { q_q3: 'b' }, SEED)).toEqual({ ok: true, answer: { type: 'single', optionId: 'b' } });
    expect(parseAnswer(multiple, { q_q4: ['a', 'c', 'a'] }, SEED)).toEqual({ ok: true, answer: { type: 'multiple', optionIds: ['a', 'c'] } });
    expect(parseAnswer(multiple, { q_q4: 'c' }, SEED)).toEqual({ ok: true, answer: { type: 'multiple', optionIds: ['c'] } });
    expect(parseAnswer(q({ type: 'true-false', answer: true }), { q_q1: 'false' }, SEED)).toEqual({ ok: true, answer: { type: 'true-false', value: false } });
    expect(parseAnswer(q({ type: 'short-text', accepted: ['SUI'] }), { q_q1: '  SUI ' }, SEED)).toEqual({ ok: true, answer: { type: 'short-text', text: 'SUI' } });
  });

  it('accepts Italian number formats', () => {
    const value = (text: string) => {
      const parsed = parseAnswer(numeric, { q_q5: text }, SEED);
      return parsed.ok && parsed.answer?.type === 'numeric' ? parsed.answer.value : parsed;
    };
    expect(value('2,5')).toBe(2.5);
    expect(value('2.5')).toBe(2.5);
    expect(value(' -3 ')).toBe(-3);
    expect(value('1.234,5')).toBe(1234.5);
    expect(value('1.000.000')).toBe(1_000_000);
    expect(value('60 giorni')).toBe(60);
    expect(value('80,46 €')).toBe(80.46);
    expect(value(',5')).toBe(0.5);
  });

  it('treats blank or missing fields as unanswered', () => {
    expect(parseAnswer(single, {}, SEED)).toEqual({ ok: true, answer: null });
    expect(parseAnswer(single, { q_q3: '  ' }, SEED)).toEqual({ ok: true, answer: null });
    expect(parseAnswer(multiple, { q_q4: [] }, SEED)).toEqual({ ok: true, answer: null });
    expect(parseAnswer(numeric, { q_q5: '' }, SEED)).toEqual({ ok: true, answer: null });
    expect(parseAnswer(matching, { 'q_q6.p1': '' }, SEED)).toEqual({ ok: true, answer: null });
    expect(parseAnswer(ordering, {}, SEED)).toEqual({ ok: true, answer: null });
  });

  it('rejects unknown option ids with an Italian message', () => {
    expect(parseAnswer(single, { q_q3: 'z' }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q3: opzione sconosciuta.' });
    expect(parseAnswer(multiple, { q_q4: ['a', 'z'] }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q4: opzione sconosciuta.' });
    expect(parseAnswer(single, { q_q3: ['a', 'b'] }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q3: è ammessa una sola risposta.' });
  });

  it('rejects a true/false value other than "true" or "false"', () => {
    expect(parseAnswer(q({ type: 'true-false', answer: true }), { q_q1: 'forse' }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q1: scegli Vero o Falso.' });
  });

  it('rejects a number that is not a number', () => {
    expect(parseAnswer(numeric, { q_q5: 'tanti' }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q5: «tanti» non è un numero.' });
    for (const text of ['1,2,3', '2,5.1', '1e3', '12.34.5', '--1']) expect(parseAnswer(numeric, { q_q5: text }, SEED).ok).toBe(false);
  });

  it('maps opaque right ids back for matching and rejects unknown ones', () => {
    const r = (pairId: string) => rightId(SEED, pairId, 'q6');
    expect(parseAnswer(matching, { 'q_q6.p1': r('p1'), 'q_q6.p2': r('p3'), 'q_q6.p3': '' }, SEED)).toEqual({
      ok: true,
      answer: { type: 'matching', pairs: { p1: r('p1'), p2: r('p3') } },
    });
    // A pair id, or a right id from another attempt, is not something the form offered.
    expect(parseAnswer(matching, { 'q_q6.p1': 'p1' }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q6: abbinamento sconosciuto.' });
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
    expect(parseAnswer(ordering, { [first]: '2', [second]: '2' }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q7: la posizione 2 è assegnata a più elementi.' });
    expect(parseAnswer(ordering, { [first]: '4' }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q7: posizione 4 fuori intervallo (da 1 a 3).' });
    expect(parseAnswer(ordering, { [first]: '0' }, SEED).ok).toBe(false);
    expect(parseAnswer(ordering, { [first]: '1.5' }, SEED)).toEqual({ ok: false, error: 'Risposta non valida alla domanda q7: posizione «1.5» non valida.' });
  });
});

describe('public questions', () => {
  it('keeps the authored option order when shuffle is off and shuffles it per question when on', () => {
    const options = 'abcdefgh'.split('').map((id) => ({ id, text: id.toUpperCase(), ...(id === 'a' ? { correct: true } : {}) }));
    const one = q({ type: 'single', id: 'q1', options });
    const two = q({ type: 'single', id: 'q2', options });
    const ids = (question: Question, shuffled: boolean) => {
      const pub = toPublicQuestion(question, { seed: SEED, shuffle: shuffled });
      return pub.type === 'single' ? pub.options.map((o) => o.id) : [];
    };
    expect(ids(one, false)).toEqual(options.map((o) => o.id));
    expect(ids(one, true)).not.toEqual(ids(two, true)); // seeded per question (8! orders: a clash is practically impossible)
  });

  it('gives matching rights opaque ids that depend on the attempt and on the question', () => {
    expect(rightId(SEED, 'p1', 'q1')).toMatch(/^r[0-9a-f]{8}$/);
    expect(rightId(SEED, 'p1', 'q1')).toBe(rightId(SEED, 'p1', 'q1'));
    expect(rightId(SEED, 'p1', 'q1')).not.toBe(rightId('other', 'p1', 'q1'));
    expect(rightId(SEED, 'p1', 'q1')).not.toBe(rightId(SEED, 'p1', 'q2'));
    expect(rightId(SEED, 'p1', 'q1')).not.toBe(rightId(SEED, 'p2', 'q1'));
  });

  it('keeps the unit of a numeric question', () => {
    expect(toPublicQuestion(q({ type: 'numeric', answer: 60, unit: 'giorni' }), { seed: SEED, shuffle: true })).toEqual({
      id: 'q1',
      type: 'numeric',
      prompt: 'Domanda?',
      points: 1,
      unit: 'giorni',
    });
  });

  it('never shows a two-item ordering question in the correct order', () => {
    const two = q({ type: 'ordering', items: [{ id: 's1', text: 'Primo' }, { id: 's2', text: 'Secondo' }] });
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const pub = toPublicQuestion(two, { seed, shuffle: false });
      expect(pub.type === 'ordering' && pub.items.map((item) => item.text)).toEqual(['Secondo', 'Primo']);
    }
  });
});

/* ================================================================== the real course content */

const courseDir = fileURLToPath(new URL('../../content/courses/dream/', import.meta.url));
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
