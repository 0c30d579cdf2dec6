/**
 * The quiz engine: pure functions, no database and no I/O (safe to import in the browser too).
 *
 * An attempt is fully described by its questions and a secret `seed` kept on the server: the
 * drawn questions, the option order, the opaque ids of matching answers and of ordering items
 * are all derived from it, so the same view can be rebuilt when the answers come back.
 *
 * PARTIAL CREDIT RULES (each question is worth `points`, its `max`):
 *  - single, true-false, short-text, numeric: all or nothing.
 *  - short-text: both the answer and each accepted answer are normalised (trim, collapse spaces,
 *    lower-case, strip accents via NFD + removal of \p{M}, typographic apostrophes become ',
 *    leading and trailing punctuation removed). Correct if equal to any normalised accepted
 *    answer, or if `pattern` (flags "iu", accents stripped from it too) matches the normalised,
 *    non-empty answer.
 *  - numeric: correct if |value − answer| ≤ tolerance (with a few ulps of slack for floating point,
 *    so 0.4 is within 0.1 of 0.3).
 *  - multiple: points × max(0, (right options selected − wrong options selected) / number of
 *    correct options). Full marks only for exactly the correct set.
 *  - matching: points × (correct pairs / pairs).
 *  - ordering: points × (items in their correct position / items).
 *  - unanswered (or an answer of another type): 0.
 *  - `correct` is true iff score === max. Full marks are exactly `points`; partial scores are
 *    rounded half-up to 2 decimals but never up to full marks (then they are rounded down).
 *  - attempt: score and max are the sums (2 decimals); percent = score / max × 100 with 1 decimal,
 *    100 only with full marks (a near miss shows 99.9); an attempt with no points scores 0%.
 */
import type { PublicQuestion, Question } from '~/content/quiz-formats';
import { seededRandom, shuffle } from './random';
import type { Answer, AnswerOf, AttemptGrade, QuestionGrade, QuestionOf } from './types';
import { matchingView, optionId, orderingView, rightId, subSeed } from './views';

export { seededRandom, shuffle } from './random';
export type { Answer, AnswerOf, AttemptGrade, FormValues, ParseErrorCode, ParsedAnswer, QuestionGrade } from './types';
export { rightId, optionId } from './views';
export { answerToFormValues, formKeys, MAX_TEXT_ANSWER, parseAnswer, parseItalianNumber } from './form';

/* ------------------------------------------------------------------ drawing and public projection */

/**
 * Pick `draw` questions from the pool (all of them when `draw` is missing or not smaller than the
 * pool), deterministically for the seed. With `shuffle` they come in random order; without it the
 * drawn subset keeps the pool order.
 */
export function drawQuestions(pool: Question[], opts: { draw?: number; shuffle: boolean; seed: string }): Question[] {
  const count = opts.draw === undefined || !Number.isFinite(opts.draw) ? pool.length : Math.max(0, Math.min(pool.length, Math.floor(opts.draw)));
  const picked = shuffle(
    pool.map((_, i) => i),
    seededRandom(`${opts.seed}:draw`),
  ).slice(0, count);
  if (!opts.shuffle) picked.sort((a, b) => a - b);
  return picked.map((i) => pool[i] as Question);
}

/**
 * What the browser receives for a question: no correctness data (no `correct`, `answer`,
 * `accepted`, `pattern`, `tolerance`, `explanation`, `source`). Options (and matching lefts) are
 * shuffled per seed and question when `shuffle`; matching rights and ordering items always are.
 */
export function toPublicQuestion(q: Question, opts: { seed: string; shuffle: boolean }): PublicQuestion {
  const { seed } = opts;
  const head = { id: q.id, prompt: q.prompt, points: q.points };
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const options = q.options.map((o) => ({ id: optionId(seed, q.id, o.id), text: o.text }));
      return { ...head, type: q.type, options: opts.shuffle ? shuffle(options, seededRandom(subSeed(seed, q.id, 'options'))) : options };
    }
    case 'true-false':
    case 'short-text':
      return { ...head, type: q.type };
    case 'numeric':
      return q.unit === undefined ? { ...head, type: q.type } : { ...head, type: q.type, unit: q.unit };
    case 'matching':
      return { ...head, type: q.type, ...matchingView(q, seed, opts.shuffle) };
    case 'ordering':
      return { ...head, type: q.type, items: orderingView(q, seed).map((it) => ({ id: it.publicId, text: it.text })) };
    default:
      return unreachable(q);
  }
}

