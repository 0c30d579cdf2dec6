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
import type { PublicQuestion, Question, QuestionType } from '~/content/quiz-formats';
import { hashHex, seededRandom, shuffle } from './random';

export { seededRandom, shuffle } from './random';

/* ------------------------------------------------------------------ types */

/**
 * A learner's answer to one question.
 *  - matching: `pairs` maps a left id (the pair id) to the opaque right id the learner chose
 *    (see `rightId`); lefts left blank are absent.
 *  - ordering: `order[i]` is the (authored) id of the item put in position i + 1, or '' when no
 *    item was given that position.
 */
export type Answer =
  | { type: 'single'; optionId: string }
  | { type: 'multiple'; optionIds: string[] }
  | { type: 'true-false'; value: boolean }
  | { type: 'short-text'; text: string }
  | { type: 'numeric'; value: number }
  | { type: 'matching'; pairs: Record<string, string> }
  | { type: 'ordering'; order: string[] };

export type AnswerOf<T extends QuestionType> = Extract<Answer, { type: T }>;
type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;

/** HTML form values as received (repeated fields as arrays). */
export type FormValues = Record<string, string | string[]>;
export type ParsedAnswer = { ok: true; answer: Answer | null } | { ok: false; error: string };
export type QuestionGrade = { score: number; max: number; correct: boolean };
export type AttemptGrade = { score: number; max: number; percent: number; perQuestion: Record<string, QuestionGrade> };

/** Longest short-text answer accepted from a form. */
export const MAX_TEXT_ANSWER = 500;

/* ------------------------------------------------------------------ seeds and opaque ids */

/** Seed for one purpose of one question. Question ids cannot contain ':', so parts never run together. */
const subSeed = (seed: string, questionId: string, purpose: string) => `${seed}:${questionId}:${purpose}`;

/**
 * The opaque id shown to the browser for the right-hand side of a matching pair: "r" + 8 hex
 * characters. It depends on the question id too, because pair ids ("p1", "p2"…) repeat across
 * questions: with the same ids in two questions of one attempt, comparing their right lists
 * would reveal which right belongs to which left.
 */
export function rightId(seed: string, pairId: string, questionId: string): string {
  return `r${hashHex(subSeed(seed, questionId, `right:${pairId}`))}`;
}

/** Rotate by one: [a, b, c] → [b, c, a]. */
const rotate = <T>(list: T[]): T[] => (list.length < 2 ? list : [...list.slice(1), list[0] as T]);

/**
 * The matching question as displayed: lefts (shuffled only with `shuffleLefts`) and rights (always
 * shuffled, and never lined up pair by pair with the lefts).
 */
function matchingView(q: QuestionOf<'matching'>, seed: string, shuffleLefts: boolean) {
  const lefts = q.pairs.map((p) => ({ id: p.id, text: p.left }));
  const shownLefts = shuffleLefts ? shuffle(lefts, seededRandom(subSeed(seed, q.id, 'lefts'))) : lefts;
  let rights = shuffle(
    q.pairs.map((p) => ({ pairId: p.id, id: rightId(seed, p.id, q.id), text: p.right })),
    seededRandom(subSeed(seed, q.id, 'rights')),
  );
  if (rights.every((r, i) => r.pairId === shownLefts[i]?.id)) rights = rotate(rights);
  return { lefts: shownLefts, rights: rights.map(({ id, text }) => ({ id, text })) };
}

/**
 * The ordering question as displayed: items always shuffled and never in the correct order.
 * Authors number items in the correct order (s1, s2…), so the browser gets positional ids
 * instead ("i1" is the first item shown): they say nothing about the solution.
 */
function orderingView(q: QuestionOf<'ordering'>, seed: string) {
  let shown = shuffle(q.items, seededRandom(subSeed(seed, q.id, 'items')));
  if (shown.every((item, i) => item.id === q.items[i]?.id)) shown = rotate(shown);
  return shown.map((item, i) => ({ publicId: `i${i + 1}`, itemId: item.id, text: item.text }));
}

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
      const options = q.options.map((o) => ({ id: o.id, text: o.text }));
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

