/** Shared generators and helpers of the quiz engine tests (one file per question type). */
import fc from 'fast-check';
import { expect } from 'vitest';
import { answerToFormValues, correctAnswerFor, gradeQuestion, parseAnswer, rightId, toPublicQuestion, type Answer } from '~/quiz/engine';
import { publicQuestion, questionSchema, type PublicQuestion, type Question } from '~/content/quiz-formats';

/* ================================================================== arbitraries */

export const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/);
export const seedArb = fc.string({ minLength: 1, maxLength: 16 });
export const WORDS = ['sportello', 'unico', 'perché', 'Questura', 'città', 'Prefettura', 'comune', 'visto', 'attività', 'più', 'ASL', 'nulla', 'osta'];
export const phraseArb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
export const pointsArb = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constantFrom(0.5, 0.25, 1.5, 0.1, 0.3, 2.75, 3.333, 100));
export const baseArb = fc.record({ id: idArb, prompt: phraseArb, explanation: phraseArb.map((p) => `Spiegazione: ${p}`), points: pointsArb });
export const idsArb = (max = 6) => fc.uniqueArray(idArb, { minLength: 2, maxLength: max });

/** Every generated question goes through the real schema, so it is valid and has its defaults. */
export const valid = (raw: unknown): Question => questionSchema.parse(raw);

export const singleArb = fc
  .record({ base: baseArb, ids: idsArb(), pick: fc.nat() })
  .map(({ base, ids, pick }) => valid({ ...base, type: 'single', options: ids.map((id, i) => ({ id, text: `Opzione ${id}`, ...(i === pick % ids.length ? { correct: true } : {}) })) }));
export const multipleArb = fc.record({ base: baseArb, ids: idsArb(), flags: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), pick: fc.nat() }).map(({ base, ids, flags, pick }) =>
  valid({
    ...base,
    type: 'multiple',
    options: ids.map((id, i) => ({ id, text: `Opzione ${id}`, ...(flags[i] || i === pick % ids.length ? { correct: true } : {}) })),
  }),
);
export const trueFalseArb = fc.record({ base: baseArb, answer: fc.boolean() }).map(({ base, answer }) => valid({ ...base, type: 'true-false', answer }));
export const shortTextArb = fc
  .record({
    base: baseArb,
    accepted: fc.uniqueArray(phraseArb, { minLength: 1, maxLength: 3 }),
    pattern: fc.option(fc.constantFrom('^sportello', 'ufficiale (di|dello)', 'citt[aà]', 'nulla ?osta'), { nil: undefined }),
  })
  .map(({ base, accepted, pattern }) => valid({ ...base, type: 'short-text', accepted, ...(pattern ? { pattern } : {}) }));
// Numbers are generated in cents, so the test oracle can compare them exactly.
export const numericArb = fc
  .record({
    base: baseArb,
    cents: fc.integer({ min: -100_000, max: 100_000 }),
    toleranceCents: fc.constantFrom(0, 1, 10, 50, 100, 250),
    unit: fc.option(fc.constantFrom('giorni', 'euro', 'anni'), { nil: undefined }),
  })
  .map(({ base, cents, toleranceCents, unit }) => valid({ ...base, type: 'numeric', answer: cents / 100, tolerance: toleranceCents / 100, ...(unit ? { unit } : {}) }));
export const matchingArb = fc
  .record({ base: baseArb, ids: idsArb() })
  .map(({ base, ids }) => valid({ ...base, type: 'matching', pairs: ids.map((id) => ({ id, left: `Sinistra ${id}`, right: `Destra ${id}` })) }));
export const orderingArb = fc.record({ base: baseArb, ids: idsArb(7) }).map(({ base, ids }) => valid({ ...base, type: 'ordering', items: ids.map((id) => ({ id, text: `Passo ${id}` })) }));

export const questionArb: fc.Arbitrary<Question> = fc.oneof(singleArb, multipleArb, trueFalseArb, shortTextArb, numericArb, matchingArb, orderingArb);

/**
 * A "logical" answer does not depend on the seed: it is an Answer, except that for matching each
 * left maps to the *pair id* whose right was chosen (the opaque right id depends on the seed).
 */
export type Logical = Answer | null;

export function toAnswer(q: Question, logical: Logical, seed: string): Answer | null {
  if (logical?.type !== 'matching' || q.type !== 'matching') return logical;
  return { type: 'matching', pairs: Object.fromEntries(Object.entries(logical.pairs).map(([left, pairId]) => [left, rightId(seed, pairId, q.id)])) };
}