/* ------------------------------------------------------------------ grading */

/** Normalise a short-text answer (see the rules at the top of this file). */
export function normaliseText(text: string): string {
  return foldCharacters(text)
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
}

/** Strip accents (NFD, then drop combining marks) and make typographic apostrophes plain. */
const foldCharacters = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc\u00b4`]/gu, "'");

function shortTextIsCorrect(q: QuestionOf<'short-text'>, text: string): boolean {
  const given = normaliseText(text);
  if (q.accepted.some((accepted) => normaliseText(accepted) === given)) return true;
  if (!q.pattern || given === '') return false;
  try {
    return new RegExp(foldCharacters(q.pattern), 'iu').test(given);
  } catch {
    return false; // formats.ts rejects invalid patterns; never fail a grading because of one
  }
}

function numericIsCorrect(q: QuestionOf<'numeric'>, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const slack = 8 * Number.EPSILON * Math.max(1, Math.abs(q.answer), Math.abs(value));
  return Math.abs(value - q.answer) <= q.tolerance + slack;
}

/** Round to 2 decimals, half up, ignoring binary noise (1.005 → 1.01). */
const round2 = (x: number) => Math.round(Number((x * 100).toPrecision(12))) / 100;
const floor2 = (x: number) => Math.floor(Number((x * 100).toPrecision(12))) / 100;
const round1 = (x: number) => Math.round(Number((x * 10).toPrecision(12))) / 10;

/** A partial score: 2 decimals, strictly below `max`. */
function partial(raw: number, max: number): number {
  let score = round2(raw);
  if (score >= max) score = floor2(raw);
  if (score >= max) score = Math.max(0, round2(max - 0.01));
  return Math.max(0, score);
}

/** The score for `hits` out of `total`. */
function fromFraction(max: number, hits: number, total: number): QuestionGrade {
  if (total <= 0 || hits <= 0) return { score: 0, max, correct: false };
  if (hits >= total) return { score: max, max, correct: true };
  return { score: partial((max * hits) / total, max), max, correct: false };
}

/** [hits, total] for an answer of the question's own type (answers may come from storage: be defensive). */
function fraction(q: Question, answer: Answer, seed: string): [number, number] {
  const all = (ok: boolean): [number, number] => [ok ? 1 : 0, 1];
  switch (q.type) {
    case 'single':
      return all((answer as AnswerOf<'single'>).optionId === q.options.find((o) => o.correct)?.id);
    case 'multiple': {
      const chosen = (answer as AnswerOf<'multiple'>).optionIds;
      const correctIds = new Set(q.options.filter((o) => o.correct).map((o) => o.id));
      let right = 0;
      let wrong = 0;
      for (const id of new Set(Array.isArray(chosen) ? chosen : [])) {
        if (correctIds.has(id)) right++;
        else wrong++; // an unknown id counts as a wrong choice
      }
      return [Math.max(0, right - wrong), correctIds.size];
    }
    case 'true-false':
      return all((answer as AnswerOf<'true-false'>).value === q.answer);
    case 'short-text': {
      const { text } = answer as AnswerOf<'short-text'>;
      return all(typeof text === 'string' && text.trim() !== '' && shortTextIsCorrect(q, text));
    }
    case 'numeric': {
      const { value } = answer as AnswerOf<'numeric'>;
      return all(typeof value === 'number' && numericIsCorrect(q, value));
    }
    case 'matching': {
      const pairs = (answer as AnswerOf<'matching'>).pairs ?? {};
      const hits = q.pairs.filter((p) => Object.hasOwn(pairs, p.id) && pairs[p.id] === rightId(seed, p.id, q.id)).length;
      return [hits, q.pairs.length];
    }
    case 'ordering': {
      const order = (answer as AnswerOf<'ordering'>).order;
      const hits = Array.isArray(order) ? q.items.filter((item, i) => order[i] === item.id).length : 0;
      return [hits, q.items.length];
    }
    default:
      return unreachable(q);
  }
}

/** Grade one answer (null = unanswered) following the partial credit rules above. */
export function gradeQuestion(q: Question, answer: Answer | null, seed: string): QuestionGrade {
  if (!answer || answer.type !== q.type) return { score: 0, max: q.points, correct: false };
  const [hits, total] = fraction(q, answer, seed);
  return fromFraction(q.points, hits, total);
}

/** Grade an attempt: `answers` is keyed by question id; a missing key means unanswered. */
export function gradeAttempt(questions: Question[], answers: Record<string, Answer | null>, seed: string): AttemptGrade {
  const perQuestion: Record<string, QuestionGrade> = {};
  let score = 0;
  let max = 0;
  for (const q of questions) {
    const grade = gradeQuestion(q, Object.hasOwn(answers, q.id) ? (answers[q.id] ?? null) : null, seed);
    perQuestion[q.id] = grade;
    score += grade.score;
    max += grade.max;
  }
  const allCorrect = questions.every((q) => perQuestion[q.id]?.correct);
  max = round2(max);
  // Full marks: the same sums in the same order, so exactly max. Otherwise at most the largest
  // 2-decimal value below max (partial(max, max)), so that a near miss never looks like full marks.
  score = allCorrect ? max : Math.min(round2(score), partial(max, max));
  let percent = max > 0 ? round1((score / max) * 100) : 0;
  if (!allCorrect && percent >= 100) percent = 99.9;
  return { score, max, percent, perQuestion };
}

/* ------------------------------------------------------------------ correct answers */

/** The fully correct answer (for tests and the review page). */
export function correctAnswerFor(q: Question, seed: string): Answer {
  switch (q.type) {
    case 'single':
      return { type: 'single', optionId: q.options.find((o) => o.correct)?.id ?? '' };
    case 'multiple':
      return { type: 'multiple', optionIds: q.options.filter((o) => o.correct).map((o) => o.id) };
    case 'true-false':
      return { type: 'true-false', value: q.answer };
    case 'short-text':
      return { type: 'short-text', text: q.accepted[0] ?? '' };
    case 'numeric':
      return { type: 'numeric', value: q.answer };
    case 'matching':
      return { type: 'matching', pairs: Object.fromEntries(q.pairs.map((p) => [p.id, rightId(seed, p.id, q.id)])) };
    case 'ordering':
      return { type: 'ordering', order: q.items.map((item) => item.id) };
    default:
      return unreachable(q);
  }
}

const numberFormat = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 10 });

/** A short Italian description of the correct answer, for the review page. */
export function describeCorrectAnswer(q: Question): string {
  switch (q.type) {
    case 'single':
      return `Risposta corretta: ${q.options.find((o) => o.correct)?.text ?? ''}`;
    case 'multiple': {
      const texts = q.options.filter((o) => o.correct).map((o) => o.text);
      return `${texts.length === 1 ? 'Risposta corretta' : 'Risposte corrette'}: ${texts.join('; ')}`;
    }
    case 'true-false':
      return `Risposta corretta: ${q.answer ? 'Vero' : 'Falso'}`;
    case 'short-text': {
      const [first, ...others] = q.accepted;
      return `Risposta corretta: ${first ?? ''}${others.length ? ` (accettate anche: ${others.join('; ')})` : ''}`;
    }
    case 'numeric': {
      const unit = q.unit ? ` ${q.unit}` : '';
      const tolerance = q.tolerance > 0 ? ` (con una tolleranza di ± ${numberFormat.format(q.tolerance)})` : '';
      return `Risposta corretta: ${numberFormat.format(q.answer)}${unit}${tolerance}`;
    }
    case 'matching':
      return `Abbinamenti corretti: ${q.pairs.map((p) => `${p.left} → ${p.right}`).join('; ')}`;
    case 'ordering':
      return `Ordine corretto: ${q.items.map((item, i) => `${i + 1}. ${item.text}`).join(' ')}`;
    default:
      return unreachable(q);
  }
}

function unreachable(value: never): never {
  throw new Error(`Tipo di domanda sconosciuto: ${JSON.stringify(value)}`);
}