/* ------------------------------------------------------------------ form parsing */

const MANY = Symbol('many values');

/** Trimmed, non-empty values of a form field. */
function readAll(raw: FormValues, key: string): string[] {
  if (!Object.hasOwn(raw, key)) return [];
  const value = raw[key];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
}

/** The single value of a field: undefined when blank, MANY when it was sent more than once. */
function readOne(raw: FormValues, key: string): string | undefined | typeof MANY {
  const values = readAll(raw, key);
  return values.length > 1 ? MANY : values[0];
}

/** A user-typed value, shortened for an error message. */
const quote = (v: string) => `«${v.length > 20 ? `${v.slice(0, 20)}…` : v}»`;

/**
 * Parse a number as typed by an Italian user: "2,5", "2.5", "-3", "1.234,5", "1.000.000", "80,46 €".
 * A lone dot is a decimal point (that is what `<input type="number">` sends); dots are thousands
 * separators only next to a decimal comma or when there are several of them.
 */
export function parseItalianNumber(input: string, unit?: string): number | undefined {
  let s = input.trim().replace(/\u2212/g, '-');
  if (unit && s.toLowerCase().endsWith(unit.toLowerCase())) s = s.slice(0, -unit.length);
  s = s.replace(/[€%]$/u, '').replace(/[\s\u00a0\u202f]/gu, '').replace(/^\+/, '');
  if (s.includes(',')) {
    if (s.includes('.') && !/^-?\d{1,3}(\.\d{3})+,\d+$/.test(s)) return undefined;
    s = s.replace(/\./g, '').replace(',', '.');
  } else if ((s.match(/\./g) ?? []).length > 1) {
    if (!/^-?\d{1,3}(\.\d{3})+$/.test(s)) return undefined;
    s = s.replace(/\./g, '');
  }
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Convert the form values for question `q` into an Answer. Field names:
 *  - single, true-false ("true"/"false"), short-text, numeric: `q_<qid>`;
 *  - multiple: `q_<qid>` repeated;
 *  - matching: `q_<qid>.<leftId>` = the opaque right id;
 *  - ordering: `q_<qid>.<itemId>` = the position "1".."n", where itemId is the id in the public
 *    question ("i1", "i2"…, see toPublicQuestion).
 * Ids never contain a dot (final-exam ids have exactly one, `<module>.<qid>`), so sub-fields cannot
 * collide with another question's field: `q_a.b_c` and `q_a_b.c` are different questions.
 * Blank or missing → `answer: null` (unanswered). Anything that the form could not have produced
 * (unknown ids, positions out of range or repeated, a number that is not a number…) → an Italian error.
 */
export function parseAnswer(q: Question, raw: FormValues, seed: string): ParsedAnswer {
  const key = `q_${q.id}`;
  const invalid = (detail: string): ParsedAnswer => ({ ok: false, error: `Risposta non valida alla domanda ${q.id}: ${detail}.` });
  const ok = (answer: Answer | null): ParsedAnswer => ({ ok: true, answer });

  switch (q.type) {
    case 'single': {
      const v = readOne(raw, key);
      if (v === MANY) return invalid('è ammessa una sola risposta');
      if (v === undefined) return ok(null);
      if (!q.options.some((o) => o.id === v)) return invalid('opzione sconosciuta');
      return ok({ type: 'single', optionId: v });
    }
    case 'multiple': {
      const values = [...new Set(readAll(raw, key))];
      if (values.length === 0) return ok(null);
      if (values.some((v) => !q.options.some((o) => o.id === v))) return invalid('opzione sconosciuta');
      return ok({ type: 'multiple', optionIds: values });
    }
    case 'true-false': {
      const v = readOne(raw, key);
      if (v === MANY) return invalid('è ammessa una sola risposta');
      if (v === undefined) return ok(null);
      if (v !== 'true' && v !== 'false') return invalid('scegli Vero o Falso');
      return ok({ type: 'true-false', value: v === 'true' });
    }
    case 'short-text': {
      const v = readOne(raw, key);
      if (v === MANY) return invalid('è ammessa una sola risposta');
      if (v === undefined) return ok(null);
      if (v.length > MAX_TEXT_ANSWER) return invalid(`la risposta è troppo lunga (al massimo ${MAX_TEXT_ANSWER} caratteri)`);
      return ok({ type: 'short-text', text: v });
    }
    case 'numeric': {
      const v = readOne(raw, key);
      if (v === MANY) return invalid('è ammessa una sola risposta');
      if (v === undefined) return ok(null);
      const value = v.length > 50 ? undefined : parseItalianNumber(v, q.unit);
      if (value === undefined) return invalid(`${quote(v)} non è un numero`);
      return ok({ type: 'numeric', value });
    }
    case 'matching': {
      const valid = new Set(q.pairs.map((p) => rightId(seed, p.id, q.id)));
      const pairs: [string, string][] = [];
      for (const p of q.pairs) {
        const v = readOne(raw, `${key}.${p.id}`);
        if (v === MANY) return invalid('è ammessa una sola scelta per voce');
        if (v === undefined) continue;
        if (!valid.has(v)) return invalid('abbinamento sconosciuto');
        pairs.push([p.id, v]);
      }
      // fromEntries defines own properties, even for an id such as "__proto__".
      return ok(pairs.length ? { type: 'matching', pairs: Object.fromEntries(pairs) } : null);
    }
    case 'ordering': {
      const n = q.items.length;
      const order = new Array<string>(n).fill('');
      let answered = false;
      for (const item of orderingView(q, seed)) {
        const v = readOne(raw, `${key}.${item.publicId}`);
        if (v === MANY) return invalid('è ammessa una sola posizione per elemento');
        if (v === undefined) continue;
        if (!/^\d+$/.test(v)) return invalid(`posizione ${quote(v)} non valida`);
        const pos = Number(v);
        if (pos < 1 || pos > n) return invalid(`posizione ${pos} fuori intervallo (da 1 a ${n})`);
        if (order[pos - 1]) return invalid(`la posizione ${pos} è assegnata a più elementi`);
        order[pos - 1] = item.itemId;
        answered = true;
      }
      return ok(answered ? { type: 'ordering', order } : null);
    }
    default:
      return unreachable(q);
  }
}

/**
 * The inverse of parseAnswer: the form values that submit `answer` (to refill a form, and in tests).
 * Numbers are written with a dot, as `<input type="number">` does.
 */
export function answerToFormValues(q: Question, answer: Answer | null, seed: string): FormValues {
  if (!answer || answer.type !== q.type) return {};
  const key = `q_${q.id}`;
  switch (answer.type) {
    case 'single':
      return { [key]: answer.optionId };
    case 'multiple':
      return { [key]: [...answer.optionIds] };
    case 'true-false':
      return { [key]: String(answer.value) };
    case 'short-text':
      return { [key]: answer.text };
    case 'numeric':
      return { [key]: String(answer.value) };
    case 'matching':
      return Object.fromEntries(Object.entries(answer.pairs).map(([left, right]) => [`${key}.${left}`, right]));
    case 'ordering': {
      const publicIds = new Map(orderingView(q as QuestionOf<'ordering'>, seed).map((it) => [it.itemId, it.publicId]));
      const values: FormValues = {};
      answer.order.forEach((itemId, i) => {
        const publicId = publicIds.get(itemId);
        if (publicId) values[`${key}.${publicId}`] = String(i + 1);
      });
      return values;
    }
    default:
      return unreachable(answer);
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