/** A variant of an accepted answer that the rules say must still be accepted. */
export function acceptedVariantArb(text: string): fc.Arbitrary<string> {
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

export function logicalCorrect(q: Question): Logical {
  if (q.type === 'matching') return { type: 'matching', pairs: Object.fromEntries(q.pairs.map((p) => [p.id, p.id])) };
  return correctAnswerFor(q, 'unused: only matching depends on the seed');
}

/** Arbitrary answers to `q`: unanswered, fully correct, or anything a form could send. */
export function logicalAnswerArb(q: Question): fc.Arbitrary<Logical> {
  const some = (): fc.Arbitrary<Logical> => {
    switch (q.type) {
      case 'single':
        return fc.constantFrom(...q.options.map((o) => o.id)).map((optionId) => ({ type: 'single', optionId }));
      case 'multiple':
        return fc
          .subarray(
            q.options.map((o) => o.id),
            { minLength: 1 },
          )
          .map((optionIds) => ({ type: 'multiple', optionIds }));
      case 'true-false':
        return fc.boolean().map((value) => ({ type: 'true-false', value }));
      case 'short-text':
        // Accepted answers are made of letters: a string of digits is always wrong.
        return fc.oneof(fc.constantFrom(...q.accepted).chain(acceptedVariantArb), fc.stringMatching(/^[0-9]{1,6}$/)).map((text) => ({ type: 'short-text', text }));
      case 'numeric': {
        const cents = Math.round(q.answer * 100);
        return fc.integer({ min: -300, max: 300 }).map((delta) => ({ type: 'numeric', value: (cents + delta) / 100 }));
      }
      case 'matching': {
        const pairIds = q.pairs.map((p) => p.id);
        return fc.array(fc.option(fc.constantFrom(...pairIds), { nil: undefined }), { minLength: pairIds.length, maxLength: pairIds.length }).map((choices) => {
          const pairs = Object.fromEntries(pairIds.flatMap((left, i) => (choices[i] === undefined ? [] : [[left, choices[i]]])));
          return Object.keys(pairs).length ? { type: 'matching', pairs } : null;
        });
      }
      case 'ordering': {
        const ids = q.items.map((item) => item.id);
        return fc.tuple(fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }), fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length })).map(([order, holes]) => {
          // Some positions may be left blank ('' in the answer).
          const withHoles = order.map((id, i) => (holes[i] && holes.filter(Boolean).length < 3 ? '' : id));
          return withHoles.some(Boolean) ? { type: 'ordering', order: withHoles } : null;
        });
      }
    }
  };
  return fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.constant(logicalCorrect(q)), weight: 2 }, { arbitrary: some(), weight: 5 });
}

export const questionAndAnswerArb = questionArb.chain((q) => logicalAnswerArb(q).map((logical) => ({ q, logical })));

/* ================================================================== test oracles (written independently of the engine) */

/** The fraction of credit the rules give to a logical answer. */
export function expectedFraction(q: Question, logical: Logical): number {
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

export const hasAtMostTwoDecimals = (x: number) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;

/** Grade a logical answer the way the app does: public question → form values → parseAnswer → gradeQuestion. */
export function gradeThroughForm(q: Question, logical: Logical, seed: string, shuffled: boolean) {
  const pub = toPublicQuestion(q, { seed, shuffle: shuffled });
  const form = answerToFormValues(q, toAnswer(q, logical, seed), seed);
  assertFormMatchesPublicQuestion(q, pub, form);
  const parsed = parseAnswer(q, form, seed);
  if (!parsed.ok) throw new Error(parsed.error);
  return gradeQuestion(q, parsed.answer, seed);
}

/** The form only uses ids the browser was given. */
export function assertFormMatchesPublicQuestion(q: Question, pub: PublicQuestion, form: Record<string, string | string[]>) {
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

export const FORBIDDEN_KEYS = ['correct', 'answer', 'accepted', 'pattern', 'tolerance', 'explanation', 'source'];

export function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

/** The public projection carries no correctness data. */
export function expectNoCorrectnessData(q: Question, pub: PublicQuestion) {
  expect(publicQuestion.parse(pub)).toEqual(pub);
  const json = JSON.stringify(pub);
  for (const key of FORBIDDEN_KEYS) {
    expect(json).not.toContain(`"${key}"`);
    expect(keysOf(pub)).not.toContain(key);
  }
  expect(json).not.toContain(q.explanation);
  if ((q.type === 'single' || q.type === 'multiple') && (pub.type === 'single' || pub.type === 'multiple')) {
    // Option ids are opaque per attempt: an author's id ("a", "b"…) would give the key away.
    for (const o of pub.options) expect(o.id).toMatch(/^o[0-9a-f]{8}$/);
  }
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

export const q = <T extends Question['type']>(raw: Record<string, unknown> & { type: T }) =>
  questionSchema.parse({ id: 'q1', prompt: 'Domanda?', explanation: 'Spiegazione.', ...raw }) as Extract<Question, { type: T }>;
export const SEED = 'attempt-42';
